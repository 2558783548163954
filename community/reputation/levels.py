"""Levels and privileges: what each level asks of a member (points, days since joining, recent
posts, a clean record), the level a member's inputs give, a change of level (recorded and
announced, never silent), what each level unlocks, and the progress a member reads on their
profile.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from community import signals
from community.models import Answer, Comment, Question
from community.reputation.models import (
    Level,
    LevelChange,
    ReputationEvent,
    ReputationRules,
    Standing,
)
from community.rules import rules

User = get_user_model()
Kind = ReputationEvent.Kind


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


def window_start(r: ReputationRules, now: datetime) -> datetime:
    return now - timedelta(days=r.active_window_days)


def recent_posts(user_id: int, since: datetime) -> int:
    return sum(
        model.objects.filter(author_id=user_id, is_public=True, created_at__gte=since).count()
        for model in (Question, Answer, Comment)
    )


def marked_members(user_ids, r: ReputationRules, now: datetime) -> set[int]:
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
    return user_id not in marked_members([user_id], r, now)


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
        recent_posts=recent_posts(standing.user_id, window_start(r, now)) if needs_more else None,
        clean=_clean(standing.user_id, r, now) if needs_more else True,
        ambassador=standing.ambassador_since is not None,
    )


def loss_reason(old: int, i: Inputs, r: ReputationRules, now) -> str:
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
        reason = "points" if new > old else loss_reason(old, i, r, now)
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
