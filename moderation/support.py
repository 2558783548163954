"""Services of the escalation to customer support: sign and verify webhooks, open a case
from a thread, apply the status the support system sends back.

Both directions are signed (see signing.py); an inbound event id seen before is a replay and
is refused. The task that sends a case (``send_case``) lives here, beside ``escalate`` that
enqueues it, so that support stands below the app's tasks module instead of in a cycle with it.
"""

from __future__ import annotations

import json
import uuid

import requests
from celery import shared_task
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from community import services as community
from community.forms import strip_controls
from community.models import Question, ThreadNote
from community.permissions import can_moderate
from experts.permissions import verified_expert
from hub.site import absolute, email_context, sender
from hub.tasks import enqueue, send_email

from .models import AuditEntry, SupportCase, WebhookReceipt
from .queue import audit
from .signing import sign

LIVE = (SupportCase.State.SENDING, SupportCase.State.OPEN, SupportCase.State.PENDING)


def can_escalate(user, question: Question) -> bool:
    """Moderators of the topic and verified experts send a thread to customer support."""
    return bool(
        question.is_public and (can_moderate(user, question) or verified_expert(user) is not None)
    )


def escalation_configured() -> bool:
    return bool(settings.AGORA_SUPPORT_WEBHOOK_URL or settings.AGORA_SUPPORT_EMAIL)


@transaction.atomic
def escalate(question: Question, *, by, summary: str) -> tuple[SupportCase, bool]:
    """Open a support case for a thread. A thread has one live case: asking again (or a
    double click) returns it instead of opening a second."""
    if not can_escalate(by, question):
        raise PermissionDenied(_("Only moderators and experts can escalate a thread."))
    if not escalation_configured():
        raise ValidationError(_("No customer-support channel is configured."))
    summary = summary.strip()
    if not summary:
        raise ValidationError(_("Say what customer support needs to know."))
    live = SupportCase.objects.filter(question=question, state__in=LIVE).first()
    if live is not None:
        return live, False
    try:
        with transaction.atomic():
            case = SupportCase.objects.create(question=question, created_by=by, summary=summary)
    except IntegrityError:
        return SupportCase.objects.get(question=question, state__in=LIVE), False
    audit(
        AuditEntry.Action.ESCALATE, by=by, target=question, reason=summary, subject=question.author
    )
    enqueue(send_case, case.pk)
    return case, True


@transaction.atomic
def receive_update(payload: dict) -> SupportCase:
    """Apply an inbound status update: ``{"event_id", "case" (our key) or "reference",
    "status", "reference"}``. A replayed event id raises ValidationError."""
    event_id = clean_text(payload.get("event_id"), 100)
    if not event_id:
        raise ValidationError("event_id is required")
    status = payload.get("status")
    if status not in (s.value for s in SupportCase.State if s not in ("sending", "failed")):
        raise ValidationError("unknown status")
    try:
        with transaction.atomic():
            WebhookReceipt.objects.create(event_id=event_id)
    except IntegrityError:
        raise ValidationError("replayed event") from None
    cases = SupportCase.objects.select_for_update()
    case = None
    if payload.get("case"):
        case = cases.filter(key=str(payload["case"])).first() if _is_uuid(payload["case"]) else None
    if case is None and payload.get("reference"):
        case = cases.filter(reference=clean_text(payload["reference"], 80)).first()
    if case is None:
        raise ValidationError("unknown case")
    reference = clean_text(payload.get("reference"), 80) or case.reference
    changed = case.state != status or case.reference != reference
    case.state, case.reference = status, reference
    case.save(update_fields=["state", "reference", "updated_at"])
    if changed:
        community.add_thread_note(
            case.question, ThreadNote.Kind.SUPPORT, reference=reference, status=status
        )
    return case


def clean_text(value, limit: int) -> str:
    """A value from the support system as text we can store and show: no control characters
    (a NUL is refused by PostgreSQL), at most ``limit`` characters."""
    return strip_controls(str(value or "")).strip()[:limit]


def _is_uuid(value) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


class WebhookRefused(Exception):
    """The support system answered with an error worth retrying."""


def case_payload(case: SupportCase) -> dict:
    question = case.question
    return {
        "case": str(case.key),
        "question": {
            "id": question.pk,
            "title": question.title,
            "url": absolute(question.get_absolute_url()),
            "text": question.body_text[:5000],
            "asked_at": question.created_at.isoformat(),
        },
        "member": question.author.get_username() if question.author else None,
        "summary": case.summary,
        "escalated_by": case.created_by.get_username() if case.created_by else None,
    }


# Named as when it lived in moderation.tasks: a case already queued under that name, or waiting
# for a retry (up to 16 minutes), when this version is deployed still finds its task.
@shared_task(bind=True, max_retries=6, name="moderation.tasks.send_case")
def send_case(self, case_id: int) -> None:
    """Send a support case: by email (once) and by the signed webhook, retried with a growing
    wait (30 s, 1, 2, 4, 8, 16 min). The idempotency key makes a retry create no second case."""
    case = SupportCase.objects.select_related("question__author", "created_by").filter(pk=case_id)
    case = case.first()
    if case is None or case.state != SupportCase.State.SENDING:
        return
    payload = case_payload(case)
    if settings.AGORA_SUPPORT_EMAIL and case.emailed_at is None:
        context = {"p": payload, **email_context()}
        enqueue(
            send_email,
            subject=f"[{case.key}] {case.question.title}"[:200],
            body=render_to_string("moderation/email/support_case.txt", context),
            html=render_to_string("moderation/email/support_case.html", context),
            to=[settings.AGORA_SUPPORT_EMAIL],
            from_email=sender(),
        )
        SupportCase.objects.filter(pk=case.pk).update(emailed_at=timezone.now())
    if not settings.AGORA_SUPPORT_WEBHOOK_URL:
        SupportCase.objects.filter(pk=case.pk).update(
            state=SupportCase.State.OPEN, sent_at=timezone.now()
        )
        return
    body = json.dumps(payload, ensure_ascii=False).encode()
    SupportCase.objects.filter(pk=case.pk).update(attempts=F("attempts") + 1)
    try:
        response = requests.post(
            settings.AGORA_SUPPORT_WEBHOOK_URL,
            data=body,
            headers={
                "Content-Type": "application/json",
                "Idempotency-Key": str(case.key),
                "X-Agora-Signature": sign(body, settings.AGORA_SUPPORT_WEBHOOK_SECRET),
            },
            timeout=settings.AGORA_SUPPORT_TIMEOUT,
        )
        if response.status_code >= 500 or response.status_code == 429:
            raise WebhookRefused(f"HTTP {response.status_code}")
    except (requests.RequestException, WebhookRefused) as error:
        SupportCase.objects.filter(pk=case.pk).update(last_error=str(error)[:300])
        if self.request.retries >= self.max_retries:
            SupportCase.objects.filter(pk=case.pk).update(state=SupportCase.State.FAILED)
            return
        raise self.retry(exc=error, countdown=30 * 2**self.request.retries) from error
    if response.status_code >= 400:
        SupportCase.objects.filter(pk=case.pk).update(
            state=SupportCase.State.FAILED, last_error=f"HTTP {response.status_code}"
        )
        return
    try:
        reference = clean_text(response.json().get("reference"), 80)
    except ValueError:
        reference = ""
    SupportCase.objects.filter(pk=case.pk, state=SupportCase.State.SENDING).update(
        state=SupportCase.State.OPEN, reference=reference, sent_at=timezone.now(), last_error=""
    )
