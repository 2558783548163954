"""Celery tasks of the moderation app: they take primary keys and are safe to run twice.

This module stands above the features it drives (the response clock's beat and its emails,
the queue's reminders, bulk actions too large for a request) and no feature imports it. The
tasks a feature enqueues itself live beside that feature, ``notices.send_notice`` and
``support.send_case``, and keep the names they had when they lived here; they are imported
here because the worker's autodiscovery imports this module, not the features, and this
registers them.
"""

from __future__ import annotations

from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from community.models import TopicPage
from community.notify import send_member_email
from experts.models import RoutedQuestion
from hub.businesstime import business_hours_between
from hub.site import absolute
from hub.tasks import enqueue

from . import clock
from .actions import act_in_bulk
from .models import CannedReply, QueueItem, ResponseClock
from .notices import send_notice
from .support import send_case

__all__ = [
    "act_on_items",
    "advance_response_clocks",
    "alert_overdue",
    "alert_recipients",
    "remind_clock",
    "remind_waiting_items",
    "send_case",
    "send_notice",
]

User = get_user_model()


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
    by = User.objects.filter(pk=by_id, is_active=True).first()
    if by is None:
        return {"done": 0, "skipped": len(item_ids)}
    canned = CannedReply.objects.filter(pk=canned_id).first() if canned_id else None
    topic = TopicPage.objects.filter(pk=topic_id).first() if topic_id else None
    outcome = act_in_bulk(item_ids, action, by=by, reason=reason, canned=canned, topic=topic)
    return {"done": outcome.done, "skipped": outcome.skipped}
