"""Escalating a thread to customer support: a signed, retried, idempotent webhook and/or an
email; signed status updates come back and show in the thread; bad signatures and replays are
refused."""

import json
import time

import pytest
import requests
from django.core import mail

from demo.factories.community import QuestionFactory
from moderation import signing
from moderation.models import AuditEntry, SupportCase
from moderation.support import escalate, send_case

pytestmark = pytest.mark.django_db
SECRET = "s3cret-webhook-key"


class FakeResponse:
    def __init__(self, status_code=201, data=None):
        self.status_code = status_code
        self._data = data or {}

    def json(self):
        return self._data


@pytest.fixture
def support(settings):
    settings.AGORA_SUPPORT_WEBHOOK_URL = "https://support.example.com/hooks/community"
    settings.AGORA_SUPPORT_WEBHOOK_SECRET = SECRET
    settings.AGORA_SUPPORT_INBOUND_SECRET = SECRET
    settings.AGORA_SUPPORT_EMAIL = "cases@support.example.com"
    return settings


@pytest.fixture
def sent(monkeypatch):
    calls = []

    def post(url, data, headers, timeout):
        calls.append({"url": url, "data": data, "headers": headers})
        return FakeResponse(201, {"reference": "123"})

    monkeypatch.setattr("moderation.support.requests.post", post)
    return calls


def inbound(client, payload, *, secret=SECRET, at=None):
    body = json.dumps(payload).encode()
    return client.post(
        "/support/webhook/",
        body,
        content_type="application/json",
        headers={"X-Agora-Signature": signing.sign(body, secret, at=at)},
    )


def test_a_moderator_escalates_and_the_resolution_appears_in_the_thread(
    client, support, sent, topic, moderator, committed
):
    question = QuestionFactory(topic=topic, title="Charged twice for March")
    client.force_login(moderator)
    thread = client.get(question.get_absolute_url()).content.decode()
    assert f"/support/escalate/{question.pk}/" in thread
    with committed():
        response = client.post(
            f"/support/escalate/{question.pk}/", {"summary": "Double charge, invoice 42"}
        )
    assert response.status_code == 302
    case = SupportCase.objects.get()
    assert case.state == "open" and case.reference == "123"
    # The webhook was signed and carried the idempotency key.
    call = sent[0]
    signing.verify(call["data"], call["headers"]["X-Agora-Signature"], SECRET)
    assert call["headers"]["Idempotency-Key"] == str(case.key)
    assert json.loads(call["data"])["question"]["title"] == "Charged twice for March"
    assert any(m.to == ["cases@support.example.com"] for m in mail.outbox)
    assert AuditEntry.objects.filter(action="escalate", actor=moderator).exists()
    # Support resolves it: the thread says so.
    answer = inbound(client, {"event_id": "evt-1", "case": str(case.key), "status": "resolved"})
    assert answer.status_code == 200
    case.refresh_from_db()
    assert case.state == "resolved"
    page = client.get(question.get_absolute_url()).content.decode()
    assert "Handled by customer support, case 123: resolved." in page


def test_a_double_submission_opens_one_case(client, support, sent, topic, moderator, committed):
    question = QuestionFactory(topic=topic)
    client.force_login(moderator)
    with committed():
        client.post(f"/support/escalate/{question.pk}/", {"summary": "Help"})
        client.post(f"/support/escalate/{question.pk}/", {"summary": "Help"})
    assert SupportCase.objects.count() == 1 and len(sent) == 1


def test_members_cannot_escalate_and_forged_ids_are_404(client, support, topic, member):
    question = QuestionFactory(topic=topic)
    client.force_login(member)
    assert client.get(f"/support/escalate/{question.pk}/").status_code == 403
    assert client.get("/support/escalate/987654/").status_code == 404


def test_an_unreachable_support_system_is_retried_then_marked_failed(
    support, monkeypatch, topic, moderator
):
    def down(*args, **kwargs):
        raise requests.ConnectionError("connection refused")

    monkeypatch.setattr("moderation.support.requests.post", down)
    support.AGORA_SUPPORT_EMAIL = ""
    case, _created = escalate(QuestionFactory(topic=topic), by=moderator, summary="Help")
    send_case.apply(args=[case.pk])  # eager: retries run in place until they give up
    case.refresh_from_db()
    assert case.state == "failed" and case.attempts == 7
    assert "connection refused" in case.last_error


@pytest.mark.parametrize(
    "tamper",
    ["wrong-secret", "stale", "malformed", "missing"],
)
def test_bad_signatures_are_refused(client, support, topic, moderator, tamper):
    case = SupportCase.objects.create(
        question=QuestionFactory(topic=topic), created_by=moderator, summary="x", state="open"
    )
    payload = {"event_id": "evt-9", "case": str(case.key), "status": "resolved"}
    body = json.dumps(payload).encode()
    header = {
        "wrong-secret": signing.sign(body, "another"),
        "stale": signing.sign(body, SECRET, at=int(time.time()) - 3600),
        "malformed": "t=abc,v1=",
        "missing": "",
    }[tamper]
    response = client.post(
        "/support/webhook/",
        body,
        content_type="application/json",
        headers={"X-Agora-Signature": header},
    )
    assert response.status_code == 403
    case.refresh_from_db()
    assert case.state == "open"


def test_a_replayed_event_is_refused(client, support, topic, moderator):
    case = SupportCase.objects.create(
        question=QuestionFactory(topic=topic), created_by=moderator, summary="x", state="open"
    )
    payload = {"event_id": "evt-2", "case": str(case.key), "status": "pending", "reference": "77"}
    assert inbound(client, payload).status_code == 200
    assert inbound(client, payload).status_code == 409
    assert (
        inbound(client, {**payload, "event_id": "evt-3", "status": "nonsense"}).status_code == 400
    )
    assert (
        inbound(client, {"event_id": "evt-4", "case": "not-a-case", "status": "open"}).status_code
        == 400
    )
