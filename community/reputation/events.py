"""What happens elsewhere, in points: a helpful vote (within the daily and pair caps, and
nothing from a too-new voter), an accepted or official answer, a post removed as spam, an upheld
flag, a published article, a sanction, and taking each of them back. The receivers call these
when the community's signals say it happened; each writes to the ledger under its own key.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from functools import partial

from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone

from community.models import Answer
from community.permissions import member_level
from community.reputation.ledger import VOTE_KINDS, Kind, award, take_back
from community.reputation.models import ReputationEvent, ReputationRules
from community.rules import rules


def _vote_key(vote) -> tuple[str, str, object]:
    if vote.answer_id:
        return f"vote:{vote.voter_id}:answer:{vote.answer_id}", Kind.VOTE_ANSWER, vote.answer
    return f"vote:{vote.voter_id}:question:{vote.question_id}", Kind.VOTE_QUESTION, vote.question


def _why_no_points(voter, settings_: ReputationRules, now: datetime) -> str | None:
    """Why this voter's votes give no points (None: they do)."""
    if voter.date_joined > now - timedelta(days=settings_.voter_min_age_days):
        return "voter_too_new"
    if member_level(voter) < settings_.voter_min_level and not voter.has_perm(
        "community.speak_for_brand"
    ):
        return "voter_level"
    return None


def _vote_price(vote, kind: str) -> tuple[int, str]:
    """What a vote is worth now: nothing from a too-new or level-0 voter, and no more than
    the pair and daily caps leave."""
    r = rules()
    now = timezone.now()
    points = r.vote_on_answer if kind == Kind.VOTE_ANSWER else r.vote_on_question
    refused = _why_no_points(vote.voter, r, now)
    if refused:
        return 0, refused
    given = ReputationEvent.objects.filter(
        user_id=vote.recipient_id, kind__in=VOTE_KINDS, created_at__gt=now - timedelta(days=1)
    ).aggregate(
        pair=Sum("points", filter=Q(actor_id=vote.voter_id), default=0),
        day=Sum("points", default=0),
    )
    reason = "awarded"
    pair_room = max(r.pair_daily_points - given["pair"], 0)
    day_room = max(r.daily_vote_points - given["day"], 0)
    if points > pair_room:
        points, reason = pair_room, "pair_cap"
    if points > day_room:
        points, reason = day_room, "daily_cap"
    return points, reason


def vote_cast(vote) -> ReputationEvent | None:
    """A helpful vote: points to the post's author, within the caps."""
    if vote.voter_id == vote.recipient_id:
        return None
    key, kind, post = _vote_key(vote)
    return award(
        vote.recipient_id,
        kind,
        partial(_vote_price, vote, kind),
        key=key,
        actor_id=vote.voter_id,
        post=post,
    )


def vote_withdrawn(vote) -> ReputationEvent | None:
    key, _kind, _post = _vote_key(vote)
    return take_back(key, reason="withdrawn", by_id=vote.voter_id)


@transaction.atomic
def answer_accepted(answer: Answer, *, by, previous: Answer | None = None) -> None:
    """+15 to the answer's author (at most one live award per answer: an accept/unaccept
    cycle earns nothing more), +2 to the asker once per question."""
    r = rules()
    question = answer.question
    if previous is not None and previous.pk != answer.pk:
        take_back(f"accepted:{previous.pk}", reason="accepted_elsewhere", by_id=by.pk)
    if answer.author_id and answer.author_id != question.author_id:
        award(
            answer.author_id,
            Kind.ACCEPTED,
            r.accepted_answer,
            key=f"accepted:{answer.pk}",
            actor_id=by.pk,
            post=answer,
        )
        award(
            question.author_id,
            Kind.ACCEPTED_ASKER,
            r.accepted_asker,
            key=f"accepted_asker:{question.pk}",
            actor_id=by.pk,
            post=question,
        )


def answer_unaccepted(answer: Answer, *, by=None) -> None:
    by_id = getattr(by, "pk", None)
    take_back(f"accepted:{answer.pk}", reason="unaccepted", by_id=by_id)
    take_back(f"accepted_asker:{answer.question_id}", reason="unaccepted", by_id=by_id)


def official_marked(answer: Answer, *, by) -> None:
    if answer.author_id and answer.author_id != by.pk:
        award(
            answer.author_id,
            Kind.OFFICIAL,
            rules().official_answer,
            key=f"official:{answer.pk}",
            actor_id=by.pk,
            post=answer,
        )


def official_unmarked(answer: Answer, *, by=None) -> None:
    take_back(f"official:{answer.pk}", reason="unmarked", by_id=getattr(by, "pk", None))


def _spam_key(post) -> str:
    return f"spam:{type(post).__name__.lower()}:{post.pk}"


def removed_as_spam(post, *, by) -> None:
    award(
        post.author_id,
        Kind.SPAM,
        rules().removed_as_spam,
        key=_spam_key(post),
        reason="awarded",
        actor_id=getattr(by, "pk", None),
        post=post,
    )


def restored(post, *, by) -> None:
    take_back(_spam_key(post), reason="restored", by_id=getattr(by, "pk", None))


def flags_upheld(post, *, flags: Iterable[tuple[int, int]], by=None) -> None:
    """``flags`` are (flag id, flagger id) pairs the moderators upheld."""
    points = rules().flag_upheld
    for flag_id, flagger_id in flags:
        award(
            flagger_id,
            Kind.FLAG_UPHELD,
            points,
            key=f"flag:{flag_id}",
            actor_id=getattr(by, "pk", None),
            post=post,
        )


def article_published(user_id: int | None, page) -> None:
    award(user_id, Kind.ARTICLE, rules().article_published, key=f"article:{page.pk}", post=page)


def article_unpublished(page) -> None:
    take_back(f"article:{page.pk}", reason="unpublished")


def sanctioned(member_id: int, *, sanction_id: int, kind: str, by=None) -> None:
    """A warning, suspension or ban: no points, but the record is no longer clean."""
    award(
        member_id,
        Kind.SANCTION,
        0,
        key=f"sanction:{sanction_id}",
        reason=kind,
        actor_id=getattr(by, "pk", None),
    )


def sanction_lifted(sanction_id: int, *, by=None) -> None:
    take_back(f"sanction:{sanction_id}", reason="lifted", by_id=getattr(by, "pk", None))
