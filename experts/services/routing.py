"""Routing of questions to experts and the expert's inbox: a newly published question goes to
the verified experts whose areas match it, least loaded first (else to the topic's default
team), the response clock adds the team when time runs out, and an expert declines or hands a
question on from the inbox. Verification hands on a leaving expert's questions through
``pass_on`` and ``add_route``."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from community.models import Answer, Question
from hub.businesstime import add_business_hours
from hub.tasks import enqueue

from .. import notify, signals
from ..models import ExpertProfile, RoutedQuestion
from ..models.reading import count_of
from ..permissions import check_work_route

State = ExpertProfile.State


def _open_load():
    return count_of(
        RoutedQuestion.objects.filter(expert=OuterRef("pk"), state=RoutedQuestion.State.OPEN),
        "expert",
    )


def available_experts(question: Question, *, exclude: Iterable[int] = ()):
    """Verified experts who can take a question now, least loaded first."""
    return (
        ExpertProfile.objects.filter(
            kind=ExpertProfile.Kind.EXPERT, state=State.VERIFIED, away=False, user__is_active=True
        )
        .exclude(pk__in=list(exclude))
        .exclude(user_id=question.author_id)
        .annotate(load=_open_load())
        .order_by("load", "pk")
    )


def _candidates(question: Question, exclude: Iterable[int]) -> tuple[list[ExpertProfile], str]:
    tag_ids = list(question.tags.values_list("pk", flat=True))
    wanted = settings.AGORA_ROUTE_TO_EXPERTS
    pool = available_experts(question, exclude=exclude)
    matched = pool.filter(
        pk__in=ExpertProfile.objects.filter(
            Q(topics=question.topic_id) | Q(tags__in=tag_ids)
        ).values("pk")
    )
    chosen = list(matched[:wanted])
    if chosen:
        return chosen, RoutedQuestion.Via.AREA
    team = pool.filter(teams__topic_id=question.topic_id)
    return list(team[:wanted]), RoutedQuestion.Via.TEAM


def add_route(
    question: Question, expert: ExpertProfile, *, via: str, due_at=None
) -> RoutedQuestion:
    """Put the question in one expert's inbox, due by ``due_at`` (else the response target in
    business hours from now), and tell the expert."""
    now = timezone.now()
    route = RoutedQuestion.objects.create(
        question=question,
        expert=expert,
        via=via,
        due_at=due_at or add_business_hours(now, settings.AGORA_RESPONSE_TARGET_HOURS),
    )
    signals.question_routed.send(RoutedQuestion, route=route)
    enqueue(notify.notify_routed, route.pk)
    return route


@transaction.atomic
def route_question(question: Question) -> list[RoutedQuestion]:
    """Put a newly published question in the inbox of the experts whose areas match its topic
    or tags, least loaded first, skipping those away; else in the topic's default team's.
    Safe to call twice: a question already routed is left alone."""
    if not question.is_public or RoutedQuestion.objects.filter(question=question).exists():
        return []
    if question.by_brand:
        return []  # the brand asking itself needs no routing
    experts, via = _candidates(question, exclude=())
    return [add_route(question, expert, via=via) for expert in experts]


@transaction.atomic
def route_to_fallback(question: Question, *, due_at) -> list[RoutedQuestion]:
    """The question's response clock is running out: add the topic's default team (those
    who do not have it yet), keeping the question's due time."""
    if not question.is_public:
        return []
    had = RoutedQuestion.objects.filter(question=question).values_list("expert_id", flat=True)
    team = available_experts(question, exclude=list(had)).filter(teams__topic_id=question.topic_id)
    return [
        add_route(question, expert, via=RoutedQuestion.Via.TEAM, due_at=due_at)
        for expert in team[: settings.AGORA_ROUTE_TO_EXPERTS]
    ]


def pass_on(route: RoutedQuestion, *, state: str, by, reason: str) -> RoutedQuestion | None:
    """Close a route and give the question to the next available expert who has not had it."""
    RoutedQuestion.objects.filter(pk=route.pk).update(
        state=state, closed_at=timezone.now(), closed_by=by, reason=reason
    )
    question = route.question
    if question.has_brand_answer or not question.is_public:
        return None
    had = RoutedQuestion.objects.filter(question=question).values_list("expert_id", flat=True)
    experts, via = _candidates(question, exclude=had)
    if not experts:
        return None
    return add_route(question, experts[0], via=via, due_at=route.due_at)


@transaction.atomic
def decline_route(route: RoutedQuestion, *, by, reason: str) -> RoutedQuestion | None:
    """The expert cannot take this question: it goes to the next expert who can."""
    route = (
        RoutedQuestion.objects.select_for_update()
        .select_related("expert", "question")
        .get(pk=route.pk)
    )
    check_work_route(by, route)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Say why, so the next expert knows."))
    return pass_on(route, state=RoutedQuestion.State.DECLINED, by=by, reason=reason)


@transaction.atomic
def reassign_route(
    route: RoutedQuestion, *, by, to: ExpertProfile, reason: str = ""
) -> RoutedQuestion:
    route = (
        RoutedQuestion.objects.select_for_update()
        .select_related("expert", "question")
        .get(pk=route.pk)
    )
    check_work_route(by, route)
    if not (to.is_verified and to.kind == ExpertProfile.Kind.EXPERT) or to.pk == route.expert_id:
        raise ValidationError(_("Choose another verified expert."))
    if RoutedQuestion.objects.filter(
        question_id=route.question_id, expert=to, state=RoutedQuestion.State.OPEN
    ).exists():
        raise ValidationError(_("This expert already has the question."))
    RoutedQuestion.objects.filter(pk=route.pk).update(
        state=RoutedQuestion.State.REASSIGNED,
        closed_at=timezone.now(),
        closed_by=by,
        reason=(reason or "").strip(),
    )
    return add_route(route.question, to, via=RoutedQuestion.Via.REASSIGNED, due_at=route.due_at)


def close_routes_for(answer: Answer) -> None:
    """An answer was published: the routed expert who wrote it has answered; when any brand
    voice answered, the question leaves the other experts' inboxes too."""
    if not answer.is_public:
        return
    now = timezone.now()
    open_routes = RoutedQuestion.objects.filter(
        question_id=answer.question_id, state=RoutedQuestion.State.OPEN
    )
    open_routes.filter(expert__user_id=answer.author_id).update(
        state=RoutedQuestion.State.ANSWERED, closed_at=now
    )
    if answer.by_brand:
        open_routes.update(state=RoutedQuestion.State.CLOSED, closed_at=now)
