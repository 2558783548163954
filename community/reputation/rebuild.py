"""Recomputing from the ledger: a member's points are the sum of their ledger lines and their
level follows from their inputs, so both can be recomputed at any time, in batches of members
(``manage.py rebuild_reputation``, and the nightly job for levels that age). After incremental
updates, a rebuild changes nothing.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone

from community.models import Answer, Comment, Question
from community.reputation.levels import (
    Inputs,
    level_for,
    loss_reason,
    marked_members,
    refresh_level,
    window_start,
)
from community.reputation.models import LevelChange, ReputationEvent, ReputationRules, Standing
from community.rules import rules

User = get_user_model()


def _bulk_inputs(standings: list[Standing], r: ReputationRules, now: datetime) -> dict[int, Inputs]:
    ids = [s.user_id for s in standings]
    joined = dict(User.objects.filter(pk__in=ids).values_list("pk", "date_joined"))
    since = window_start(r, now)
    recent: dict[int, int] = defaultdict(int)
    for model in (Question, Answer, Comment):
        for author_id, n in (
            model.objects.filter(author_id__in=ids, is_public=True, created_at__gte=since)
            .values("author_id")
            .annotate(n=Count("pk"))
            .values_list("author_id", "n")
        ):
            recent[author_id] += n
    marked = marked_members(ids, r, now)
    return {
        s.user_id: Inputs(
            points=s.points,
            approved_posts=s.approved_posts,
            joined=joined[s.user_id],
            recent_posts=recent.get(s.user_id, 0),
            clean=s.user_id not in marked,
            ambassador=s.ambassador_since is not None,
        )
        for s in standings
        if s.user_id in joined
    }


def recompute(user_ids: list[int], *, points: bool, notify: bool, reason: str = "") -> dict:
    """Recompute the points (from the ledger, when ``points``) and levels of these members.
    Returns how many of each changed: after incremental updates, a rebuild changes nothing."""
    r = rules()
    now = timezone.now()
    changed = {"points": 0, "levels": 0}
    with transaction.atomic():
        Standing.objects.bulk_create([Standing(user_id=u) for u in user_ids], ignore_conflicts=True)
        standings = list(Standing.objects.select_for_update().filter(pk__in=user_ids))
        if points:
            sums = dict(
                ReputationEvent.objects.filter(user_id__in=user_ids)
                .values("user_id")
                .annotate(total=Sum("points"))
                .values_list("user_id", "total")
            )
            moved = []
            for standing in standings:
                total = sums.get(standing.user_id, 0)
                if standing.points != total:
                    standing.points = total
                    moved.append(standing)
            Standing.objects.bulk_update(moved, ["points"], batch_size=500)
            changed["points"] = len(moved)
        inputs = _bulk_inputs(standings, r, now)
        if notify:
            # The nightly job: few levels change, and each change is explained to the member.
            for standing in standings:
                if standing.user_id in inputs:
                    before = standing.level
                    refresh_level(standing, reason=reason, inputs=inputs[standing.user_id], r=r)
                    changed["levels"] += standing.level != before
        else:
            # A repair: every change is recorded in bulk, without telling anyone.
            moved, records = [], []
            for standing in standings:
                if standing.user_id not in inputs:
                    continue
                i = inputs[standing.user_id]
                new = level_for(i, r, now)
                if new != standing.level:
                    records.append(
                        LevelChange(
                            user_id=standing.user_id,
                            from_level=standing.level,
                            to_level=new,
                            reason=reason
                            or (
                                "points"
                                if new > standing.level
                                else loss_reason(standing.level, i, r, now)
                            ),
                            created_at=now,
                        )
                    )
                    standing.level, standing.level_changed_at = new, now
                    moved.append(standing)
            Standing.objects.bulk_update(moved, ["level", "level_changed_at"], batch_size=500)
            LevelChange.objects.bulk_create(records, batch_size=1000)
            changed["levels"] = len(moved)
    return changed


def member_ids(batch: int = 2000):
    """Every member with a standing or a ledger line, in batches of ids."""
    ids = sorted(
        set(Standing.objects.values_list("user_id", flat=True))
        | set(ReputationEvent.objects.values_list("user_id", flat=True).distinct())
    )
    for start in range(0, len(ids), batch):
        yield ids[start : start + batch]


def rebuild(*, progress=None, notify: bool = False) -> dict:
    """Recompute every member's points and level from the ledger."""
    totals = {"points": 0, "levels": 0, "members": 0}
    for chunk in member_ids():
        changed = recompute(chunk, points=True, notify=notify, reason="")
        totals["points"] += changed["points"]
        totals["levels"] += changed["levels"]
        totals["members"] += len(chunk)
        if progress:
            progress(len(chunk))
    return totals
