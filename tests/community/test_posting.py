"""Asking, answering, commenting, editing and deleting, as members do it through the pages."""

import uuid

import pytest
from django.core import mail
from django.urls import reverse

from community import services
from community.limits import RateLimited
from community.models import Answer, Comment, Notification, PostRevision, PostState, Question
from demo.factories.users import VerifiedUserFactory

pytestmark = pytest.mark.django_db


def ask_data(topic, **overrides):
    data = {
        "title": "Why does my phone lose 4G at home?",
        "topic": topic.pk,
        "body": "Since Monday the signal drops **every evening**.",
        "tags": "4g, coverage",
        "submission_token": str(uuid.uuid4()),
    }
    data.update(overrides)
    return data


def test_an_established_member_asks_and_the_question_is_published(client, established, topic):
    client.force_login(established)
    response = client.post(reverse("community:ask"), ask_data(topic))
    question = Question.objects.get()
    assert response.status_code == 302
    assert response["Location"] == question.get_absolute_url()
    assert question.state == PostState.PUBLISHED and question.is_public
    assert "<strong>every evening</strong>" in question.body_html
    assert sorted(question.tags.values_list("name", flat=True)) == ["4g", "coverage"]
    page = client.get(question.get_absolute_url())
    assert "Why does my phone lose 4G at home?" in page.content.decode()


def test_a_new_members_first_question_waits_and_only_they_see_it(
    client, member, other_member, topic
):
    client.force_login(member)
    client.post(reverse("community:ask"), ask_data(topic))
    question = Question.objects.get()
    assert question.state == PostState.PENDING
    page = client.get(question.get_absolute_url())
    assert page.status_code == 200
    assert "waits for a moderator" in page.content.decode()
    client.force_login(other_member)
    assert client.get(question.get_absolute_url()).status_code == 404
    client.logout()
    assert client.get(question.get_absolute_url()).status_code == 404
    assert question.title not in client.get(reverse("community:question-list")).content.decode()


def test_approving_the_first_post_publishes_it_and_lifts_pre_moderation(
    client, member, moderator, topic, committed, no_rate_limits
):
    with committed():
        question = services.ask_question(
            author=member, title="My bill doubled this month", body="Why is that?", topic=topic
        )
    assert question.is_pending
    with committed():
        services.approve_post(question, by=moderator)
    question.refresh_from_db()
    assert question.is_public
    assert Notification.objects.filter(recipient=member, kind="approved").exists()
    later = services.post_answer(question, author=member, body="Found it: the roaming option.")
    assert later.is_public


def test_a_member_cannot_approve(member, other_member, topic):
    question = services.ask_question(
        author=member, title="My bill doubled this month", body="Why is that?", topic=topic
    )
    with pytest.raises(Exception, match="moderators"):
        services.approve_post(question, by=other_member)


def test_the_same_form_sent_twice_creates_one_question(client, established, topic):
    client.force_login(established)
    data = ask_data(topic)
    first = client.post(reverse("community:ask"), data)
    second = client.post(reverse("community:ask"), data)
    assert Question.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_the_same_answer_sent_twice_creates_one_answer(client, established_other, question_factory):
    question = question_factory()
    client.force_login(established_other)
    data = {"body": "Restart the router.", "submission_token": str(uuid.uuid4())}
    url = reverse("community:answer-create", args=[question.pk])
    client.post(url, data)
    client.post(url, data)
    assert Answer.objects.filter(question=question).count() == 1
    question.refresh_from_db()
    assert question.answer_count == 1


def test_posting_too_fast_says_when_to_retry_and_keeps_the_text(
    client, established, topic, settings
):
    client.force_login(established)
    client.post(reverse("community:ask"), ask_data(topic))
    response = client.post(
        reverse("community:ask"),
        ask_data(topic, title="A second question, typed with care", body="My careful text here."),
    )
    assert response.status_code == 429
    page = response.content.decode()
    assert "You can post again in" in page or "You can ask another question in" in page
    assert "My careful text here." in page
    assert "A second question, typed with care" in page
    assert int(response["Retry-After"]) > 0


def test_a_second_question_within_the_interval_is_refused(member, topic):
    services.ask_question(author=member, title="First question here", body="Body one", topic=topic)
    services.approve_post(Question.objects.get(), by=_moderator())
    # Established now, but the interval between questions still applies.
    with pytest.raises(RateLimited) as limited:
        services.ask_question(author=member, title="Second question", body="Body two", topic=topic)
    assert limited.value.retry_after > 0


def _moderator():
    from demo.factories.users import ensure_role_groups

    user = VerifiedUserFactory(username="mod2")
    user.groups.add(ensure_role_groups()["Moderators"])
    return user


def test_new_members_may_post_two_links_at_most(client, member, topic):
    client.force_login(member)
    body = "See [a](https://a.example) [b](https://b.example) [c](https://c.example)"
    response = client.post(reverse("community:ask"), ask_data(topic, body=body))
    assert response.status_code == 200
    assert "at most 2" in response.content.decode()
    assert body in response.content.decode()
    assert not Question.objects.exists()


def test_new_members_cannot_attach_images_yet(client, member, topic):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.helpers import image_bytes

    client.force_login(member)
    image = SimpleUploadedFile("x.png", image_bytes(), content_type="image/png")
    response = client.post(reverse("community:ask"), {**ask_data(topic), "image": image})
    assert "Images can be added once" in response.content.decode()
    assert not Question.objects.exists()


def test_an_established_member_attaches_a_cleaned_image(client, established, topic):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.helpers import image_bytes

    client.force_login(established)
    image = SimpleUploadedFile("x.jpg", image_bytes("JPEG"), content_type="image/jpeg")
    client.post(reverse("community:ask"), {**ask_data(topic), "image": image})
    question = Question.objects.get()
    stored = question.images.get()
    assert stored.width == 64 and stored.height == 48
    assert stored.image.url in client.get(question.get_absolute_url()).content.decode()


def test_a_text_file_disguised_as_an_image_is_refused(client, established, topic):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(established)
    fake = SimpleUploadedFile("x.png", b"not an image at all", content_type="image/png")
    response = client.post(reverse("community:ask"), {**ask_data(topic), "image": fake})
    assert response.status_code == 200
    assert not Question.objects.exists()
    assert "image" in response.content.decode().lower()


def test_a_ten_megabyte_body_gets_a_clear_error(client, established, question_factory):
    question = question_factory()
    client.force_login(established)
    response = client.post(
        reverse("community:answer-create", args=[question.pk]), {"body": "x" * (10 * 1024 * 1024)}
    )
    assert response.status_code == 413
    assert "too large" in response.content.decode()
    assert not Answer.objects.exists()


def test_a_body_over_the_limit_is_refused_with_the_limit(
    client, established, question_factory, settings
):
    question = question_factory()
    client.force_login(established)
    response = client.post(
        reverse("community:answer-create", args=[question.pk]),
        {"body": "y" * (settings.AGORA_MAX_BODY_CHARS + 1)},
    )
    assert response.status_code == 400
    assert "at most" in response.content.decode()
    assert not Answer.objects.exists()


def test_markdown_is_sanitised_and_links_are_marked_ugc(established, topic):
    question = services.ask_question(
        author=established,
        title="Is this link safe to open?",
        body="<script>alert(1)</script> [x](javascript:alert(1)) [ok](https://ok.example) <img src=x onerror=alert(1)>",
        topic=topic,
    )
    html = question.body_html
    assert "<script" not in html and "<img" not in html
    assert 'href="javascript' not in html
    assert 'rel="nofollow ugc noopener"' in html


def test_a_mention_notifies_the_member_once(established, other_member, topic, committed):
    with committed():
        question = services.ask_question(
            author=established,
            title="Who knows the Lumio Box well?",
            body="@jonas you fixed this before, @jonas and @nobody",
            topic=topic,
        )
    assert 'href="/members/jonas/"' in question.body_html
    assert "@nobody" in question.body_html and "/members/nobody/" not in question.body_html
    assert Notification.objects.filter(recipient=other_member, kind="mention").count() == 1


def test_answer_and_comment_reach_the_thread(
    client, established, established_other, question_factory, no_rate_limits
):
    question = question_factory(author=established)
    client.force_login(established_other)
    client.post(
        reverse("community:answer-create", args=[question.pk]),
        {"body": "Try **airplane mode** on and off."},
    )
    answer = Answer.objects.get()
    client.post(
        reverse("community:answer-comment-create", args=[question.pk, answer.pk]),
        {"body": "Worked for me too."},
    )
    comment = Comment.objects.get()
    assert comment.answer == answer and comment.is_public
    page = client.get(question.get_absolute_url()).content.decode()
    assert "<strong>airplane mode</strong>" in page and "Worked for me too." in page


def test_editing_keeps_the_earlier_version(client, established, question_factory):
    question = question_factory(author=established, body="First words")
    client.force_login(established)
    response = client.post(
        reverse("community:question-edit", args=[question.pk]),
        {
            "title": question.title,
            "topic": question.topic_id,
            "body": "Better words",
            "tags": "wifi",
        },
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.body == "Better words" and question.edited_at
    revision = PostRevision.objects.get(kind="question", object_id=question.pk)
    assert revision.body == "First words"
    history = client.get(reverse("community:question-history", args=[question.pk]))
    assert "First words" in history.content.decode()


def test_only_the_author_edits(client, established_other, question_factory):
    question = question_factory()
    client.force_login(established_other)
    assert client.get(reverse("community:question-edit", args=[question.pk])).status_code == 403


def test_deleting_an_answer_keeps_the_thread_readable(
    client, established, answer_factory, comment_factory
):
    answer = answer_factory(author=established, body="My secret fix")
    comment_factory(question=answer.question, answer=answer, body="Thanks, it worked")
    client.force_login(established)
    client.post(reverse("community:answer-delete", args=[answer.question_id, answer.pk]))
    answer.refresh_from_db()
    assert answer.deleted_at and not answer.is_public
    page = client.get(answer.question.get_absolute_url()).content.decode()
    assert "My secret fix" not in page
    assert "The author deleted this answer." in page
    assert "Thanks, it worked" in page
    answer.question.refresh_from_db()
    assert answer.question.answer_count == 0


@pytest.mark.parametrize("state", [PostState.PENDING, PostState.HIDDEN, PostState.REMOVED])
def test_forged_or_hidden_ids_answer_like_missing_ones(
    client, established_other, question_factory, state
):
    hidden = question_factory(state=state)
    client.force_login(established_other)
    missing = client.get(f"/questions/{hidden.pk + 1000}/x/")
    for url in (
        hidden.get_absolute_url(),
        reverse("community:answer-create", args=[hidden.pk]),
        reverse("community:question-vote", args=[hidden.pk]),
        reverse("community:question-edit", args=[hidden.pk]),
    ):
        response = (
            client.post(url, {"body": "x"}) if "answer" in url or "vote" in url else client.get(url)
        )
        assert response.status_code == missing.status_code == 404


def test_an_answer_id_from_another_thread_is_not_found(
    client, established, answer_factory, question_factory
):
    elsewhere = answer_factory()
    question = question_factory(author=established)
    client.force_login(established)
    url = reverse("community:answer-accept", args=[question.pk, elsewhere.pk])
    assert client.post(url).status_code == 404


def test_someone_elses_pending_answer_is_not_found(client, established, answer_factory):
    pending = answer_factory(state=PostState.PENDING)
    client.force_login(established)
    url = reverse("community:answer-edit", args=[pending.question_id, pending.pk])
    assert client.get(url).status_code == 404
    assert "Restart it" not in client.get(pending.question.get_absolute_url()).content.decode()


def test_unverified_members_are_told_to_confirm_their_email(client, db, topic):
    from demo.factories.users import UserFactory

    user = UserFactory(username="unverified")
    client.force_login(user)
    response = client.post(reverse("community:ask"), ask_data(topic))
    assert "Confirm your email address" in response.content.decode()
    assert not Question.objects.exists()
    assert not mail.outbox
