"""The denormalised figures of questions and answers (answers, brand answers, helpful votes, last
activity), recomputed from their source rows in one statement each; ``manage.py
rebuild_community_counters`` runs them over every thread.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, Exists, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from community.models import Answer, HelpfulVote, Question


def refresh_question_counters(question_ids: Iterable[int], *, touch: bool = False) -> None:
    """Recompute a question's denormalised figures from their source rows, in one statement
    (which also marks the thread as active now when ``touch`` is set)."""
    public_answers = Answer.objects.filter(question=OuterRef("pk"), is_public=True)
    active = {"last_activity_at": timezone.now()} if touch else {}
    Question.objects.filter(pk__in=list(question_ids)).update(
        **active,
        answer_count=Coalesce(
            Subquery(
                public_answers.order_by().values("question").annotate(n=Count("pk")).values("n")
            ),
            0,
        ),
        has_brand_answer=Exists(public_answers.filter(by_brand=True)),
    )


def refresh_helpful_counts(*, question_ids: Iterable[int] = (), answer_ids: Iterable[int] = ()):
    for model, ids, field in (
        (Question, list(question_ids), "question"),
        (Answer, list(answer_ids), "answer"),
    ):
        if not ids:
            continue
        votes = (
            HelpfulVote.objects.filter(**{field: OuterRef("pk")})
            .order_by()
            .values(field)
            .annotate(n=Count("pk"))
            .values("n")
        )
        model.objects.filter(pk__in=ids).update(helpful_count=Coalesce(Subquery(votes), 0))


def touch_question(question: Question) -> None:
    Question.objects.filter(pk=question.pk).update(last_activity_at=timezone.now())
