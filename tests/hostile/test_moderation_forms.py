"""The hostile corpus through every moderation form: a member's flag, a moderator's reason
(shown to the author on the hub and by email), canned replies, the crisis statement shown on
every page, editorial picks, the escalation summary and the support system's webhook. Never a
500, never an unescaped echo, nothing lost that was valid.

Every hostile string goes to the form class each page uses and, when the form takes it, to the
service the page calls, and what is stored is checked (and rendered, where the hub renders it
with a template tag of its own); one string of each family goes through the pages themselves,
which prove the wiring and show what was stored escaped."""

import json

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template import Context, Template
from django.utils.html import escape

from community import services as community
from community.forms import FlagForm
from community.models import Flag, Notification, TopicPage
from demo.factories.community import (
    AnswerFactory,
    QuestionFactory,
    TopicPageFactory,
    mark_established,
)
from demo.factories.experts import community_manager
from demo.factories.pages import ensure_home_page
from demo.factories.users import VerifiedUserFactory
from hub.models import HomePage
from moderation import actions, crisis, signing, support
from moderation.forms import ActionForm, CrisisForm
from moderation.models import CannedReply, CrisisMode, EditorialPick, QueueItem, SupportCase
from moderation.views import EscalateForm
from moderation.viewsets.queue import actions_for
from tests.helpers import admin_form_class, admin_login
from tests.hostile.corpus import ALL, WIRING, assert_escaped, assert_safe, short_id

pytestmark = pytest.mark.django_db
SECRET = "s3cret-webhook-key"
WEBHOOK_FIELDS = ["reference", "status", "event_id", "case"]
CRISIS_STATEMENTS = Template("{% load moderation_tags %}{% crisis_statements %}")
THREAD_NOTES = Template(
    "{% load community_tags %}{% for note in notes %}{% thread_note note %}{% endfor %}"
)


@pytest.fixture(scope="module")
def pages(django_db_setup, django_db_blocker):
    """The home page and a topic, built once for the module (each Wagtail page takes a good
    part of a second, and every test here stands in a topic). Each test runs in a savepoint
    inside this transaction, as with Django's setUpTestData; the module rolls it back."""
    with django_db_blocker.unblock(), transaction.atomic():
        home = ensure_home_page(title="Lumio Community")
        topic = TopicPageFactory(title="Network and coverage", slug="network")
        yield {"home": home.pk, "topic": topic.pk}
        transaction.set_rollback(True)


@pytest.fixture
def home_page(pages):
    return HomePage.objects.get(pk=pages["home"])


@pytest.fixture
def topic(pages):
    return TopicPage.objects.get(pk=pages["topic"])


@pytest.fixture
def answer(topic, member, other_member):
    mark_established(member, other_member)
    question = QuestionFactory(author=member, topic=topic, title="Roaming in Spain")
    return AnswerFactory(question=question, author=other_member, body="Buy cheap pills here")


@pytest.fixture
def flagged(answer):
    flagger = VerifiedUserFactory(username="flagger")
    mark_established(flagger)
    community.flag_post(answer, by=flagger, reason="spam")
    return QueueItem.objects.get(
        content_type=ContentType.objects.get_for_model(answer), object_id=answer.pk
    )


def emails_to(user) -> list:
    return [m for m in mail.outbox if user.email in m.to]


def assert_clean_emails(emails) -> None:
    assert all("\x00" not in m.body for m in emails)
    for message in emails:
        for html, _kind in getattr(message, "alternatives", []):
            assert "<script>window.__agoraXss" not in html


# --- a member's flag --------------------------------------------------------------------------


@pytest.mark.parametrize("value", ALL, ids=short_id)
def test_a_flag_is_stored_without_control_characters_or_refused_with_its_text_escaped(
    answer, member, value
):
    form = FlagForm({"reason": "other", "text": value})
    if not form.is_valid():
        assert form.errors
        assert_escaped(form.as_div(), value)
        return
    data = form.cleaned_data
    community.flag_post(answer, by=member, reason=data["reason"], text=data["text"])
    flag = Flag.objects.get(flagger=member)
    assert "\x00" not in flag.text and len(flag.text) <= 500
    assert QueueItem.objects.filter(kind="flag", object_id=answer.pk).exists()


@pytest.mark.parametrize("value", WIRING, ids=short_id)
def test_the_flag_page_stores_or_refuses_the_text_and_the_queue_shows_it_escaped(
    client, answer, member, moderator, value
):
    client.force_login(member)
    url = f"/questions/{answer.question_id}/answers/{answer.pk}/flag/"
    response = client.post(url, {"reason": "other", "text": value})
    assert_safe(response, value)
    flag = Flag.objects.filter(flagger=member).first()
    if flag is None:
        assert response.status_code == 400
        return
    assert "\x00" not in flag.text and len(flag.text) <= 500
    item = QueueItem.objects.get(kind="flag", object_id=answer.pk)
    admin_login(client, moderator)
    assert_safe(client.get(f"/admin/moderation/queue/{item.pk}/"), value)
    assert_safe(client.get("/admin/moderation/queue/"), value)


# --- a moderator's reason ---------------------------------------------------------------------


@pytest.mark.parametrize("value", ALL, ids=short_id)
def test_a_reject_reason_reaches_the_author_without_control_characters_or_is_refused(
    flagged, moderator, other_member, value, committed
):
    form = ActionForm(
        {"action": "reject", "reason": value}, actions=actions_for(flagged, moderator)
    )
    if not form.is_valid():
        assert form.errors
        assert_escaped(form.as_div(), value)
        return
    data = form.cleaned_data
    with committed():
        actions.act(
            flagged,
            data["action"],
            by=moderator,
            reason=data["reason"],
            canned=data["canned"],
            topic=data.get("topic"),
            into=data.get("into"),
        )
    flagged.refresh_from_db()
    assert not flagged.is_open
    note = Notification.objects.get(recipient=other_member, kind="moderation").note
    assert "\x00" not in note
    emails = emails_to(other_member)
    assert emails
    assert_clean_emails(emails)


@pytest.mark.parametrize("value", WIRING, ids=short_id)
def test_the_queue_item_page_rejects_with_a_reason_the_author_reads_escaped(
    client, flagged, moderator, other_member, value, committed
):
    admin_login(client, moderator)
    with committed():
        response = client.post(
            f"/admin/moderation/queue/{flagged.pk}/", {"action": "reject", "reason": value}
        )
    assert_safe(response, value)
    flagged.refresh_from_db()
    if flagged.is_open:
        assert response.status_code == 400
        return
    client.force_login(other_member)
    assert_safe(client.get("/notifications/"), value)
    assert_safe(client.get("/admin/moderation/audit/"), value)
    emails = emails_to(other_member)
    assert emails
    assert_clean_emails(emails)


# --- canned replies ---------------------------------------------------------------------------


@pytest.mark.parametrize("value", ALL, ids=short_id)
def test_a_canned_reply_is_stored_without_control_characters_and_used_or_refused(
    flagged, other_member, value, committed
):
    cm = community_manager()
    form = admin_form_class("moderation_canned")(
        {"title": value[:120], "text_en": value, "text_fr": value, "position": 0}, for_user=cm
    )
    if not form.is_valid():
        assert form.errors
        assert_escaped(form.as_div(), value)
        return
    canned = form.save()
    assert "\x00" not in canned.text_en + canned.text_fr + canned.title
    with committed():
        actions.act(flagged, "reject", by=cm, canned=canned)
    assert "\x00" not in Notification.objects.get(recipient=other_member, kind="moderation").note
    assert_clean_emails(emails_to(other_member))


@pytest.mark.parametrize("value", WIRING, ids=short_id)
def test_the_canned_reply_pages_store_it_and_show_it_escaped_wherever_it_is_used(
    client, flagged, other_member, value, committed
):
    cm = community_manager()
    admin_login(client, cm)
    response = client.post(
        "/admin/moderation/canned-replies/new/",
        {"title": value[:120], "text_en": value, "text_fr": value, "position": 0},
    )
    assert_safe(response, value)
    canned = CannedReply.objects.first()
    if canned is None:
        assert response.status_code in (200, 400)  # the form comes back with its errors
        return
    assert "\x00" not in canned.text_en + canned.text_fr + canned.title
    assert_safe(client.get("/admin/moderation/canned-replies/"), value)
    assert_safe(client.get(f"/admin/moderation/queue/{flagged.pk}/"), value)
    with committed():
        actions.act(flagged, "reject", by=cm, canned=canned)
    client.force_login(other_member)
    assert_safe(client.get("/notifications/"), value)


# --- crisis mode ------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ALL, ids=short_id)
def test_a_crisis_statement_is_stored_without_control_characters_and_shown_escaped(topic, value):
    form = CrisisForm({"title": value, "statement": value, "slow_factor": 4, "premoderate": "on"})
    if form.is_valid():
        try:
            crisis.start_crisis(by=community_manager(), **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
    stored = CrisisMode.objects.filter(active=True).first()
    if stored is None:
        assert form.errors
        assert_escaped(form.as_div(), value)
        return
    assert "\x00" not in stored.title + stored.statement
    # What the home page (the whole hub's crises) and the topic's pages show while it lasts.
    for context in ({}, {"page": topic}):
        html = assert_escaped(CRISIS_STATEMENTS.render(Context(context)), value)
        assert escape(stored.title) in html


@pytest.mark.parametrize("value", WIRING, ids=short_id)
def test_the_crisis_page_switches_it_on_and_every_page_shows_the_statement_escaped(
    client, home_page, topic, value
):
    cm = community_manager()
    admin_login(client, cm)
    response = client.post(
        "/admin/moderation/crisis/",
        {"title": value, "statement": value, "slow_factor": 4, "premoderate": "on"},
    )
    assert_safe(response, value)
    stored = CrisisMode.objects.filter(active=True).first()
    if stored is None:
        assert response.status_code in (200, 400)
        return
    assert "\x00" not in stored.title + stored.statement
    client.logout()
    assert_safe(client.get("/"), value)
    assert_safe(client.get(topic.url), value)


# --- editorial picks --------------------------------------------------------------------------


@pytest.mark.parametrize("value", ALL, ids=short_id)
def test_an_editorial_pick_blurb_is_stored_without_control_characters_or_refused(topic, value):
    question = QuestionFactory(topic=topic, title="A question worth reading")
    form = admin_form_class("moderation_picks")(
        {"question": question.pk, "page": "", "blurb": value, "position": 0},
        for_user=community_manager(),
    )
    if not form.is_valid():
        assert form.errors
        assert_escaped(form.as_div(), value)
        return
    pick = form.save()
    assert "\x00" not in pick.blurb


@pytest.mark.parametrize("value", WIRING, ids=short_id)
def test_the_editorial_pick_page_stores_the_blurb_and_the_home_page_shows_it_escaped(
    client, home_page, topic, value
):
    question = QuestionFactory(topic=topic, title="A question worth reading")
    cm = community_manager()
    admin_login(client, cm)
    response = client.post(
        "/admin/moderation/picks/new/",
        {"question": question.pk, "page": "", "blurb": value, "position": 0},
    )
    assert_safe(response, value)
    pick = EditorialPick.objects.first()
    if pick is None:
        assert response.status_code in (200, 400)
        return
    assert "\x00" not in pick.blurb
    client.logout()
    assert_safe(client.get("/"), value)


# --- escalation to customer support -----------------------------------------------------------


@pytest.fixture
def support_settings(settings):
    settings.AGORA_SUPPORT_WEBHOOK_URL = ""
    settings.AGORA_SUPPORT_WEBHOOK_SECRET = SECRET
    settings.AGORA_SUPPORT_INBOUND_SECRET = SECRET
    settings.AGORA_SUPPORT_EMAIL = "cases@support.example.com"
    return settings


@pytest.mark.parametrize("value", ALL, ids=short_id)
def test_an_escalation_summary_reaches_support_without_control_characters_or_is_refused(
    support_settings, topic, moderator, value, committed
):
    question = QuestionFactory(topic=topic)
    form = EscalateForm({"summary": value})
    if form.is_valid():
        try:
            with committed():
                support.escalate(question, by=moderator, summary=form.cleaned_data["summary"])
        except ValidationError as error:
            form.add_error(None, error)
    case = SupportCase.objects.first()
    if case is None:
        assert form.errors
        assert_escaped(form.as_div(), value)
        return
    assert "\x00" not in case.summary
    assert any(m.to == ["cases@support.example.com"] for m in mail.outbox)


@pytest.mark.parametrize("value", WIRING, ids=short_id)
def test_the_escalation_page_opens_a_case_or_refuses_the_summary(
    client, support_settings, topic, moderator, value, committed
):
    question = QuestionFactory(topic=topic)
    client.force_login(moderator)
    with committed():
        response = client.post(f"/support/escalate/{question.pk}/", {"summary": value})
    assert_safe(response, value)
    case = SupportCase.objects.first()
    if case is None:
        assert response.status_code == 400
        return
    assert "\x00" not in case.summary
    assert any(m.to == ["cases@support.example.com"] for m in mail.outbox)
    assert_safe(client.get(question.get_absolute_url()), value)


@pytest.fixture
def open_case(support_settings, topic, moderator, committed):
    """A thread escalated to customer support, as its page does it."""
    question = QuestionFactory(topic=topic)
    with committed():
        case, _created = support.escalate(question, by=moderator, summary="Double charge")
    return case


def webhook_payload(case, field: str, value: str) -> dict:
    payload = {"event_id": "evt-1", "case": str(case.key), "status": "resolved", "reference": "1"}
    payload[field] = value
    return payload


@pytest.mark.parametrize("value", ALL, ids=short_id)
@pytest.mark.parametrize("field", WEBHOOK_FIELDS)
def test_a_support_update_stores_only_clean_text_and_the_thread_shows_it_escaped(
    open_case, field, value
):
    # The webhook's view checks the signature and the size, parses the JSON and hands the
    # object to this service; a ValidationError is its 400 (409 for a replayed event).
    try:
        support.receive_update(webhook_payload(open_case, field, value))
    except ValidationError as refused:
        assert "replayed" not in " ".join(refused.messages)
    open_case.refresh_from_db()
    assert "\x00" not in open_case.reference
    notes = list(open_case.question.notes.all())
    assert_escaped(THREAD_NOTES.render(Context({"notes": notes})), value)


@pytest.mark.parametrize("value", WIRING, ids=short_id)
@pytest.mark.parametrize("field", WEBHOOK_FIELDS)
def test_the_signed_support_webhook_takes_or_refuses_an_update_and_the_thread_shows_it_escaped(
    client, open_case, moderator, field, value
):
    body = json.dumps(webhook_payload(open_case, field, value)).encode()
    response = client.post(
        "/support/webhook/",
        body,
        content_type="application/json",
        headers={"X-Agora-Signature": signing.sign(body, SECRET)},
    )
    assert response.status_code in (200, 400, 413)
    open_case.refresh_from_db()
    assert "\x00" not in open_case.reference
    client.force_login(moderator)
    assert_safe(client.get(open_case.question.get_absolute_url()), value)
