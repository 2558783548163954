"""The nightly anti-gaming job: serial voting and vote rings lose their points (compensating
lines in the ledger, never edits); suspected sock puppets go to the moderators.

Detection reads the ledger's vote lines, whose ``actor`` is the voter. A reversed award is no
longer live, so a second run does not reverse (or report) the same votes again.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
from collections import defaultdict
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from community import signals
from community.reputation.ambassadors import propose_candidates
from community.reputation.ledger import VOTE_KINDS, take_back
from community.reputation.models import LIVE_AWARD, GamingCase, ReputationEvent, Standing
from community.reputation.rebuild import member_ids, recompute
from community.rules import rules

LOOKBACK_DAYS = 7


def network_hash(address: str | None) -> str:
    """A keyed hash of the network an address belongs to (/24 for IPv4, /48 for IPv6): two
    accounts from one network compare equal, and the address itself is never stored."""
    try:
        ip = ipaddress.ip_address((address or "").strip())
    except ValueError:
        return ""
    prefix = 24 if ip.version == 4 else 48
    network = ipaddress.ip_network(f"{ip}/{prefix}", strict=False)
    digest = hmac.new(settings.SECRET_KEY.encode(), str(network).encode(), hashlib.sha256)
    return digest.hexdigest()[:32]


def record_signup(user, address: str | None) -> None:
    hashed = network_hash(address)
    if hashed:
        Standing.objects.update_or_create(user=user, defaults={"signup_network": hashed})


def _reverse(events, reason: str) -> int:
    reversed_points = 0
    for event in events:
        compensation = take_back(event.key, reason=reason)
        if compensation is not None:
            reversed_points += compensation.points
    return reversed_points


def _open_case(kind: str, key: str, members, **values) -> tuple[GamingCase, bool]:
    case, created = GamingCase.objects.get_or_create(kind=kind, key=key[:200], defaults=values)
    if created:
        case.members.set(members)
    return case, created


@transaction.atomic
def _reverse_case(kind: str, key: str, members, lines, reason: str, *, evidence: dict):
    """Record a caught case once and reverse its vote lines (None: reported before)."""
    case, created = _open_case(kind, key, members, votes=len(lines), evidence=evidence)
    if not created:
        return None
    case.points_reversed = _reverse(lines, reason)
    case.save(update_fields=["points_reversed"])
    return case


def detect_serial_voting(now: datetime | None = None) -> list[GamingCase]:
    """Many votes from one member to one author in a short window: every vote of the burst
    loses its points."""
    r = rules()
    now = now or timezone.now()
    window = timedelta(hours=r.serial_window_hours)
    live = ReputationEvent.objects.filter(
        LIVE_AWARD,
        kind__in=VOTE_KINDS,
        actor__isnull=False,
        created_at__gte=now - max(window, timedelta(days=LOOKBACK_DAYS)),
    )
    pairs = (
        live.values("actor_id", "user_id")
        .annotate(n=Count("pk"))
        .filter(n__gte=r.serial_votes)
        .values_list("actor_id", "user_id")
    )
    cases = []
    for voter_id, author_id in pairs:
        events = list(live.filter(actor_id=voter_id, user_id=author_id).order_by("created_at"))
        burst: set[int] = set()
        start = 0
        for end, event in enumerate(events):
            while event.created_at - events[start].created_at > window:
                start += 1
            if end - start + 1 >= r.serial_votes:
                burst.update(range(start, end + 1))
        if not burst:
            continue
        chosen = [events[n] for n in sorted(burst)]
        case = _reverse_case(
            GamingCase.Kind.SERIAL,
            f"serial:{voter_id}:{author_id}:{chosen[0].pk}",
            [voter_id, author_id],
            chosen,
            "serial_voting",
            evidence={
                "voter": voter_id,
                "author": author_id,
                "window_hours": r.serial_window_hours,
                "first": chosen[0].created_at.isoformat(),
                "last": chosen[-1].created_at.isoformat(),
            },
        )
        if case is not None:
            cases.append(case)
    for case in cases:
        signals.gaming_detected.send(GamingCase, case=case)
    return cases


def _components(edges: set[tuple[int, int]]) -> list[set[int]]:
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in edges:
        parent[find(a)] = find(b)
    groups: dict[int, set[int]] = defaultdict(set)
    for x in list(parent):
        groups[find(x)].add(x)
    return [g for g in groups.values() if len(g) >= 2]


def detect_rings(now: datetime | None = None) -> list[GamingCase]:
    """Members who mostly vote for each other: linked by votes both ways, each giving most of
    their votes inside the group. Every live vote between them loses its points."""
    r = rules()
    now = now or timezone.now()
    since = now - timedelta(days=r.ring_window_days)
    votes = ReputationEvent.objects.filter(
        kind__in=VOTE_KINDS, reverses__isnull=True, actor__isnull=False, created_at__gte=since
    )
    weight: dict[tuple[int, int], int] = {}
    given: dict[int, int] = defaultdict(int)
    for voter, author, n in (
        votes.values("actor_id", "user_id")
        .annotate(n=Count("pk"))
        .values_list("actor_id", "user_id", "n")
    ):
        weight[(voter, author)] = n
        given[voter] += n
    mutual = {
        (a, b)
        for (a, b), n in weight.items()
        if a < b and n >= r.ring_pair_votes and weight.get((b, a), 0) >= r.ring_pair_votes
    }
    cases = []
    for group in _components(mutual):
        shares = {
            m: sum(weight.get((m, x), 0) for x in group) / given[m] for m in group if given[m]
        }
        if len(shares) < 2 or min(shares.values()) * 100 < r.ring_share:
            continue
        members = sorted(group)
        live = list(
            ReputationEvent.objects.filter(
                LIVE_AWARD,
                kind__in=VOTE_KINDS,
                actor_id__in=members,
                user_id__in=members,
                created_at__gte=since,
            ).order_by("created_at")
        )
        if not live:
            continue
        case = _reverse_case(
            GamingCase.Kind.RING,
            f"ring:{','.join(map(str, members))}:{live[0].pk}",
            members,
            live,
            "vote_ring",
            evidence={
                "members": members,
                "shares": {str(m): round(share * 100) for m, share in shares.items()},
                "window_days": r.ring_window_days,
            },
        )
        if case is not None:
            cases.append(case)
    for case in cases:
        signals.gaming_detected.send(GamingCase, case=case)
    return cases


def detect_puppets(now: datetime | None = None, *, days: int = 30) -> list[GamingCase]:
    """Accounts created in a burst from one network that vote for each other or for the same
    author: reported to the moderators (who decide), not reversed."""
    r = rules()
    now = now or timezone.now()
    burst = timedelta(minutes=r.puppet_burst_minutes)
    rows = (
        Standing.objects.exclude(signup_network="")
        .filter(user__date_joined__gte=now - timedelta(days=days))
        .order_by("signup_network", "user__date_joined")
        .values_list("signup_network", "user_id", "user__date_joined")
    )
    clusters: list[list[int]] = []
    current: list[int] = []
    last_network, last_joined = None, None
    for network, user_id, joined in rows:
        if network == last_network and joined - last_joined <= burst:
            current.append(user_id)
        else:
            if len(current) >= 2:
                clusters.append(current)
            current = [user_id]
        last_network, last_joined = network, joined
    if len(current) >= 2:
        clusters.append(current)
    cases = []
    for members in clusters:
        votes = list(
            ReputationEvent.objects.filter(
                kind__in=VOTE_KINDS, reverses__isnull=True, actor_id__in=members
            ).values_list("actor_id", "user_id")
        )
        inside = sum(1 for _voter, author in votes if author in members)
        by_author: dict[int, set[int]] = defaultdict(set)
        for voter, author in votes:
            by_author[author].add(voter)
        shared = {a: v for a, v in by_author.items() if len(v) >= 2}
        if not inside and not shared:
            continue
        members = sorted(members)
        case, created = _open_case(
            GamingCase.Kind.PUPPETS,
            f"puppets:{','.join(map(str, members))}",
            members,
            votes=len(votes),
            evidence={
                "members": members,
                "burst_minutes": r.puppet_burst_minutes,
                "votes_between_them": inside,
                "shared_recipients": sorted(shared),
            },
        )
        if created:
            cases.append(case)
            signals.gaming_detected.send(GamingCase, case=case)
    return cases


@transaction.atomic
def confirm_puppets(case: GamingCase) -> int:
    """The moderators confirmed the accounts are one person: their votes lose their points."""
    members = list(case.members.values_list("pk", flat=True))
    live = ReputationEvent.objects.filter(LIVE_AWARD, kind__in=VOTE_KINDS, actor_id__in=members)
    reversed_points = _reverse(list(live), "puppets")
    GamingCase.objects.filter(pk=case.pk).update(points_reversed=reversed_points)
    return reversed_points


def run_nightly() -> dict:
    """Everything the night does: detection, then levels (activity and records age), then
    the ambassador candidates."""
    found = {
        "serial": len(detect_serial_voting()),
        "rings": len(detect_rings()),
        "puppets": len(detect_puppets()),
    }
    levels = 0
    for chunk in member_ids():
        levels += recompute(chunk, points=False, notify=True)["levels"]
    found["levels"] = levels
    found["candidates"] = propose_candidates()
    return found
