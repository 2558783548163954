"""Celery tasks of the moderation app: they take primary keys and are safe to run twice."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timedelta

import requests
from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from community.models import TopicPage
from community.notify import send_member_email
from experts.models import RoutedQuestion
from hub.businesstime import business_hours_between
from hub.site import absolute, email_context, sender
from hub.tasks import enqueue, send_email

from . import clock, support
from .models import CannedReply, QueueItem, ResponseClock, SupportCase
from .signing import sign

User = get_user_model()


@shared_task
def send_notice(
    user_id: int, kind: str, reason: str, canned_id: int | None, url: str, until: str = ""
) -> None:
    """Tell a member, by email and in their language, what the moderators decided and why
    ("rejected", "warned", "suspended"). Sent whatever their notification settings: it is
    about their own account."""
    user = User.objects.select_related("profile").filter(pk=user_id).first()
    if user is None or not user.email or getattr(user.profile, "anonymised_at", None):
        return
    digest = hashlib.blake2s(
        f"{user_id}:{kind}:{canned_id}:{reason}:{url}:{until}".encode(), digest_size=12
    ).hexdigest()
    key = f"moderation:notice:{digest}"
    if cache.add(key, 1, 600) is False:
        return
    canned = CannedReply.objects.filter(pk=canned_id).first() if canned_id else None
    language = user.profile.preferred_language
    send_member_email(
        user,
        subject_template="moderation/email/notice_subject.txt",
        template="moderation/email/notice",
        context={
            "kind": kind,
            "canned_text": canned.text_for(language) if canned else "",
            "reason": reason,
            "url": absolute(url) if url else "",
            "until": datetime.fromisoformat(until) if until else None,
        },
    )


def _clock_mail(users, *, kind: str, clock, hours_left: float = 0) -> None:
    question = clock.question
    for user in users:
        if not user.email or not user.is_active:
            continue
        if cache.add(f"moderation:clock:{kind}:{clock.pk}:{user.pk}", 1, 7 * 24 * 3600) is False:
            continue
        send_member_email(
            user,
            subject_template="moderation/email/clock_subject.txt",
            template="moderation/email/clock",
            context={
                "kind": kind,
                "question": question,
                "hours_left": max(round(hours_left), 0),
                "due_at": clock.due_at,
                "url": absolute(question.get_absolute_url()),
                "queue_url": absolute(reverse("moderation_clock:index")),
            },
        )


def alert_recipients():
    """The people alerted when a question passes its target (the community managers)."""
    perm = Permission.objects.get(content_type__app_label="moderation", codename="receive_alerts")
    return (
        User.objects.filter(is_active=True)
        .filter(Q(groups__permissions=perm) | Q(user_permissions=perm) | Q(is_superuser=True))
        .select_related("profile")
        .distinct()
    )


@shared_task
def remind_clock(clock_id: int) -> None:
    """Half the response time is gone: remind the experts the question is routed to (or the
    community managers when it is routed to nobody)."""
    clock = ResponseClock.objects.select_related("question").filter(pk=clock_id).first()
    if clock is None or clock.state != ResponseClock.State.RUNNING:
        return
    experts = [
        route.expert.user
        for route in RoutedQuestion.objects.filter(
            question=clock.question, state="open"
        ).select_related("expert__user__profile")
    ]
    left = business_hours_between(timezone.now(), clock.due_at)
    _clock_mail(experts or alert_recipients(), kind="remind", clock=clock, hours_left=left)


@shared_task
def alert_overdue(clock_id: int) -> None:
    """The target has passed without an answer: alert the community managers."""
    clock = ResponseClock.objects.select_related("question").filter(pk=clock_id).first()
    if clock is None or clock.state != ResponseClock.State.RUNNING:
        return
    _clock_mail(alert_recipients(), kind="overdue", clock=clock)


@shared_task
def advance_response_clocks() -> dict:
    """Beat: climb the escalation ladder of every running clock whose next rung is due, then
    send the reminders and alerts it calls for."""
    done = clock.advance_clocks()
    for clock_id in done["reminded"]:
        enqueue(remind_clock, clock_id)
    for clock_id in done["alerted"]:
        enqueue(alert_overdue, clock_id)
    return {rung: len(ids) for rung, ids in done.items()}


@shared_task
def remind_waiting_items() -> int:
    """Beat: items that waited longer than ``AGORA_QUEUE_REMIND_HOURS`` remind their assignee
    (unassigned ones, the community managers), once per item."""
    since = timezone.now() - timedelta(hours=settings.AGORA_QUEUE_REMIND_HOURS)
    waiting = QueueItem.objects.filter(
        state="open", reminded_at__isnull=True, created_at__lte=since
    )
    by_person: dict[int | None, list[int]] = {}
    for pk, assignee in waiting.values_list("pk", "assignee_id")[:5000]:
        by_person.setdefault(assignee, []).append(pk)
    if not by_person:
        return 0
    recipients = {None: list(alert_recipients())}
    people = User.objects.filter(pk__in=[pk for pk in by_person if pk]).select_related("profile")
    recipients.update({user.pk: [user] for user in people})
    for person, item_ids in by_person.items():
        for user in recipients.get(person, []):
            send_member_email(
                user,
                subject_template="moderation/email/clock_subject.txt",
                template="moderation/email/clock",
                context={
                    "kind": "waiting",
                    "count": len(item_ids),
                    "question": None,
                    "url": absolute(reverse("moderation_queue:index") + "?assignee=me"),
                    "queue_url": absolute(reverse("moderation_queue:index")),
                },
            )
    return QueueItem.objects.filter(pk__in=[i for ids in by_person.values() for i in ids]).update(
        reminded_at=timezone.now()
    )


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


@shared_task(bind=True, max_retries=6)
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
        reference = support.clean_text(response.json().get("reference"), 80)
    except ValueError:
        reference = ""
    SupportCase.objects.filter(pk=case.pk, state=SupportCase.State.SENDING).update(
        state=SupportCase.State.OPEN, reference=reference, sent_at=timezone.now(), last_error=""
    )


@shared_task
def act_on_items(
    item_ids: list[int],
    action: str,
    by_id: int,
    reason: str = "",
    canned_id: int | None = None,
    topic_id: int | None = None,
) -> dict:
    """A bulk action too large for one page's request: each item in its own transaction, as
    from the page (items dealt with meanwhile are skipped, each one done is audited)."""
    from . import services

    by = User.objects.filter(pk=by_id, is_active=True).first()
    if by is None:
        return {"done": 0, "skipped": len(item_ids)}
    canned = CannedReply.objects.filter(pk=canned_id).first() if canned_id else None
    topic = TopicPage.objects.filter(pk=topic_id).first() if topic_id else None
    outcome = services.act_in_bulk(
        item_ids, action, by=by, reason=reason, canned=canned, topic=topic
    )
    return {"done": outcome.done, "skipped": outcome.skipped}
