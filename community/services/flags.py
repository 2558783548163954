"""Flags: a member tells the moderators a post needs a look (one flag per member per post, weighed
by the flagger's level and record); enough flags hide a published post until a moderator
reviews it, and the moderators' verdict settles the open flags.
"""

from __future__ import annotations

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count

from community import signals
from community.models import Flag, Level, PostState
from community.permissions import can_moderate, check_flag, is_brand_voice, member_level
from community.rules import rules
from community.services.moderation import hide_post
from community.services.threads import Post, post_kind, question_of


def flag_weight(user, level: int | None = None) -> int:
    """How much a member's flag counts: more for ambassadors, for members at the level the
    rules say, and for someone whose earlier flags were upheld (``level``: already read)."""
    if can_moderate(user) or is_brand_voice(user):
        return 3
    level = member_level(user) if level is None else level
    if level >= Level.AMBASSADOR:
        return 3
    if level >= rules().flag_weight_level:
        return 2
    record = dict(
        Flag.objects.filter(flagger=user)
        .exclude(outcome=Flag.Outcome.OPEN)
        .values_list("outcome")
        .annotate(n=Count("pk"))
    )
    upheld, dismissed = record.get(Flag.Outcome.UPHELD, 0), record.get(Flag.Outcome.DISMISSED, 0)
    return 2 if upheld >= 3 and upheld > 2 * dismissed else 1


def flag_target(post: Post) -> str:
    return f"{post_kind(post)}:{post.pk}"


@transaction.atomic
def flag_post(post: Post, *, by, reason: str, text: str = "") -> tuple[Flag, bool]:
    """Tell the moderators a post needs a look. One flag per member per post; when enough
    distinct members flag a published post, it is hidden until a moderator reviews it."""
    check_flag(by, post)
    target = flag_target(post)
    level = member_level(by)
    try:
        with transaction.atomic():
            flag = Flag.objects.create(
                flagger=by,
                target=target,
                question=question_of(post),
                author_id=post.author_id,
                reason=reason,
                text=text.strip(),
                weight=flag_weight(by, level),
            )
    except IntegrityError:
        return Flag.objects.get(flagger=by, target=target), False
    hidden = False
    flaggers = Flag.objects.filter(target=target, outcome=Flag.Outcome.OPEN).count()
    # Enough distinct members, or one ambassador (helping triage), hide it pending review.
    enough = flaggers >= settings.AGORA_FLAGS_TO_HIDE or level >= Level.AMBASSADOR
    if enough and post.state == PostState.PUBLISHED:
        hidden = hide_post(post)
    signals.post_flagged.send(type(post), post=post, flag=flag, hidden=hidden)
    return flag, True


def settle_flags(post: Post, *, upheld: bool, by=None) -> int:
    """Record the moderators' verdict on the open flags of a post (the flaggers' record)."""
    outcome = Flag.Outcome.UPHELD if upheld else Flag.Outcome.DISMISSED
    open_flags = Flag.objects.select_for_update().filter(
        target=flag_target(post), outcome=Flag.Outcome.OPEN
    )
    flags = list(open_flags.values_list("pk", "flagger_id"))
    if not flags:
        return 0
    Flag.objects.filter(pk__in=[pk for pk, _flagger in flags]).update(outcome=outcome)
    signals.flags_settled.send(type(post), post=post, upheld=upheld, flags=flags, by=by)
    return len(flags)
