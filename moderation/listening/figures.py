"""Reading the daily roll-ups: figures summed over a range of days (and scopes), day by day or
week by week, per topic, tag and expert, with the medians, percentiles and shares that derive
from them."""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, F, Q, Sum

from community.models import Tag, TopicPage
from experts.models import ExpertProfile, RoutedQuestion

from .models import DailyFigures
from .rollups import COUNTS, Scope


def median(values: list[int]) -> float | None:
    return statistics.median(values) if values else None


def percentile(values: list[int], p: float) -> float | None:
    """Nearest rank: the smallest value with at least p % of the values at or below it."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@dataclass
class Totals:
    """Figures summed over days (and scopes) with what derives from them."""

    questions: int = 0
    answers: int = 0
    comments: int = 0
    answered: int = 0
    brand_answered: int = 0
    solved: int = 0
    scored: int = 0
    praise: int = 0
    complaints: int = 0
    wishes: int = 0
    sentiment_sum: float = 0.0

    def __post_init__(self):
        self.first_answer: list[int] = []
        self.solution: list[int] = []

    def add(self, row) -> None:
        for field in COUNTS:
            setattr(self, field, getattr(self, field) + (getattr(row, field) or 0))
        self.sentiment_sum += row.sentiment_sum or 0
        self.first_answer.extend(row.first_answer)
        self.solution.extend(row.solution)

    @property
    def posts(self) -> int:
        return self.questions + self.answers + self.comments

    @property
    def unanswered(self) -> int:
        return self.questions - self.answered

    def as_dict(self) -> dict:
        return {
            "questions": self.questions,
            "answers": self.answers,
            "comments": self.comments,
            "posts": self.posts,
            "first_answer_median": median(self.first_answer),
            "first_answer_p90": percentile(self.first_answer, 90),
            "solution_median": median(self.solution),
            "solution_p90": percentile(self.solution, 90),
            "brand_share": share(self.brand_answered, self.questions),
            "solved_share": share(self.solved, self.questions),
            "unanswered_share": share(self.unanswered, self.questions),
            "unanswered": self.unanswered,
            "sentiment": (self.sentiment_sum / self.scored) if self.scored else None,
            "negative_share": share(self.complaints, self.scored),
            "praise_share": share(self.praise, self.scored),
            "wishes": self.wishes,
            "complaints": self.complaints,
            "praise": self.praise,
        }


def _rows(scope: str, start: date, end: date, keys: Iterable[int] | None = None):
    rows = DailyFigures.objects.filter(scope=scope, day__gte=start, day__lte=end)
    if keys is not None:
        rows = rows.filter(key__in=list(keys))
    return rows.order_by("day")


def totals(scope: str, start: date, end: date, key: int = 0) -> dict:
    found = Totals()
    for row in _rows(scope, start, end, [key]):
        found.add(row)
    return found.as_dict()


def series(scope: str, start: date, end: date, key: int = 0) -> list[dict]:
    """Day by day (week by week past 92 days): volumes and tone."""
    weekly = (end - start).days > 92
    buckets: dict[date, Totals] = {}
    cursor = start
    while cursor <= end:
        bucket = cursor - timedelta(days=cursor.weekday()) if weekly else cursor
        buckets.setdefault(bucket, Totals())
        cursor += timedelta(days=1)
    for row in _rows(scope, start, end, [key]).defer("first_answer", "solution"):
        row.first_answer = row.solution = []
        bucket = row.day - timedelta(days=row.day.weekday()) if weekly else row.day
        buckets[bucket].add(row)
    return [{"day": day, "weekly": weekly, **t.as_dict()} for day, t in sorted(buckets.items())]


def by_key(scope: str, start: date, end: date, keys: Iterable[int] | None = None) -> dict:
    found: dict[int, Totals] = defaultdict(Totals)
    for row in _rows(scope, start, end, keys):
        found[row.key].add(row)
    return {key: t.as_dict() for key, t in found.items()}


def topics_table(start: date, end: date) -> list[dict]:
    figures = by_key(Scope.TOPIC, start, end)
    topics = TopicPage.objects.filter(pk__in=figures).only("pk", "title", "url_path")
    return sorted(
        ({"topic": t, **figures[t.pk]} for t in topics),
        key=lambda r: (-r["posts"], r["topic"].title),
    )


def tags_table(start: date, end: date, limit: int = 20) -> list[dict]:
    """The busiest tags of the period (summed in the database; their lists read for those
    only)."""
    busiest = list(
        DailyFigures.objects.filter(scope=Scope.TAG, day__gte=start, day__lte=end)
        .values("key")
        .annotate(n=Sum(F("questions") + F("answers") + F("comments")))
        .order_by("-n", "key")
        .values_list("key", flat=True)[:limit]
    )
    figures = by_key(Scope.TAG, start, end, busiest)
    tags = Tag.objects.in_bulk(busiest)
    return [{"tag": tags[k], **figures[k]} for k in busiest if k in tags and k in figures]


def experts_table(start: date, end: date) -> list[dict]:
    figures = by_key(Scope.EXPERT, start, end)
    waiting = dict(
        RoutedQuestion.objects.filter(state=RoutedQuestion.State.OPEN)
        .values("expert_id")
        .annotate(n=Count("pk"))
        .values_list("expert_id", "n")
    )
    profiles = ExpertProfile.objects.filter(Q(pk__in=figures) | Q(pk__in=waiting)).select_related(
        "user"
    )
    rows = []
    for profile in profiles:
        f = figures.get(profile.pk) or Totals().as_dict()
        rows.append(
            {
                "expert": profile,
                "routed": f["questions"],
                "answered": f["questions"] - f["unanswered"],
                "answers": f["answers"],
                "waiting": waiting.get(profile.pk, 0),
                "response_median": f["first_answer_median"],
                "response_p90": f["first_answer_p90"],
            }
        )
    return sorted(rows, key=lambda r: (-r["routed"], -r["waiting"], r["expert"].real_name))
