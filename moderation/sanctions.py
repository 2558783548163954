"""Sanctions on members: watch (their posts wait for approval for a while), warn, suspend on a
ladder (1, 3, 7, then 30 days within a year), ban, and lift any of them early. Each checks
permission, changes state in one transaction and tells the reputation ledger (a sanction
breaks a clean record); the email that tells the member why goes out from a task after the
commit. A sanction taken from a queue item is logged by the action (actions.py); a suspension
or ban taken elsewhere, and every lift, log themselves.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from community.reputation import events as reputation
from hub.models import Profile

from .models import AuditEntry, Sanction
from .notices import language_of, mail_notice, reply_text, tell_member
from .permissions import check_sanction
from .queue import Post, audit, question_of

User = get_user_model()
Action = AuditEntry.Action


def watch(member, *, by, reason: str = "", days: int | None = None) -> Sanction:
    """For a while, the member's posts wait for approval (approve-and-watch)."""
    days = days or settings.AGORA_WATCH_DAYS
    sanction = Sanction.objects.create(
        member=member,
        kind=Sanction.Kind.WATCH,
        by=by,
        reason=reason,
        days=days,
        ends_at=timezone.now() + timedelta(days=days),
    )
    return sanction


def _check_member(member, by) -> None:
    if member is None:
        raise ValidationError(_("This post has no author any more."))
    if member.pk == by.pk:
        raise ValidationError(_("You cannot sanction yourself."))
    if member.has_perm("community.moderate_posts") or member.is_superuser:
        raise ValidationError(_("Moderators are not sanctioned from the queue."))


@transaction.atomic
def warn(member, *, by, reason: str = "", canned=None, post: Post | None = None) -> Sanction:
    """A warning the member reads; it expires after ``AGORA_WARNING_DAYS``."""
    check_sanction(by, severe=False)
    _check_member(member, by)
    if not reason and not canned:
        raise ValidationError(_("Say why you warn this member."))
    days = settings.AGORA_WARNING_DAYS
    text = reply_text(reason=reason, canned=canned, language=language_of(member))
    sanction = Sanction.objects.create(
        member=member,
        kind=Sanction.Kind.WARNING,
        by=by,
        reason=text,
        days=days,
        ends_at=timezone.now() + timedelta(days=days),
    )
    reputation.sanctioned(member.pk, sanction_id=sanction.pk, kind="warn", by=by)
    if post is not None:
        tell_member(member, post=post, by=by, kind="warned", reason=reason, canned=canned)
    else:
        mail_notice(member, kind="warned", reason=reason, canned=canned, url="")
    return sanction


def next_suspension_days(member) -> int:
    """1, 3, 7, then 30 days: each suspension in the last year takes the next step."""
    steps = settings.AGORA_SUSPENSION_STEPS
    earlier = Sanction.objects.filter(
        member=member,
        kind=Sanction.Kind.SUSPENSION,
        created_at__gte=timezone.now() - timedelta(days=365),
    ).count()
    return steps[min(earlier, len(steps) - 1)]


@transaction.atomic
def suspend(member, *, by, reason: str = "", canned=None, post: Post | None = None) -> int:
    """Suspend a member for the next step of the ladder; they can read but not post."""
    check_sanction(by, severe=True)
    _check_member(member, by)
    if not reason and not canned:
        raise ValidationError(_("Say why you suspend this member."))
    profile = Profile.objects.select_for_update().get(user=member)
    days = next_suspension_days(member)
    until = timezone.now() + timedelta(days=days)
    sanction = Sanction.objects.create(
        member=member,
        kind=Sanction.Kind.SUSPENSION,
        by=by,
        reason=reply_text(reason=reason, canned=canned, language=language_of(member)),
        days=days,
        ends_at=until,
    )
    reputation.sanctioned(member.pk, sanction_id=sanction.pk, kind="suspend", by=by)
    profile.suspended_until = max(until, profile.suspended_until or until)
    profile.save(update_fields=["suspended_until", "updated_at"])
    url = question_of(post).get_absolute_url() if post is not None else ""
    mail_notice(member, kind="suspended", reason=reason, canned=canned, url=url, until=until)
    if post is None:
        audit(Action.SUSPEND, by=by, subject=member, reason=reason, after={"days": days})
    return days


@transaction.atomic
def ban(member, *, by, reason: str = "", post: Post | None = None) -> None:
    """Close a member's account for good: they cannot sign in; their posts stay as they are
    (the moderators remove what needs removing)."""
    check_sanction(by, severe=True)
    _check_member(member, by)
    if not reason:
        raise ValidationError(_("Say why you ban this member."))
    sanction = Sanction.objects.create(member=member, kind=Sanction.Kind.BAN, by=by, reason=reason)
    reputation.sanctioned(member.pk, sanction_id=sanction.pk, kind="ban", by=by)
    User.objects.filter(pk=member.pk).update(is_active=False)
    member.is_active = False
    if post is None:
        audit(Action.BAN, by=by, subject=member, reason=reason)


@transaction.atomic
def lift(sanction: Sanction, *, by) -> bool:
    """End a suspension, ban, watch or warning early."""
    check_sanction(by, severe=sanction.kind in (Sanction.Kind.SUSPENSION, Sanction.Kind.BAN))
    sanction = Sanction.objects.select_for_update().get(pk=sanction.pk)
    if not sanction.is_active:
        return False
    sanction.lifted_at, sanction.lifted_by = timezone.now(), by
    sanction.save(update_fields=["lifted_at", "lifted_by"])
    reputation.sanction_lifted(sanction.pk, by=by)
    member = sanction.member
    if sanction.kind == Sanction.Kind.SUSPENSION:
        others = (
            Sanction.objects.filter(member=member, kind=Sanction.Kind.SUSPENSION, lifted_at=None)
            .filter(ends_at__gt=timezone.now())
            .order_by("-ends_at")
            .values_list("ends_at", flat=True)
            .first()
        )
        Profile.objects.filter(user=member).update(suspended_until=others)
    elif sanction.kind == Sanction.Kind.BAN:
        User.objects.filter(pk=member.pk).update(is_active=True)
    audit(Action.LIFT, by=by, subject=member, reason=sanction.get_kind_display())
    return True


def is_watched(member) -> bool:
    return Sanction.objects.filter(
        member=member, kind=Sanction.Kind.WATCH, lifted_at=None, ends_at__gt=timezone.now()
    ).exists()
