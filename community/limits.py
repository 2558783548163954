"""Rate limits and new-member limits (PRODUCT.md's reference numbers, as settings).

The clock is the database itself (when the member last posted), so limits hold across
processes and survive a cache outage. Brand voices and moderators are never limited.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import Answer, Comment, HelpfulVote, Question
from .permissions import can_moderate, has_privilege, is_brand_voice
from .rules import rules


class RateLimited(Exception):
    """An exceeded limit. ``message`` says what happened and when to try again."""

    def __init__(self, message: str, retry_after: int):
        super().__init__(message)
        self.message = message
        self.retry_after = max(1, retry_after)


def format_wait(seconds: int) -> str:
    if seconds < 90:
        return ngettext("%(n)d second", "%(n)d seconds", seconds) % {"n": seconds}
    minutes = math.ceil(seconds / 60)
    if minutes < 90:
        return ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes}
    hours = math.ceil(seconds / 3600)
    return ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours}


UNSET = object()

# Higher apps add rules here (crisis mode, members under watch, spam checks) without the
# community importing them; see ``register_posting_policy`` and ``register_content_check``.
_policies: list = []
_content_checks: list = []


def register_posting_policy(policy) -> None:
    """``policy(user, topic) -> dict | None``: ``{"slow": factor}`` multiplies the waits
    between posts, ``{"hold": "reason"}`` sends the post to the moderators first."""
    if policy not in _policies:
        _policies.append(policy)


def register_content_check(check) -> None:
    """``check(post) -> str | None``: a reason to hold the post for the moderators (the post
    is rendered but not saved yet). A check that fails holds the post; it never loses it."""
    if check not in _content_checks:
        _content_checks.append(check)


def policy_for(user, topic) -> dict:
    """The extra rules for this member posting in this topic: the largest slow-down and every
    reason to hold the post."""
    combined = {"slow": 1, "hold": []}
    for policy in _policies:
        rule = policy(user, topic) or {}
        combined["slow"] = max(combined["slow"], rule.get("slow", 1))
        if rule.get("hold"):
            combined["hold"].append(rule["hold"])
    return combined


def slowed(limits: dict, factor: int) -> dict:
    """The same limits with every wait between posts multiplied by ``factor``."""
    if factor <= 1:
        return limits
    return {
        **limits,
        "seconds_between_posts": max(limits["seconds_between_posts"], 1) * factor,
        "seconds_between_questions": max(limits["seconds_between_questions"], 1) * factor,
    }


def content_holds(post) -> list[str]:
    """Reasons the content checks give to hold ``post``; a check that raised holds it too."""
    reasons = []
    for check in _content_checks:
        try:
            reason = check(post)
        except Exception:  # a broken check must not lose the post
            reason = "check_failed"
        if reason:
            reasons.append(reason)
    return reasons


def limits_for(user, *, new_member: bool | None = None) -> dict | None:
    """The limits that apply to ``user`` (None: unlimited). ``new_member`` saves a query when
    the caller already knows."""
    if is_brand_voice(user) or can_moderate(user):
        return None
    if new_member is None:
        new_member = not has_privilege(user, rules().links_images_level)
    return settings.AGORA_NEW_MEMBER_LIMITS if new_member else settings.AGORA_MEMBER_LIMITS


def _wait_until(moment: datetime, now: datetime) -> int:
    return math.ceil((moment - now).total_seconds())


def _last_post_at(user) -> datetime | None:
    times = [
        model.objects.filter(author=user).aggregate(last=Max("created_at"))["last"]
        for model in (Question, Answer, Comment)
    ]
    times = [t for t in times if t]
    return max(times) if times else None


def hold_member(user) -> None:
    """Serialise this member's posts: lock their account row until the current transaction
    ends, so that the check of their limits and the write after it run one request at a
    time. N parallel posts then save exactly what the limits allow. (PostgreSQL waits on the
    row; SQLite's immediate transactions already run one writer at a time.)"""
    list(
        get_user_model().objects.select_for_update().filter(pk=user.pk).values_list("pk", flat=True)
    )


def check_pace(last: datetime | None, gap: int, *, now: datetime | None = None) -> None:
    """Raise RateLimited when ``gap`` seconds have not passed since the member's last post at
    ``last`` (anything a member writes: posts here, article comments elsewhere)."""
    if not (last and gap):
        return
    now = now or timezone.now()
    if now < last + timedelta(seconds=gap):
        wait = _wait_until(last + timedelta(seconds=gap), now)
        raise RateLimited(
            _("You are posting quickly. You can post again in %(wait)s.")
            % {"wait": format_wait(wait)},
            wait,
        )


def waits_for_moderation(user, *, applying=UNSET, new_member: bool | None = None) -> bool:
    """A new member's posts wait for a moderator (when pre-moderation is on) until the level
    the reputation rules set; anyone without limits (brand voices, moderators) never waits."""
    if new_member is None:
        new_member = not has_privilege(user, rules().no_premoderation_level)
    if applying is UNSET:
        applying = limits_for(user, new_member=new_member)
    return bool(settings.AGORA_PREMODERATE_NEW_MEMBERS and applying is not None and new_member)


def check_posting(user, *, kind: str, limits=UNSET) -> None:
    """Raise RateLimited when ``user`` may not post a ``kind`` ("question", "answer",
    "comment") right now."""
    limits = limits_for(user) if limits is UNSET else limits
    if limits is None:
        return
    now = timezone.now()
    check_pace(_last_post_at(user), limits["seconds_between_posts"], now=now)
    if kind == "question":
        gap = limits["seconds_between_questions"]
        last_question = Question.objects.filter(author=user).aggregate(last=Max("created_at"))[
            "last"
        ]
        if last_question and gap and now < last_question + timedelta(seconds=gap):
            wait = _wait_until(last_question + timedelta(seconds=gap), now)
            raise RateLimited(
                _("You can ask another question in %(wait)s.") % {"wait": format_wait(wait)},
                wait,
            )
    first_day = limits.get("posts_first_day")
    day_ends = user.date_joined + timedelta(days=1)
    if first_day and now < day_ends:
        posted = sum(
            model.objects.filter(author=user, created_at__gte=user.date_joined).count()
            for model in (Question, Answer, Comment)
        )
        if posted >= first_day:
            wait = _wait_until(day_ends, now)
            raise RateLimited(
                ngettext(
                    "On their first day, members can post %(limit)d time. You can post again in %(wait)s.",
                    "On their first day, members can post %(limit)d times. You can post again in %(wait)s.",
                    first_day,
                )
                % {"limit": first_day, "wait": format_wait(wait)},
                wait,
            )


def check_content(user, *, links: int, images: int, limits=UNSET) -> None:
    """Raise ValidationError when a body has more links or images than the member may post."""
    limits = limits_for(user) if limits is UNSET else limits
    if limits is None:
        return
    errors = []
    if links > limits["max_links"]:
        errors.append(
            ValidationError(
                ngettext(
                    "Your post has %(count)d links; you can include at most %(limit)d for now.",
                    "Your post has %(count)d links; you can include at most %(limit)d for now.",
                    links,
                )
                % {"count": links, "limit": limits["max_links"]},
                code="too_many_links",
            )
        )
    if images and not limits["images"]:
        errors.append(
            ValidationError(
                _("Images can be added once one of your posts has been approved."),
                code="no_images_yet",
            )
        )
    if errors:
        raise ValidationError(errors)


def check_voting(user) -> None:
    limit = settings.AGORA_VOTES_PER_DAY
    if not limit:
        return
    now = timezone.now()
    since = now - timedelta(days=1)
    recent = HelpfulVote.objects.filter(voter=user, created_at__gte=since)
    if recent.count() >= limit:
        oldest = recent.order_by("created_at").values_list("created_at", flat=True)[0]
        wait = _wait_until(oldest + timedelta(days=1), now)
        raise RateLimited(
            _("You have used your %(limit)d votes for today. You can vote again in %(wait)s.")
            % {"limit": limit, "wait": format_wait(wait)},
            wait,
        )
