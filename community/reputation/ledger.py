"""The ledger and its award and take-back: every change of a member's points is a line in the
append-only ledger, written in the same transaction as what caused it, with the points it was
actually worth and the reason; taking something back writes a compensating line. Awards are
keyed ("vote:12:vote_answer:34"): a key has at most one live award, and writes for one member
are serialised by a lock on their ``Standing`` row.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy

from community.models import Answer, Comment, Question
from community.reputation.levels import refresh_level
from community.reputation.models import ReputationEvent, Standing

Kind = ReputationEvent.Kind
VOTE_KINDS = (Kind.VOTE_ANSWER, Kind.VOTE_QUESTION)

# Why a ledger line has its points, as members read it in their history.
REASONS = {
    "awarded": gettext_lazy("awarded"),
    "withdrawn": gettext_lazy("taken back by the voter"),
    "unaccepted": gettext_lazy("the asker withdrew the acceptance"),
    "accepted_elsewhere": gettext_lazy("the asker accepted another answer"),
    "unmarked": gettext_lazy("no longer the official answer"),
    "daily_cap": gettext_lazy("daily limit of points from votes reached"),
    "pair_cap": gettext_lazy("limit of points one member can give you in a day reached"),
    "voter_too_new": gettext_lazy("the voter's account is too new to give points"),
    "voter_level": gettext_lazy("the voter has no approved post yet"),
    "own_question": gettext_lazy("an answer to one's own question earns nothing"),
    "restored": gettext_lazy("the post was restored"),
    "unpublished": gettext_lazy("the article was unpublished"),
    "serial_voting": gettext_lazy("reversed: serial voting"),
    "vote_ring": gettext_lazy("reversed: vote ring"),
    "puppets": gettext_lazy("reversed: votes between sock puppets"),
    "warn": gettext_lazy("warning from the moderators"),
    "suspend": gettext_lazy("suspension"),
    "ban": gettext_lazy("ban"),
    "lifted": gettext_lazy("the sanction was lifted"),
    "seed": gettext_lazy("earlier history"),
}
GAMING_REASONS = ("serial_voting", "vote_ring", "puppets")


def _post_ref(post) -> dict:
    if post is None:
        return {}
    kind = type(post).__name__.lower()
    if isinstance(post, Question):
        thread = post.pk
    elif isinstance(post, (Answer, Comment)):
        thread = post.question_id
    else:
        kind, thread = "article", None
    return {"post_kind": kind, "post_id": post.pk, "thread_id": thread}


def lock_standing(user_id: int) -> Standing:
    """The member's standing, locked until the transaction ends."""
    standing = Standing.objects.select_for_update().filter(pk=user_id).first()
    if standing is None:
        Standing.objects.get_or_create(user_id=user_id)
        standing = Standing.objects.select_for_update().get(pk=user_id)
    return standing


def _write(standing: Standing, **values) -> ReputationEvent:
    event = ReputationEvent.objects.create(user_id=standing.user_id, **values)
    if event.points:
        Standing.objects.filter(pk=standing.pk).update(points=F("points") + event.points)
        standing.points += event.points
    return event


def live_award(key: str) -> ReputationEvent | None:
    """The award of ``key`` no compensating line cancels, if any. A key's lines (awards and
    their compensations share it) are few and found by the key's index alone; a join on the
    compensations would let SQLite walk the whole ledger."""
    lines = list(ReputationEvent.objects.filter(key=key).order_by())
    cancelled = {line.reverses_id for line in lines if line.reverses_id}
    live = [line for line in lines if line.reverses_id is None and line.pk not in cancelled]
    return live[0] if live else None


@transaction.atomic
def award(
    user_id: int | None,
    kind: str,
    points: int | Callable[[], tuple[int, str]],
    *,
    key: str,
    reason: str = "awarded",
    actor_id: int | None = None,
    post=None,
) -> ReputationEvent | None:
    """Write an award to the ledger unless ``key`` already has a live one (None then).

    ``points`` may be a function returning (points, reason): it is called once the member's
    row is locked, so that caps it reads cannot be raced past."""
    if user_id is None:
        return None
    standing = lock_standing(user_id)
    if live_award(key) is not None:
        return None
    if callable(points):
        points, reason = points()
    event = _write(
        standing,
        kind=kind,
        points=points,
        reason=reason,
        key=key,
        actor_id=actor_id,
        created_at=timezone.now(),
        **_post_ref(post),
    )
    refresh_level(standing)
    return event


@transaction.atomic
def take_back(key: str, *, reason: str, by_id: int | None = None) -> ReputationEvent | None:
    """Cancel the live award of ``key`` with a compensating line (None: nothing to cancel)."""
    found = live_award(key)
    if found is None:
        return None
    standing = lock_standing(found.user_id)
    found = live_award(key)  # read again under the lock
    if found is None:
        return None
    event = _write(
        standing,
        kind=found.kind,
        points=-found.points,
        reason=reason,
        key=key,
        actor_id=by_id or found.actor_id,
        post_kind=found.post_kind,
        post_id=found.post_id,
        thread_id=found.thread_id,
        reverses=found,
    )
    refresh_level(standing)
    return event


def count_approved_post(user) -> None:
    """One more approved post; the first one makes a newcomer a member (reputation)."""
    if user is None:
        return
    standing = lock_standing(user.pk)
    Standing.objects.filter(pk=standing.pk).update(approved_posts=F("approved_posts") + 1)
    standing.approved_posts += 1
    refresh_level(standing)


def history(member):
    """The member's ledger, newest first, each line with the reason to read."""
    return ReputationEvent.objects.filter(user=member).order_by("-created_at", "-pk")


def reason_text(event: ReputationEvent) -> str:
    return str(REASONS.get(event.reason, event.reason))
