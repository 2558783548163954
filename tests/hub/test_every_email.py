"""Every kind of email the hub sends, sent for real: each has a text and an HTML part, names the
brand, comes from the brand's sender, and every link in it opens on the hub's public address."""

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Site

from community import services as community
from community.tasks import send_daily_digests
from demo.factories.community import QuestionFactory
from demo.factories.experts import ArticlePageFactory, add_comment, community_manager
from experts import services as experts
from experts.models import ExpertFollow
from experts.notify import notify_article_comment
from hub.models import BrandSettings, Profile
from moderation import notices, tasks
from moderation.listening import report, rollups
from moderation.listening import tasks as listening_tasks
from moderation.models import BuzzAlert, ListeningSettings, QueueItem, ResponseClock
from moderation.queue import raise_item
from moderation.support import escalate
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db
BASE_URL = "https://community.lumio.example"
SENDER = "Lumio <no-reply@lumio.example>"
TEXT_LINK = re.compile(r"https?://[^\s<>\"]+")
HTML_LINK = re.compile(r'(?:href|src)="([^"]*)"')


@dataclass
class Hub:
    """What a case needs: the fixtures it asks for and a way to run what is sent on commit."""

    request: pytest.FixtureRequest
    committed: object

    def __getattr__(self, name):
        return self.request.getfixturevalue(name)


def sign_up(client, email="newbie@example.com"):
    client.post(
        reverse("account_signup"),
        {"username": "newbie", "email": email, "password1": PASSWORD, "password2": PASSWORD},
    )


# --- account (allauth) ------------------------------------------------------------------------


def account_sign_up(hub):
    with hub.committed():
        sign_up(hub.client)


def account_already_exists(hub):
    taken = hub.member.email
    with hub.committed():
        sign_up(hub.client, email=taken)


def account_password_reset(hub):
    with hub.committed():
        hub.client.post(reverse("account_reset_password"), {"email": hub.member.email})


def account_unknown(hub):
    with hub.committed():
        hub.client.post(reverse("account_reset_password"), {"email": "nobody@example.com"})


def account_new_address(hub):
    hub.client.force_login(hub.member)
    with hub.committed():
        hub.client.post(
            reverse("account_email"), {"action_add": "", "email": "camille.work@example.com"}
        )


def account_notification(hub):
    hub.settings.ACCOUNT_EMAIL_NOTIFICATIONS = True
    hub.client.force_login(hub.member)
    new = PASSWORD + "-changed"
    with hub.committed():
        hub.client.post(
            reverse("account_change_password"),
            {"oldpassword": PASSWORD, "password1": new, "password2": new},
        )


# --- community ----------------------------------------------------------------------------------


def notification(hub):
    question = QuestionFactory(author=hub.established, title="Roaming in Spain")
    community.follow(hub.established, question=question)
    with hub.committed():
        community.post_answer(question, author=hub.established_other, body="It is included.")


def digest(hub):
    Profile.objects.filter(user=hub.established).update(email_frequency="digest")
    question = QuestionFactory(author=hub.established, title="Roaming in Spain")
    with hub.committed():
        community.post_answer(question, author=hub.established_other, body="It is included.")
    mail.outbox.clear()
    with hub.committed():
        send_daily_digests()


# --- experts ------------------------------------------------------------------------------------


def apply(user):
    return experts.apply(user, real_name="Camille Martin", job_title="Billing advisor")


def expert_application(hub):
    community_manager()
    with hub.committed():
        apply(hub.member)


def expert_verified(hub):
    profile = apply(hub.member)
    with hub.committed():
        experts.verify(profile, by=community_manager())


def expert_declined(hub):
    profile = apply(hub.member)
    with hub.committed():
        experts.decline(profile, by=community_manager(), reason="Not an employee.")


def expert_departed(hub):
    ExpertFollow.objects.create(user=hub.member, expert=hub.expert)
    with hub.committed():
        experts.depart(hub.expert, by=community_manager(), successor=hub.other_expert)


def article_comment(hub):
    article = ArticlePageFactory(expert=hub.expert, title="Reset your box")
    comment = add_comment(article, hub.member, "Thanks, it worked.")
    with hub.committed():
        notify_article_comment(comment.pk)


# --- moderation ---------------------------------------------------------------------------------


def asked(hub):
    with hub.committed():
        question = community.ask_question(
            author=hub.established, title="No 4G since the update", body="Help", topic=hub.topic
        )
    mail.outbox.clear()
    return question


def moderation_notice(hub):
    question = QuestionFactory(author=hub.member)
    with hub.committed():
        notices.send_notice(
            hub.member.pk, "warned", "Please stay polite.", None, question.get_absolute_url()
        )


def clock_reminder(hub):
    assert hub.expert.is_verified  # the question is routed to them
    clock = ResponseClock.objects.get(question=asked(hub))
    with hub.committed():
        tasks.remind_clock(clock.pk)


def clock_overdue(hub):
    community_manager()
    clock = ResponseClock.objects.get(question=asked(hub))
    with hub.committed():
        tasks.alert_overdue(clock.pk)


def queue_waiting(hub):
    community_manager()
    raise_item(QueueItem.Kind.SPAM, QuestionFactory(author=hub.member), reasons=["spam:repeated"])
    QueueItem.objects.update(created_at=timezone.now() - timedelta(days=3))
    with hub.committed():
        tasks.remind_waiting_items()


def buzz_alert(hub):
    community_manager()
    question = QuestionFactory(topic=hub.topic, title="No network since this morning")
    alert = BuzzAlert.objects.create(
        topic=hub.topic,
        crisis_topic=hub.topic,
        window_hours=24,
        posts=15,
        negative=15,
        expected=3.0,
        baseline_negative_share=0.1,
        evidence=[
            {
                "kind": "question",
                "id": question.pk,
                "question_id": question.pk,
                "topic_id": hub.topic.pk,
                "title": question.title,
                "excerpt": "No signal at all.",
                "url": question.get_absolute_url(),
                "score": -0.9,
            }
        ],
    )
    with hub.committed():
        listening_tasks.email_buzz_alert(alert.pk)


def voice_report(hub):
    config = ListeningSettings.load()
    config.report_recipients = "ceo@lumio.example"
    config.save()
    period = report.last_complete("week", rollups.local_day(timezone.now()))
    question = QuestionFactory(author=hub.member, tags=["esim"], title="eSIM lost")
    moment = datetime.combine(period.start, time(12), tzinfo=timezone.get_current_timezone())
    type(question).objects.filter(pk=question.pk).update(
        created_at=moment, tone="complaint", sentiment=-0.8
    )
    with hub.committed():
        listening_tasks.email_voice_report("week", period.start.isoformat())


def support_case(hub):
    hub.settings.AGORA_SUPPORT_EMAIL = "cases@support.lumio.example"
    hub.settings.AGORA_SUPPORT_WEBHOOK_URL = ""
    question = QuestionFactory(topic=hub.topic, title="Charged twice for March")
    with hub.committed():
        escalate(question, by=hub.moderator, summary="Double charge, invoice 42")


EMAILS = [
    account_sign_up,
    account_already_exists,
    account_password_reset,
    account_unknown,
    account_new_address,
    account_notification,
    notification,
    digest,
    expert_application,
    expert_verified,
    expert_declined,
    expert_departed,
    article_comment,
    moderation_notice,
    clock_reminder,
    clock_overdue,
    queue_waiting,
    buzz_alert,
    voice_report,
    support_case,
]


@pytest.fixture
def hub(request, settings, home_page, committed):
    settings.BASE_URL = BASE_URL
    settings.DEFAULT_FROM_EMAIL = "no-reply@lumio.example"
    brand = BrandSettings.for_site(Site.objects.get(is_default_site=True))
    brand.name = "Lumio"
    brand.save()
    return Hub(request=request, committed=committed)


def links_of(message) -> list[str]:
    [html] = [content for content, mimetype in message.alternatives if mimetype == "text/html"]
    found = TEXT_LINK.findall(message.body) + HTML_LINK.findall(html)
    for header in ("List-Unsubscribe",):
        if header in message.extra_headers:
            found += re.findall(r"<([^>]+)>", message.extra_headers[header])
    return found


@pytest.mark.parametrize("send", EMAILS, ids=[case.__name__ for case in EMAILS])
def test_every_email_has_both_parts_the_brand_its_sender_and_links_to_the_hub(hub, send):
    mail.outbox.clear()
    send(hub)
    assert mail.outbox, "nothing was sent"
    for message in mail.outbox:
        html = [content for content, mimetype in message.alternatives if mimetype == "text/html"]
        assert message.body.strip() and len(html) == 1, message.subject
        assert "Lumio" in message.body and "Lumio" in html[0], message.subject
        assert message.from_email == SENDER, message.subject
        links = links_of(message)
        assert f"{BASE_URL}/" in links
        wrong = [link for link in links if not link.startswith(f"{BASE_URL}/")]
        assert not wrong, (message.subject, wrong)
