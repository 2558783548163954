"""The hostile corpus through every moderation form: a member's flag, a moderator's reason
(shown to the author on the hub and by email), canned replies, the crisis statement shown on
every page, editorial picks, the escalation summary and the support system's webhook. Never a
500, never an unescaped echo, nothing lost that was valid."""

import json

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail

from community import services as community
from community.models import Flag
from demo.factories.community import AnswerFactory, QuestionFactory, mark_established
from demo.factories.experts import community_manager
from demo.factories.users import VerifiedUserFactory
from moderation import actions, signing
from moderation.models import CannedReply, CrisisMode, EditorialPick, QueueItem, SupportCase
from tests.helpers import admin_login
from tests.hostile.corpus import ALL, short_id
from tests.hostile.test_forms import assert_safe

pytestmark = pytest.mark.django_db
SECRET = "s3cret-webhook-key"


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


@pytest.mark.parametrize("value", ALL, ids=short_id)
def test_flag_form(client, answer, member, moderator, value):
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


@pytest.mark.parametrize("value", ALL, ids=short_id)
def test_reject_reason_reaches_the_author_escaped(
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
    emails = [m for m in mail.outbox if other_member.email in m.to]
    assert emails and all("\x00" not in m.body for m in emails)
    for message in emails:
        for html, _kind in getattr(message, "alternatives", []):
            assert "<script>window.__agoraXss" not in html


@pytest.mark.parametrize("value", ALL, ids=short_id)
def test_canned_reply_form_and_its_use(client, flagged, other_member, value, committed):
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


@pytest.mark.parametrize("value", ALL, ids=short_id)
def test_crisis_statement_form(client, home_page, topic, value):
    cm = community_manager()
    admin_login(client, cm)
    response = client.post(
        "/admin/moderation/crisis/",
        {"title": value, "statement": value, "slow_factor": 4, "premoderate": "on"},
    )
    assert_safe(response, value)
    crisis = CrisisMode.objects.filter(active=True).first()
    if crisis is None:
        assert response.status_code in (200, 400)
        return
    assert "\x00" not in crisis.title + crisis.statement
    client.logout()
    assert_safe(client.get("/"), value)
    assert_safe(client.get(topic.url), value)


@pytest.mark.parametrize("value", ALL, ids=short_id)
def test_editorial_pick_form(client, home_page, topic, value):
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


@pytest.fixture
def support(settings):
    settings.AGORA_SUPPORT_WEBHOOK_URL = ""
    settings.AGORA_SUPPORT_WEBHOOK_SECRET = SECRET
    settings.AGORA_SUPPORT_INBOUND_SECRET = SECRET
    settings.AGORA_SUPPORT_EMAIL = "cases@support.example.com"
    return settings


@pytest.mark.parametrize("value", ALL, ids=short_id)
def test_escalation_summary(client, support, topic, moderator, value, committed):
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


@pytest.mark.parametrize("value", ALL, ids=short_id)
@pytest.mark.parametrize("field", ["reference", "status", "event_id", "case"])
def test_support_webhook_payloads(client, support, topic, moderator, field, value, committed):
    question = QuestionFactory(topic=topic)
    client.force_login(moderator)
    with committed():
        client.post(f"/support/escalate/{question.pk}/", {"summary": "Double charge"})
    case = SupportCase.objects.get()
    payload = {"event_id": "evt-1", "case": str(case.key), "status": "resolved", "reference": "1"}
    payload[field] = value
    body = json.dumps(payload).encode()
    response = client.post(
        "/support/webhook/",
        body,
        content_type="application/json",
        headers={"X-Agora-Signature": signing.sign(body, SECRET)},
    )
    assert response.status_code in (200, 400, 413)
    case.refresh_from_db()
    assert "\x00" not in case.reference
    assert_safe(client.get(question.get_absolute_url()), value)
