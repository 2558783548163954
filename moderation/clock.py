"""Services of the response clock: start it when a question is published, stop it at the
first answer, and climb the escalation ladder (remind at 50 %, route to the fallback team at
75 %, alert the community managers at 100 %) from a beat task."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from community.models import Question
from experts import services as experts
from hub.businesstime import add_business_hours, business_hours_between

from .models import QueueItem, ResponseClock
from .queue import raise_item, resolve_items_for

Stage = ResponseClock.Stage


def start_clock(question: Question) -> ResponseClock | None:
    """Start the clock of a published question (once; a brand voice's question has none)."""
    if question.by_brand or not question.is_public:
        return None
    start = timezone.now()
    target = settings.AGORA_RESPONSE_TARGET_HOURS
    clock, _created = ResponseClock.objects.get_or_create(
        question=question,
        defaults={
            "started_at": start,
            "remind_at": add_business_hours(start, target * 0.5),
            "fallback_at": add_business_hours(start, target * 0.75),
            "due_at": add_business_hours(start, target),
        },
    )
    return clock


def stop_clock(question_id: int, *, answered_at=None) -> bool:
    """The first answer arrived (from someone other than the asker)."""
    stopped = ResponseClock.objects.filter(
        question_id=question_id, state=ResponseClock.State.RUNNING
    ).update(state=ResponseClock.State.ANSWERED, answered_at=answered_at or timezone.now())
    if stopped:
        resolve_items_for(
            Question(pk=question_id), by=None, resolution="answered", kinds=[QueueItem.Kind.OVERDUE]
        )
    return bool(stopped)


def _climb(clock: ResponseClock, stage: int) -> bool:
    """Move a clock to ``stage`` unless another worker already did: each rung runs once."""
    return bool(
        ResponseClock.objects.filter(pk=clock.pk, stage__lt=stage, state="running").update(
            stage=stage
        )
    )


def advance_clocks(now=None) -> dict[str, list[int]]:
    """One pass of the ladder over the running clocks whose next rung is due. Returns the
    clocks that climbed each rung (the caller sends the reminders and alerts)."""
    now = now or timezone.now()
    done: dict[str, list[int]] = {"reminded": [], "fallback": [], "alerted": [], "stopped": []}
    running = ResponseClock.objects.filter(state=ResponseClock.State.RUNNING).select_related(
        "question"
    )
    for clock in running.filter(remind_at__lte=now, stage__lt=Stage.ALERTED).order_by("due_at"):
        question = clock.question
        if not question.is_public or question.merged_into_id:
            ResponseClock.objects.filter(pk=clock.pk).update(state=ResponseClock.State.STOPPED)
            done["stopped"].append(clock.pk)
            continue
        if clock.stage < Stage.REMINDED and _climb(clock, Stage.REMINDED):
            done["reminded"].append(clock.pk)
        if (
            clock.fallback_at <= now
            and clock.stage < Stage.FALLBACK
            and _climb(clock, Stage.FALLBACK)
        ):
            with transaction.atomic():
                experts.route_to_fallback(question, due_at=clock.due_at)
            done["fallback"].append(clock.pk)
        if clock.due_at <= now and _climb(clock, Stage.ALERTED):
            with transaction.atomic():
                raise_item(QueueItem.Kind.OVERDUE, question, reasons=["overdue"])
            done["alerted"].append(clock.pk)
    return done


def hours_left(clock: ResponseClock, now=None) -> float:
    """Business hours until the target (negative once it has passed)."""
    return business_hours_between(now or timezone.now(), clock.due_at)
