"""Follows and notifications: following and unfollowing a question, a topic or a tag, marking
notifications read, and applying a signed unsubscribe link from an email.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from community.models import Follow, Notification
from hub.services import get_profile


def _follow_target(question=None, topic=None, tag=None) -> dict:
    target = {
        k: v for k, v in {"question": question, "topic": topic, "tag": tag}.items() if v is not None
    }
    if len(target) != 1:
        raise ValueError("Follow exactly one question, topic or tag.")
    return target


def follow(user, *, question=None, topic=None, tag=None) -> bool:
    """Follow a question, a topic or a tag; returns False if already followed."""
    target = _follow_target(question, topic, tag)
    if not user.is_authenticated:
        raise PermissionDenied(_("Log in to follow."))
    try:
        with transaction.atomic():
            Follow.objects.create(user=user, **target)
    except IntegrityError:
        return False
    return True


def unfollow(user, *, question=None, topic=None, tag=None) -> bool:
    target = _follow_target(question, topic, tag)
    deleted, _rows = Follow.objects.filter(user=user, **target).delete()
    return bool(deleted)


def mark_read(user, *, ids: Iterable[int] | None = None) -> int:
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=list(ids))
    return unread.update(read_at=timezone.now())


def unsubscribe(user, *, scope: str) -> str:
    """Apply a signed unsubscribe link: "all" stops every email, "question:<id>" stops
    following that question. Returns what was done, for the confirmation page."""
    if scope.startswith("question:"):
        Follow.objects.filter(user=user, question_id=int(scope.split(":", 1)[1])).delete()
        return "question"
    profile = get_profile(user)
    profile.email_frequency = profile.EmailFrequency.NEVER
    profile.save(update_fields=["email_frequency", "updated_at"])
    return "all"
