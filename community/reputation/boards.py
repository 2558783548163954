"""The boards: who earned the most points (the leaderboards and the period reports), how
authentic the points from votes are, and the funnel of members reaching each level month by
month. Staff, moderators and brand voices are left off the boards.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db.models import Case, F, IntegerField, Q, Sum, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy

from community.reputation.ledger import VOTE_KINDS
from community.reputation.models import Level, LevelChange, ReputationEvent, Standing
from community.rules import rules

User = get_user_model()


def staff_ids() -> set[int]:
    """Brand voices, moderators and staff: not on the leaderboards."""
    ids = set(
        User.objects.filter(Q(is_staff=True) | Q(is_superuser=True)).values_list("pk", flat=True)
    )
    for perm in ("community.speak_for_brand", "community.moderate_posts"):
        ids |= set(
            User.objects.with_perm(
                perm, include_superusers=False, backend="django.contrib.auth.backends.ModelBackend"
            ).values_list("pk", flat=True)
        )
    return ids


PERIODS = {"week": 7, "month": 30, "all": None}


def leaderboard(period: str = "month", *, limit: int = 20) -> list[dict]:
    """The members who earned the most points in the period (cached for five minutes)."""
    days = PERIODS.get(period, 30)
    key = f"agora:leaderboard:{period}:{limit}"
    found = cache.get(key)
    if found is not None:
        return found
    if days is None:
        rows = (
            Standing.objects.filter(points__gt=0, user__is_active=True)
            .exclude(user_id__in=staff_ids())
            .order_by("-points", "user_id")
            .values_list("user_id", "points")[:limit]
        )
        found = _ranked(list(rows))
    else:
        found = top_earners(since=timezone.now() - timedelta(days=days), limit=limit)
    cache.set(key, found, 300)
    return found


def top_earners(*, since: datetime, until: datetime | None = None, limit: int = 10) -> list[dict]:
    """The members (staff, moderators and brand voices left out) who earned the most points
    between ``since`` and ``until``: rank, member, points, level."""
    lines = ReputationEvent.objects.filter(created_at__gte=since)
    if until is not None:
        lines = lines.filter(created_at__lt=until)
    rows = (
        lines.exclude(user_id__in=staff_ids())
        .filter(user__is_active=True)
        .values("user_id")
        .annotate(total=Sum("points"))
        .filter(total__gt=0)
        .order_by("-total", "user_id")
        .values_list("user_id", "total")[:limit]
    )
    return _ranked(list(rows))


def _ranked(rows: list[tuple[int, int]]) -> list[dict]:
    users = User.objects.select_related("profile", "standing").in_bulk([u for u, _p in rows])
    return [
        {"rank": n, "member": users[u], "points": p, "level": Level(users[u].standing.level)}
        for n, (u, p) in enumerate(rows, start=1)
        if u in users
    ]


def authenticity(user_id: int | None = None, *, days: int = 90) -> dict:
    """How authentic the points from votes are: the share of the vote points of the period
    that came from established voters (accounts older than the rules say when they voted),
    counting one voter for at most a set number of points per member (diversity), and none
    from votes the anti-gaming job reversed. Votes their voter withdrew are left out."""
    r = rules()
    since = timezone.now() - timedelta(days=days)
    awards = ReputationEvent.objects.filter(
        kind__in=VOTE_KINDS, reverses__isnull=True, points__gt=0, created_at__gte=since
    ).exclude(reversal__reason="withdrawn")
    if user_id is not None:
        awards = awards.filter(user_id=user_id)
    established = timedelta(days=r.established_days)
    rows = awards.values("user_id", "actor_id").annotate(
        total=Sum("points"),
        good=Sum(
            Case(
                When(
                    Q(reversal__isnull=True)
                    & Q(actor__date_joined__lte=F("created_at") - established),
                    then=F("points"),
                ),
                default=Value(0),
                output_field=IntegerField(),
            )
        ),
    )
    total = good = 0
    voters = set()
    for row in rows:
        total += row["total"]
        good += min(row["good"], r.voter_authentic_points)
        voters.add(row["actor_id"])
    return {
        "share": (good / total) if total else None,
        "authentic": good,
        "total": total,
        "voters": len(voters),
    }


FUNNEL_STAGES = [
    ("joined", gettext_lazy("Signed up")),
    ("member", Level.MEMBER.label),
    ("contributor", Level.CONTRIBUTOR.label),
    ("regular", Level.REGULAR.label),
    ("ambassador", Level.AMBASSADOR.label),
]


def funnel(*, months: int = 12, now=None) -> list[dict]:
    """How many members had reached each stage at the end of each of the last months
    (replayed from the level changes, so it needs no snapshot table)."""
    # Months as the hub's people live them (the brand's time zone), not as UTC cuts them.
    now = timezone.localtime(now or timezone.now())
    ends = []
    cursor = now
    for _n in range(months):
        ends.append(cursor)
        cursor = cursor.replace(day=1, hour=0, minute=0, second=0, microsecond=0) - timedelta(
            microseconds=1
        )
    ends.reverse()
    excluded = staff_ids()
    joined = sorted(User.objects.exclude(pk__in=excluded).values_list("date_joined", flat=True))
    changes = (
        LevelChange.objects.exclude(user_id__in=excluded)
        .order_by("created_at", "pk")
        .values_list("user_id", "to_level", "created_at")
    )
    level: dict[int, int] = {}
    counts = defaultdict(int)
    rows = []
    pending = iter(changes.iterator(chunk_size=5000))
    nxt = next(pending, None)
    joined_index = 0
    for end in ends:
        while nxt is not None and nxt[2] <= end:
            user_id, to_level, _at = nxt
            counts[level.get(user_id, 0)] -= 1
            counts[to_level] += 1
            level[user_id] = to_level
            nxt = next(pending, None)
        while joined_index < len(joined) and joined[joined_index] <= end:
            joined_index += 1
        at_least = [sum(n for lvl, n in counts.items() if lvl >= k) for k in range(1, 5)]
        rows.append(
            {
                "month": end,
                "joined": joined_index,
                "member": at_least[0],
                "contributor": at_least[1],
                "regular": at_least[2],
                "ambassador": at_least[3],
            }
        )
    return rows
