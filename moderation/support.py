"""Services of the escalation to customer support: sign and verify webhooks, open a case
from a thread, apply the status the support system sends back.

Both directions are signed (see signing.py); an inbound event id seen before is a replay and
is refused.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from community import services as community
from community.forms import strip_controls
from community.models import Question, ThreadNote
from community.permissions import can_moderate
from experts.permissions import verified_expert
from hub.tasks import enqueue

from . import tasks
from .models import AuditEntry, SupportCase, WebhookReceipt
from .queue import audit

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
    enqueue(tasks.send_case, case.pk)
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
