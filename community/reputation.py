"""Reputation: the ledger, points, levels, privileges and the ambassador programme.

Every change of a member's points is a line in the append-only ledger (``ReputationEvent``),
written in the same transaction as what caused it (a vote, an acceptance...), with the points
it was actually worth once the rules and caps applied and the reason. Taking something back
writes a compensating line. ``Standing.points`` is the sum of a member's lines and
``Standing.level`` follows from it; ``rebuild`` recomputes both from the ledger alone.

Awards are keyed ("vote:12:vote_answer:34"): a key has at most one live award (an award no
compensating line cancels), which is what makes a second click, a replayed signal or an
accept/unaccept cycle earn nothing more. Writes for one member are serialised by a lock on
their ``Standing`` row, so that concurrent votes cannot both squeeze under a cap.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from django.db.models import Case, Count, F, IntegerField, Q, Sum, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from . import signals
from .models import (
    Answer,
    Comment,
    Level,
    LevelChange,
    Question,
    ReputationEvent,
    ReputationRules,
    Standing,
)
from .permissions import check_manage_ambassadors, member_level
from .rules import rules

User = get_user_model()
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


# --- the ledger ---------------------------------------------------------------------------------


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


# --- what happens elsewhere, in points ----------------------------------------------------------


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


# --- levels -------------------------------------------------------------------------------------


@dataclass
class Inputs:
    """What a member's level depends on."""

    points: int
    approved_posts: int
    joined: datetime
    recent_posts: int | None  # None: not counted (not needed below the contributor threshold)
    clean: bool
    ambassador: bool


@dataclass
class Requirement:
    code: str
    label: str
    have: int | bool
    need: int | bool
    met: bool
    missing: str = ""


def _days_since(moment: datetime, now: datetime) -> int:
    return max((now - moment).days, 0)


def requirements(level: int, i: Inputs, r: ReputationRules, now=None) -> list[Requirement]:
    """What reaching ``level`` asks of a member, each requirement with what they have. Level 4
    lists what makes a candidate for the ambassador programme (the CM decides)."""
    now = now or timezone.now()
    if level <= Level.NEWCOMER:
        return []
    if level == Level.MEMBER:
        met = i.approved_posts >= 1
        return [
            Requirement(
                "approved",
                _("One post approved by the moderators"),
                i.approved_posts,
                1,
                met,
                "" if met else _("Post a question or an answer; once approved, you are a member."),
            )
        ]
    points, days, posts = {
        Level.CONTRIBUTOR: (r.contributor_points, r.contributor_days, r.contributor_posts),
        Level.REGULAR: (r.regular_points, r.regular_days, r.regular_posts),
    }.get(level, (r.candidate_points, r.candidate_days, r.candidate_posts))
    joined_days = _days_since(i.joined, now)
    recent = i.recent_posts or 0
    found = [
        Requirement(
            "points",
            ngettext("%(n)d point", "%(n)d points", points) % {"n": points},
            i.points,
            points,
            i.points >= points,
            ngettext("%(n)d more point", "%(n)d more points", points - i.points)
            % {"n": points - i.points},
        ),
        Requirement(
            "days",
            ngettext("%(n)d day since joining", "%(n)d days since joining", days) % {"n": days},
            joined_days,
            days,
            joined_days >= days,
            ngettext("%(n)d more day", "%(n)d more days", days - joined_days)
            % {"n": days - joined_days},
        ),
        Requirement(
            "posts",
            ngettext(
                "%(n)d post in the last %(window)d days",
                "%(n)d posts in the last %(window)d days",
                posts,
            )
            % {"n": posts, "window": r.active_window_days},
            recent,
            posts,
            recent >= posts,
            ngettext("%(n)d more recent post", "%(n)d more recent posts", posts - recent)
            % {"n": posts - recent},
        ),
        Requirement(
            "clean",
            _("No sanction and no post removed as spam in the last %(days)d days")
            % {"days": r.clean_record_days},
            i.clean,
            True,
            i.clean,
            _("A clean record for %(days)d days") % {"days": r.clean_record_days},
        ),
    ]
    return found


def level_for(i: Inputs, r: ReputationRules, now=None) -> int:
    if i.ambassador:
        return Level.AMBASSADOR
    reached = Level.NEWCOMER
    for level in (Level.MEMBER, Level.CONTRIBUTOR, Level.REGULAR):
        if all(req.met for req in requirements(level, i, r, now)):
            reached = level
        else:
            break
    return reached


def _window_start(r: ReputationRules, now: datetime) -> datetime:
    return now - timedelta(days=r.active_window_days)


def recent_posts(user_id: int, since: datetime) -> int:
    return sum(
        model.objects.filter(author_id=user_id, is_public=True, created_at__gte=since).count()
        for model in (Question, Answer, Comment)
    )


def _marks(user_ids, r: ReputationRules, now: datetime) -> set[int]:
    """The members among ``user_ids`` with a live sanction or spam removal in the window.

    Lines are found by the member's index and their compensations by ``reverses``; a
    ``reverses IS NULL`` condition in SQL would tempt SQLite into its unique index on that
    column, i.e. into walking every award of the ledger."""
    lines = list(
        ReputationEvent.objects.filter(
            user_id__in=list(user_ids),
            kind__in=(Kind.SANCTION, Kind.SPAM),
            created_at__gte=now - timedelta(days=r.clean_record_days),
        )
        .order_by()
        .values_list("pk", "user_id", "reverses_id")
    )
    awards = {pk: user for pk, user, reverses in lines if reverses is None}
    if not awards:
        return set()
    cancelled = set(
        ReputationEvent.objects.filter(reverses_id__in=list(awards)).values_list(
            "reverses_id", flat=True
        )
    )
    return {user for pk, user in awards.items() if pk not in cancelled}


def _clean(user_id: int, r: ReputationRules, now: datetime) -> bool:
    return user_id not in _marks([user_id], r, now)


def inputs_for(standing: Standing, r: ReputationRules, now=None, *, full=False) -> Inputs:
    """The inputs of one member's level. Below the contributor threshold only points and
    approved posts matter, so the activity is counted only when it can change something."""
    now = now or timezone.now()
    joined = User.objects.filter(pk=standing.user_id).values_list("date_joined", flat=True)[0]
    needs_more = (
        full or standing.points >= r.contributor_points or standing.level >= Level.CONTRIBUTOR
    )
    return Inputs(
        points=standing.points,
        approved_posts=standing.approved_posts,
        joined=joined,
        recent_posts=recent_posts(standing.user_id, _window_start(r, now)) if needs_more else None,
        clean=_clean(standing.user_id, r, now) if needs_more else True,
        ambassador=standing.ambassador_since is not None,
    )


def _loss_reason(old: int, i: Inputs, r: ReputationRules, now) -> str:
    unmet = [req for req in requirements(old, i, r, now) if not req.met]
    return unmet[0].code if unmet else "rules"


def refresh_level(
    standing: Standing,
    *,
    by=None,
    reason: str = "",
    note: str = "",
    inputs: Inputs | None = None,
    r: ReputationRules | None = None,
) -> int:
    """Put the member at the level their inputs give. A change is recorded, and announced with
    ``level_changed`` (the receivers explain it to the member, on site and by email)."""
    r = r or rules()
    now = timezone.now()
    i = inputs or inputs_for(standing, r, now)
    new = level_for(i, r, now)
    old = standing.level
    if new == old:
        return new
    if not reason:
        reason = "points" if new > old else _loss_reason(old, i, r, now)
    Standing.objects.filter(pk=standing.pk).update(level=new, level_changed_at=now)
    standing.level, standing.level_changed_at = new, now
    LevelChange.objects.create(
        user_id=standing.user_id, from_level=old, to_level=new, reason=reason, by=by, created_at=now
    )
    signals.level_changed.send(
        Standing, standing=standing, old=old, new=new, reason=reason, by=by, note=note
    )
    return new


def privileges_of(level: int, r: ReputationRules) -> list[str]:
    """What a member of ``level`` gains (the privileges whose threshold is this level)."""
    gains = []
    if r.no_premoderation_level == level:
        gains.append(_("your posts are published without waiting for a moderator"))
    if r.links_images_level == level:
        gains.append(_("you can add links and images"))
    if r.flag_weight_level == level:
        gains.append(_("your flags weigh double in the moderation queue"))
    if r.edit_tags_level == level:
        gains.append(_("you can edit the tags of any question"))
    if level == Level.AMBASSADOR:
        gains.append(_("the ambassador badge on your posts and a place on the home page"))
        gains.append(
            _("your flag hides a post at once until a moderator reviews it (helping triage)")
        )
    return gains


LOSS_REASONS = {
    "points": gettext_lazy("your points fell below the threshold"),
    "days": gettext_lazy("the level asks for more days since joining"),
    "posts": gettext_lazy("you posted less than the level asks in the recent window"),
    "clean": gettext_lazy("a sanction or a post removed as spam in the recent window"),
    "approved": gettext_lazy("no approved post"),
    "revoked": gettext_lazy("the community team ended your ambassador role"),
    "rules": gettext_lazy("the community team changed the level rules"),
}


def level_message(old: int, new: int, reason: str, note: str = "") -> str:
    """What the member reads about a level change, in the active language."""
    name = Level(new).label
    if new > old:
        text = _("You are now at the level %(level)s.") % {"level": name}
        gains = privileges_of(new, rules())
        if gains:
            text += " " + _("From now on: %(gains)s.") % {"gains": "; ".join(gains)}
    else:
        why = LOSS_REASONS.get(reason, LOSS_REASONS["rules"])
        text = _("You are back at the level %(level)s: %(why)s.") % {"level": name, "why": why}
        text += " " + _("Your profile shows what you need to reach the next level again.")
    if note:
        text += "\n\n" + note
    return text


# --- the ambassador programme -------------------------------------------------------------------


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


# --- what the pages show ------------------------------------------------------------------------


def progress(member) -> dict:
    """The member's level, and exactly what they still need for the next one."""
    r = rules()
    standing = Standing.objects.filter(pk=member.pk).first() or Standing(user=member)
    now = timezone.now()
    i = inputs_for(standing, r, now, full=True)
    nxt = standing.level + 1 if standing.level < Level.AMBASSADOR else None
    reqs = requirements(nxt, i, r, now) if nxt else []
    return {
        "standing": standing,
        "level": Level(standing.level),
        "next": Level(nxt) if nxt else None,
        "requirements": reqs,
        "privileges": [p for level in range(standing.level + 1) for p in privileges_of(level, r)],
        "next_privileges": privileges_of(nxt, r) if nxt else [],
        "candidate": nxt == Level.AMBASSADOR,
    }


def history(member):
    """The member's ledger, newest first, each line with the reason to read."""
    return ReputationEvent.objects.filter(user=member).order_by("-created_at", "-pk")


def reason_text(event: ReputationEvent) -> str:
    return str(REASONS.get(event.reason, event.reason))


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


# --- recomputing from the ledger ----------------------------------------------------------------


def _bulk_inputs(standings: list[Standing], r: ReputationRules, now: datetime) -> dict[int, Inputs]:
    ids = [s.user_id for s in standings]
    joined = dict(User.objects.filter(pk__in=ids).values_list("pk", "date_joined"))
    since = _window_start(r, now)
    recent: dict[int, int] = defaultdict(int)
    for model in (Question, Answer, Comment):
        for author_id, n in (
            model.objects.filter(author_id__in=ids, is_public=True, created_at__gte=since)
            .values("author_id")
            .annotate(n=Count("pk"))
            .values_list("author_id", "n")
        ):
            recent[author_id] += n
    marked = _marks(ids, r, now)
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
                                else _loss_reason(standing.level, i, r, now)
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
