"""An answer to a followed thread: the queries do not grow with its followers, and every
follower still hears of it, on site and by email, in their language."""

import re

import pytest
from django.core import mail
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from community import services
from community.models import Follow, Notification
from community.notify import read_unsubscribe_token
from hub.models import Profile
from hub.site import absolute, email_context

pytestmark = pytest.mark.django_db
LINK = re.compile(r"https?://\S+/notifications/unsubscribe/\S+")


@pytest.fixture
def thread_followed_by(question_factory, verified_user_factory, established):
    """A question by ``established``, who follows it, and ``count - 1`` more followers; the
    second of them reads the hub in French."""

    def build(count: int):
        question = question_factory(author=established, title=f"Roaming for {count}")
        services.follow(established, question=question)
        for i in range(1, count):
            follower = verified_user_factory(username=f"follower{count}x{i}")
            if i == 1:
                Profile.objects.filter(user=follower).update(preferred_language="fr")
            services.follow(follower, question=question)
        return question

    return build


def answer_costs(question, author, committed) -> int:
    """The queries of posting one answer, with what runs after the commit."""
    with CaptureQueriesContext(connection) as captured, committed():
        services.post_answer(question, author=author, body="Roaming is included in the EU.")
    return len(captured)


def test_an_answer_to_a_thread_of_12_followers_costs_the_queries_of_one_of_2(
    thread_followed_by, established_other, committed, no_rate_limits
):
    answer_costs(thread_followed_by(2), established_other, committed)  # warms per-process caches
    small, large = thread_followed_by(2), thread_followed_by(12)
    mail.outbox.clear()
    assert answer_costs(large, established_other, committed) == answer_costs(
        small, established_other, committed
    )
    assert len(mail.outbox) == 12 + 2


def test_every_follower_hears_of_the_answer_in_their_own_language(
    thread_followed_by, committed, expert
):
    question = thread_followed_by(12)
    followers = set(Follow.objects.filter(question=question).values_list("user__email", flat=True))
    mail.outbox.clear()
    with committed():
        answer = services.post_answer(question, author=expert.user, body="Restart the box.")
    assert set(
        Notification.objects.filter(question=question, kind="answer", answer=answer)
        .exclude(emailed_at=None)
        .values_list("recipient__email", flat=True)
    ) == followers - {expert.user.email}
    # The expert hears of their own new level; each follower gets one email, of the answer.
    to_followers = [m for m in mail.outbox if m.to != [expert.user.email]]
    assert sorted(m.to[0] for m in to_followers) == sorted(followers - {expert.user.email})
    [french] = [m for m in mail.outbox if m.to == ["follower12x1@example.com"]]
    assert "Inès Haddad, Network engineer (Expert vérifié) a répondu" in french.subject
    assert "Se désabonner" in french.body
    english = next(m for m in mail.outbox if m.to == ["follower12x2@example.com"])
    assert "Inès Haddad, Network engineer (Verified expert) answered" in english.subject


def test_each_email_reads_as_if_it_had_been_written_for_its_follower_alone(
    thread_followed_by, established_other, committed
):
    question = thread_followed_by(4)
    with committed():
        services.post_answer(question, author=established_other, body="Restart the box.")
    assert len(mail.outbox) == 4 and len({m.to[0] for m in mail.outbox}) == 4
    for message in mail.outbox:
        notification = Notification.objects.select_related("recipient__profile").get(
            recipient__email=message.to[0], question=question
        )
        user = notification.recipient
        unfollow, unsubscribe = LINK.findall(message.body)
        assert message.extra_headers["List-Unsubscribe"] == f"<{unsubscribe}>"
        assert read_unsubscribe_token(unsubscribe.rstrip("/").rsplit("/", 1)[1]) == (
            user.pk,
            "all",
        )
        assert read_unsubscribe_token(unfollow.rstrip("/").rsplit("/", 1)[1]) == (
            user.pk,
            f"question:{question.pk}",
        )
        context = {
            "n": notification,
            "url": absolute(notification.get_absolute_url()),
            **email_context(),
            "site_url": absolute("/"),
            "unsubscribe_url": unsubscribe,
            "unfollow_url": unfollow,
            "settings_url": absolute(reverse("hub:profile-edit")),
        }
        with translation.override(user.profile.preferred_language):
            subject = render_to_string("community/email/notification_subject.txt", context)
            body = render_to_string("community/email/notification.txt", context)
            html = render_to_string("community/email/notification.html", context)
        assert message.subject == subject.strip()
        assert message.body == body
        assert message.alternatives[0][0] == html
