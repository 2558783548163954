"""The daily roll-ups of the listening dashboard: every figure of a day, for the hub, each topic,
each tag and each expert, computed from the posts and stored as ``DailyFigures`` rows.

A day is a day in the hub's time zone. ``roll_up()`` (Celery beat, hourly) recomputes the days
a thread change marked stale, plus today and yesterday; ``rebuild()`` recomputes every day from
the first post. Either way a day's rows are computed whole from the posts, so the incremental
figures and the rebuilt ones are the same rows. ``figures`` reads them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models import Min, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from community.models import Answer, Comment, Question, Tone
from experts.models import ExpertProfile, RoutedQuestion

from .health import forget
from .models import DailyFigures, StaleDay

Scope = DailyFigures.Scope
COUNTS = (
    "questions",
    "answers",
    "comments",
    "answered",
    "brand_answered",
    "solved",
    "scored",
    "praise",
    "complaints",
    "wishes",
)
TONE_FIELD = {Tone.PRAISE: "praise", Tone.COMPLAINT: "complaints", Tone.WISH: "wishes"}


# --- days ---------------------------------------------------------------------------------------


def local_day(moment: datetime) -> date:
    return timezone.localtime(moment).date()


def day_bounds(day: date) -> tuple[datetime, datetime]:
    zone = timezone.get_current_timezone()
    return (
        datetime.combine(day, time.min, tzinfo=zone),
        datetime.combine(day + timedelta(days=1), time.min, tzinfo=zone),
    )


def mark_stale(*moments: datetime | None) -> None:
    """The figures of these moments' days changed (a thread receiver calls this)."""
    days = {local_day(m) for m in moments if m is not None}
    StaleDay.objects.bulk_create([StaleDay(day=d) for d in days], ignore_conflicts=True)


def mark_thread_stale(question: Question) -> None:
    moments = [question.created_at]
    for model in (Answer, Comment):
        moments += model.objects.filter(question=question).values_list("created_at", flat=True)
    mark_stale(*moments)


# --- computing a day ----------------------------------------------------------------------------


def tags_of(question_ids: Iterable[int]) -> dict[int, list[int]]:
    tags: dict[int, list[int]] = defaultdict(list)
    ids = list(set(question_ids))
    through = Question.tags.through
    for start in range(0, len(ids), 5000):
        for question_id, tag_id in through.objects.filter(
            question_id__in=ids[start : start + 5000]
        ).values_list("question_id", "tag_id"):
            tags[question_id].append(tag_id)
    return tags


def _expert_of_user() -> dict[int, int]:
    return dict(
        ExpertProfile.objects.filter(state=ExpertProfile.State.VERIFIED).values_list(
            "user_id", "pk"
        )
    )


def compute_day(day: date, experts: dict[int, int] | None = None) -> list[DailyFigures]:
    """Every figure of one day, for the hub, each topic, each tag and each expert."""
    start, end = day_bounds(day)
    experts = _expert_of_user() if experts is None else experts
    rows: dict[tuple[str, int], DailyFigures] = {}

    def at(scope: str, key: int = 0) -> DailyFigures:
        found = rows.get((scope, key))
        if found is None:
            found = rows[(scope, key)] = DailyFigures(
                day=day, scope=scope, key=key, first_answer=[], solution=[]
            )
        return found

    def scopes(topic_id, tag_ids) -> list[DailyFigures]:
        found = [at(Scope.HUB)]
        if topic_id:
            found.append(at(Scope.TOPIC, topic_id))
        found.extend(at(Scope.TAG, t) for t in tag_ids)
        return found

    def count_post(targets, field: str, by_brand: bool, tone: str, score) -> None:
        for row in targets:
            setattr(row, field, getattr(row, field) + 1)
            if not by_brand and tone and score is not None:
                row.scored += 1
                row.sentiment_sum += score
                if tone in TONE_FIELD:
                    setattr(row, TONE_FIELD[tone], getattr(row, TONE_FIELD[tone]) + 1)

    # The first public answer from someone other than the asker.
    first = (
        Answer.objects.filter(question=OuterRef("pk"), is_public=True)
        .exclude(author_id=Coalesce(OuterRef("author_id"), Value(0)))
        .order_by("created_at", "pk")
        .values("created_at")[:1]
    )
    questions = list(
        Question.objects.filter(is_public=True, created_at__gte=start, created_at__lt=end)
        .annotate(first_at=Subquery(first))
        .values_list(
            "pk",
            "topic_id",
            "created_at",
            "first_at",
            "accepted_at",
            "official_at",
            "answer_count",
            "has_brand_answer",
            "by_brand",
            "tone",
            "sentiment",
        )
    )
    answers = list(
        Answer.objects.filter(
            is_public=True, question__is_public=True, created_at__gte=start, created_at__lt=end
        ).values_list(
            "question_id", "question__topic_id", "author_id", "by_brand", "tone", "sentiment"
        )
    )
    comments = list(
        Comment.objects.filter(
            is_public=True, question__is_public=True, created_at__gte=start, created_at__lt=end
        ).values_list("question_id", "question__topic_id", "by_brand", "tone", "sentiment")
    )
    tags = tags_of([q[0] for q in questions] + [a[0] for a in answers] + [c[0] for c in comments])

    for (
        pk,
        topic_id,
        created_at,
        first_at,
        accepted_at,
        official_at,
        answer_count,
        brand,
        by_brand,
        tone,
        score,
    ) in questions:
        targets = scopes(topic_id, tags.get(pk, ()))
        count_post(targets, "questions", by_brand, tone, score)
        solved_at = min((t for t in (accepted_at, official_at) if t is not None), default=None)
        for row in targets:
            row.answered += answer_count > 0
            row.brand_answered += bool(brand)
            if first_at is not None:
                row.first_answer.append(max(0, int((first_at - created_at).total_seconds())))
            if solved_at is not None:
                row.solved += 1
                row.solution.append(max(0, int((solved_at - created_at).total_seconds())))
    for question_id, topic_id, author_id, by_brand, tone, score in answers:
        count_post(scopes(topic_id, tags.get(question_id, ())), "answers", by_brand, tone, score)
        if author_id in experts:
            at(Scope.EXPERT, experts[author_id]).answers += 1
    for question_id, topic_id, by_brand, tone, score in comments:
        count_post(scopes(topic_id, tags.get(question_id, ())), "comments", by_brand, tone, score)

    for expert_id, state, routed_at, closed_at in RoutedQuestion.objects.filter(
        routed_at__gte=start, routed_at__lt=end
    ).values_list("expert_id", "state", "routed_at", "closed_at"):
        row = at(Scope.EXPERT, expert_id)
        row.questions += 1
        if state == RoutedQuestion.State.ANSWERED and closed_at is not None:
            row.answered += 1
            row.first_answer.append(max(0, int((closed_at - routed_at).total_seconds())))

    now = timezone.now()
    for row in rows.values():
        row.first_answer.sort()
        row.solution.sort()
        row.sentiment_sum = round(row.sentiment_sum, 4)
        row.computed_at = now
    return list(rows.values())


def save_day(day: date, experts: dict[int, int] | None = None) -> int:
    rows = compute_day(day, experts)
    with transaction.atomic():
        DailyFigures.objects.filter(day=day).delete()
        DailyFigures.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def roll_up(now: datetime | None = None) -> list[date]:
    """Recompute the stale days, today and yesterday. The marks are taken before the reading:
    a change committed meanwhile marks its day again for the next run."""
    today = local_day(now or timezone.now())
    stale = set(StaleDay.objects.values_list("day", flat=True))
    StaleDay.objects.filter(day__in=stale).delete()
    days = sorted(stale | {today, today - timedelta(days=1)})
    experts = _expert_of_user()
    for day in days:
        if day <= today:
            save_day(day, experts)
    forget()
    return days


def first_day() -> date | None:
    firsts = [
        model.objects.aggregate(first=Min("created_at"))["first"]
        for model in (Question, Answer, Comment)
    ]
    firsts = [f for f in firsts if f is not None]
    return local_day(min(firsts)) if firsts else None


def rebuild(*, progress: Callable[[Iterable], Iterable] | None = None) -> int:
    """Every day recomputed from the posts, from the first one to today. Each day's rows are
    replaced in one transaction, so the dashboard keeps its figures while a rebuild runs."""
    begin, today = first_day(), local_day(timezone.now())
    StaleDay.objects.all().delete()
    if begin is None:
        DailyFigures.objects.all().delete()
        return 0
    days = [begin + timedelta(days=n) for n in range((today - begin).days + 1)]
    experts = _expert_of_user()
    rows = 0
    for day in progress(days) if progress else days:
        rows += save_day(day, experts)
    DailyFigures.objects.exclude(day__gte=begin, day__lte=today).delete()
    forget()
    return rows


def score_unread(batch: int = 2000, progress: Callable | None = None) -> int:
    """Read the tone of posts that have none yet (written before the hub read tones)."""
    done = 0
    for model in (Question, Answer, Comment):
        while True:
            posts = list(model.objects.filter(tone="")[:batch])
            if not posts:
                break
            for post in posts:
                post.read_tone()
            model.objects.bulk_update(posts, ["sentiment", "tone", "language"])
            done += len(posts)
            if progress:
                progress(len(posts))
    return done
