"""Who may work the moderation queue and what they may do there.

``can_*`` return a bool; ``check_*`` raise PermissionDenied with a reason people can read.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from community.permissions import can_manage_ambassadors, can_moderate, moderated_topics
from experts.permissions import can_verify

from .models import ModeratorScope, QueueItem


def scope_of(user) -> set[int] | None:
    """The topics a moderator is limited to (None: the whole hub). Registered with the
    community so that thread pages follow the same limits as the queue."""
    if not user.is_authenticated:
        return None
    scope = ModeratorScope.objects.filter(user=user).prefetch_related("topics").first()
    if scope is None:
        return None
    return {topic.pk for topic in scope.topics.all()}


def can_work_queue(user) -> bool:
    return can_moderate(user)


def check_work_queue(user) -> None:
    if not can_work_queue(user):
        raise PermissionDenied(_("Only moderators and community managers work the queue."))


def is_limited(user) -> bool:
    return moderated_topics(user) is not None


def can_manage_crisis(user) -> bool:
    """Crisis mode and bad-buzz alerts are the community manager's."""
    return bool(
        user.is_authenticated and user.is_active and user.has_perm("moderation.manage_crisis")
    )


def can_view_listening(user) -> bool:
    """The listening dashboard and the voice-of-the-community reports."""
    return bool(
        user.is_authenticated and user.is_active and user.has_perm("moderation.view_listening")
    )


def check_view_listening(user) -> None:
    if not can_view_listening(user):
        raise PermissionDenied(_("Only the community managers see the listening dashboard."))


def can_act_on(user, item: QueueItem) -> bool:
    """A moderator acts on the items of their topics; expert applications are for the people
    who verify experts (the community manager)."""
    if not can_work_queue(user):
        return False
    if item.kind == QueueItem.Kind.APPLICATION:
        return can_verify(user)
    if item.kind == QueueItem.Kind.AMBASSADOR:
        return can_manage_ambassadors(user)
    if item.kind == QueueItem.Kind.PUPPETS:
        return not is_limited(user)
    if item.kind == QueueItem.Kind.BUZZ:
        return can_manage_crisis(user)
    topics = moderated_topics(user)
    return topics is None or item.topic_id in topics


def check_act_on(user, item: QueueItem) -> None:
    if not can_act_on(user, item):
        raise PermissionDenied(_("This item is outside the topics you moderate."))


def can_sanction(user, *, severe: bool) -> bool:
    """Any moderator may warn; suspensions and bans (hub-wide) are for moderators of the whole
    hub and community managers."""
    if not can_work_queue(user):
        return False
    return not severe or not is_limited(user)


def check_sanction(user, *, severe: bool) -> None:
    if not can_sanction(user, severe=severe):
        raise PermissionDenied(_("Moderators limited to some topics can warn, not suspend or ban."))


def visible_items(user):
    """The queue this person may see (nothing for those who do not moderate)."""
    items = QueueItem.objects.all()
    if not can_work_queue(user):
        return items.none()
    if not can_verify(user):
        items = items.exclude(kind=QueueItem.Kind.APPLICATION)
    if not can_manage_ambassadors(user):
        items = items.exclude(kind=QueueItem.Kind.AMBASSADOR)
    if not can_manage_crisis(user):
        items = items.exclude(kind=QueueItem.Kind.BUZZ)
    topics = moderated_topics(user)
    if topics is not None:
        items = items.filter(topic__in=topics)
    return items
