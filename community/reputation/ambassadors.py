"""The ambassador programme: the community manager promotes a member (badge, email, a place on
the home page), declines a candidate or revokes the role; the nightly job proposes the members
who meet the candidate thresholds with authentic votes; the home page shows the ambassadors.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from community import signals
from community.permissions import check_manage_ambassadors
from community.reputation.boards import authenticity
from community.reputation.ledger import lock_standing
from community.reputation.levels import inputs_for, refresh_level, requirements
from community.reputation.models import Level, Standing
from community.rules import rules

User = get_user_model()


@transaction.atomic
def promote_ambassador(member, *, by) -> bool:
    """The community manager makes a member an ambassador (badge, email, home page)."""
    check_manage_ambassadors(by)
    standing = lock_standing(member.pk)
    if standing.ambassador_since is not None:
        return False
    standing.ambassador_since = timezone.now()
    standing.candidate_declined_at = None
    Standing.objects.filter(pk=standing.pk).update(
        ambassador_since=standing.ambassador_since, candidate_declined_at=None
    )
    refresh_level(standing, by=by, reason="promoted")
    forget_showcase()
    return True


@transaction.atomic
def decline_candidate(member, *, by) -> bool:
    check_manage_ambassadors(by)
    standing = lock_standing(member.pk)
    if standing.ambassador_since is not None:
        return False
    Standing.objects.filter(pk=standing.pk).update(candidate_declined_at=timezone.now())
    return True


@transaction.atomic
def revoke_ambassador(member, *, by, reason: str = "") -> bool:
    check_manage_ambassadors(by)
    standing = lock_standing(member.pk)
    if standing.ambassador_since is None:
        return False
    standing.ambassador_since = None
    Standing.objects.filter(pk=standing.pk).update(
        ambassador_since=None, candidate_declined_at=timezone.now()
    )
    refresh_level(
        standing,
        by=by,
        reason="revoked",
        note=reason,
        inputs=inputs_for(standing, rules(), full=True),
    )
    forget_showcase()
    return True


def candidates(now=None) -> list[tuple[Standing, dict]]:
    """Members who meet the candidate thresholds and are not ambassadors (nor recently
    declined), with what qualifies them."""
    r = rules()
    now = now or timezone.now()
    cooldown = now - timedelta(days=r.candidate_cooldown_days)
    found = []
    rows = (
        Standing.objects.filter(
            points__gte=r.candidate_points,
            ambassador_since__isnull=True,
            user__is_active=True,
            user__date_joined__lte=now - timedelta(days=r.candidate_days),
        )
        .filter(Q(candidate_declined_at__isnull=True) | Q(candidate_declined_at__lt=cooldown))
        .select_related("user")
    )
    for standing in rows:
        if standing.user.has_perm("community.speak_for_brand") or standing.user.is_staff:
            continue
        i = inputs_for(standing, r, now, full=True)
        share = authenticity(standing.user_id)["share"]
        meets = all(req.met for req in requirements(Level.AMBASSADOR, i, r, now))
        if meets and share is not None and share * 100 >= r.candidate_authenticity:
            found.append(
                (
                    standing,
                    {
                        "points": standing.points,
                        "recent_posts": i.recent_posts,
                        "authenticity": round(share * 100),
                    },
                )
            )
    return found


def propose_candidates() -> int:
    """Announce every candidate (the moderation queue takes them in)."""
    found = candidates()
    for standing, evidence in found:
        signals.ambassador_candidate.send(Standing, standing=standing, evidence=evidence)
    return len(found)


SHOWCASE_KEY = "agora:ambassadors:1"


def ambassadors(limit: int = 12) -> list:
    found = cache.get(SHOWCASE_KEY)
    if found is None:
        found = list(
            User.objects.filter(standing__ambassador_since__isnull=False, is_active=True)
            .select_related("profile", "standing")
            .order_by("standing__ambassador_since")[:limit]
        )
        cache.set(SHOWCASE_KEY, found, 300)
    return found


def forget_showcase() -> None:
    transaction.on_commit(lambda: cache.delete(SHOWCASE_KEY))
