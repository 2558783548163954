"""Follows, the inbox, immediate and digest emails, and one-click unsubscribe."""

import pytest
from django.core import mail
from django.urls import reverse

from community import services
from community.models import Follow, Notification
from community.notify import unsubscribe_token
from community.tasks import send_daily_digests
from hub.models import Profile
from tests.helpers import link_in

pytestmark = pytest.mark.django_db


def test_a_follower_of_a_topic_hears_of_a_new_question_on_site_and_by_email(
    client, established, established_other, topic, committed
):
    services.follow(established_other, topic=topic)
    with committed():
        question = services.ask_question(
            author=established, title="Is there an outage in Lyon?", body="No signal.", topic=topic
        )
    notification = Notification.objects.get(recipient=established_other)
    assert notification.kind == "new_question" and notification.question == question
    message = mail.outbox[-1]
    assert message.to == [established_other.email]
    assert "Is there an outage in Lyon?" in message.subject
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/notifications/unsubscribe/" in message.extra_headers["List-Unsubscribe"]
    client.force_login(established_other)
    page = client.get("/").content.decode()
    assert 'class="count">1' in page
    client.get(reverse("community:notification-open", args=[notification.pk]))
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_the_asker_hears_of_an_answer_and_a_follower_of_the_thread_too(
    established, established_other, question_factory, committed, django_user_model
):
    question = question_factory(author=established)
    services.follow(established, question=question)
    watcher = django_user_model.objects.create(username="watcher", email="w@example.com")
    services.follow(watcher, question=question)
    with committed():
        services.post_answer(question, author=established_other, body="Try this.")
    kinds = dict(Notification.objects.values_list("recipient__username", "kind"))
    assert kinds == {"camille": "answer", "watcher": "answer"}


def test_emails_are_written_in_the_recipients_language(
    established, established_other, question_factory, committed
):
    Profile.objects.filter(user=established).update(preferred_language="fr")
    question = question_factory(author=established, title="Ma box ne démarre plus")
    services.follow(established, question=question)
    with committed():
        services.post_answer(question, author=established_other, body="Débranchez-la.")
    message = mail.outbox[-1]
    assert "a répondu" in message.subject
    assert "Se désabonner" in message.body


def test_members_who_chose_the_digest_get_one_email_a_day(
    established, established_other, question_factory, committed, no_rate_limits
):
    Profile.objects.filter(user=established).update(email_frequency="digest")
    question = question_factory(author=established)
    with committed():
        services.post_answer(question, author=established_other, body="First idea.")
        services.post_answer(question, author=established_other, body="Second idea.")
    assert not mail.outbox
    with committed():
        assert send_daily_digests() == 1
    assert len(mail.outbox) == 1
    assert "2 updates" in mail.outbox[0].subject
    with committed():
        send_daily_digests()
    assert len(mail.outbox) == 1  # already sent


def test_switching_off_replies_means_no_notification(
    established, established_other, question_factory, committed
):
    Profile.objects.filter(user=established).update(notify_replies=False)
    question = question_factory(author=established)
    with committed():
        services.post_answer(question, author=established_other, body="An answer.")
    assert not Notification.objects.filter(recipient=established).exists()


def test_one_click_unsubscribe_stops_all_emails(client, established):
    token = unsubscribe_token(established.pk)
    url = reverse("community:unsubscribe", args=[token])
    assert "Stop all emails" in client.get(url).content.decode()
    response = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 204
    assert Profile.objects.get(user=established).email_frequency == "never"


def test_the_link_in_an_email_stops_following_one_question(
    client, established, established_other, question_factory, committed
):
    question = question_factory(author=established)
    services.follow(established, question=question)
    with committed():
        services.post_answer(question, author=established_other, body="An answer.")
    url = link_in(mail.outbox[-1].body, "/notifications/unsubscribe/")
    client.post(url.replace("http://127.0.0.1:8000", ""))
    assert not Follow.objects.filter(user=established, question=question).exists()
    assert Profile.objects.get(user=established).email_frequency == "immediate"


@pytest.mark.parametrize(
    "token", ["nope", "a" * 300, unsubscribe_token(1)[:-2] + "xx"], ids=["word", "long", "tampered"]
)
def test_forged_unsubscribe_links_are_refused(client, established, token):
    response = client.post(reverse("community:unsubscribe", args=[token]))
    assert response.status_code == 400
    assert Profile.objects.get(user=established).email_frequency == "immediate"


def test_following_a_tag_and_unfollowing_it(client, established, question_factory):
    question_factory(tags=["roaming"])
    client.force_login(established)
    client.post(reverse("community:follow", args=["tag", "roaming"]))
    assert Follow.objects.filter(user=established, tag__name="roaming").exists()
    client.post(reverse("community:follow", args=["tag", "roaming"]), {"action": "unfollow"})
    assert not Follow.objects.filter(user=established).exists()
    assert client.post(reverse("community:follow", args=["tag", "missing"])).status_code == 404
    assert client.post(reverse("community:follow", args=["planet", "x"])).status_code == 404


def test_a_deleted_account_loses_its_follows_and_inbox(client, established, question_factory):
    from hub.services import delete_account

    question = question_factory()
    services.follow(established, question=question)
    Notification.objects.create(recipient=established, kind="answer", question=question)
    delete_account(established, by=established)
    assert not Follow.objects.filter(user_id=established.pk).exists()
    assert not Notification.objects.filter(recipient_id=established.pk).exists()


def test_the_data_export_includes_the_members_posts_and_follows(established, question_factory):
    import io
    import json
    import zipfile

    from hub.services import build_member_export

    question = question_factory(author=established, title="My exported question")
    services.follow(established, question=question)
    archive = zipfile.ZipFile(io.BytesIO(build_member_export(established)))
    questions = json.loads(archive.read("community/questions.json"))
    assert [q["title"] for q in questions] == ["My exported question"]
    assert json.loads(archive.read("community/follows.json"))[0]["question_id"] == question.pk
