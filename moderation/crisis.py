"""Services of crisis mode, the community manager's lever when something goes wrong: switched
on in one action for a topic (or the whole hub), it puts an official statement on every affected
page and slows or holds the posts there (``crisis_policy``, which community.limits asks for
every post), until it is switched off. Listening's bad-buzz alerts switch it on from the
dashboard.
"""

from __future__ import annotations

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from community.models import TopicPage
from hub import pagecache

from .models import AuditEntry, CrisisMode
from .permissions import can_manage_crisis
from .queue import audit

CRISES_KEY = "moderation:active-crises"


def active_crises() -> list[dict]:
    """The crises on now, cached briefly: every post and every page asks."""
    crises = cache.get(CRISES_KEY)
    if crises is None:
        crises = list(
            CrisisMode.objects.filter(active=True).values(
                "pk", "topic_id", "title", "statement", "slow_factor", "premoderate", "started_at"
            )
        )
        cache.set(CRISES_KEY, crises, 60)
    return crises


def crises_for(topic_id: int | None) -> list[dict]:
    return [c for c in active_crises() if c["topic_id"] in (None, topic_id)]


def _changed() -> None:
    cache.delete(CRISES_KEY)
    transaction.on_commit(lambda: cache.delete(CRISES_KEY))
    transaction.on_commit(pagecache.bump_version)


@transaction.atomic
def start_crisis(
    *,
    by,
    title: str,
    statement: str,
    topic: TopicPage | None = None,
    slow_factor: int = 4,
    premoderate: bool = True,
) -> CrisisMode:
    """Switch crisis mode on for a topic (or the whole hub) in one action."""
    if not can_manage_crisis(by):
        raise PermissionDenied(_("Only community managers switch crisis mode on."))
    if not title.strip() or not statement.strip():
        raise ValidationError(_("Write the official statement that every affected page shows."))
    try:
        with transaction.atomic():
            crisis = CrisisMode.objects.create(
                topic=topic,
                title=title.strip(),
                statement=statement.strip(),
                slow_factor=max(1, min(slow_factor, 100)),
                premoderate=premoderate,
                started_by=by,
            )
    except IntegrityError:
        raise ValidationError(_("Crisis mode is already on here.")) from None
    audit(
        AuditEntry.Action.CRISIS_ON,
        by=by,
        target=topic,
        subject=by,
        reason=f"{crisis.title}\n\n{crisis.statement}",
        after={
            "topic": topic.title if topic else "",
            "slow_factor": crisis.slow_factor,
            "premoderate": crisis.premoderate,
        },
    )
    _changed()
    return crisis


@transaction.atomic
def end_crisis(crisis: CrisisMode, *, by) -> bool:
    if not can_manage_crisis(by):
        raise PermissionDenied(_("Only community managers switch crisis mode off."))
    ended = CrisisMode.objects.filter(pk=crisis.pk, active=True).update(
        active=False, ended_at=timezone.now(), ended_by=by
    )
    if ended:
        audit(
            AuditEntry.Action.CRISIS_OFF,
            by=by,
            target=crisis.topic,
            subject=by,
            reason=crisis.title,
            before={"topic": crisis.topic.title if crisis.topic_id else ""},
        )
        _changed()
    return bool(ended)


def crisis_policy(user, topic) -> dict | None:
    """The posting rule of crisis mode (community.limits asks it for every post)."""
    crises = crises_for(topic.pk if topic is not None else None)
    if not crises:
        return None
    rule = {"slow": max(c["slow_factor"] for c in crises)}
    if any(c["premoderate"] for c in crises):
        rule["hold"] = "crisis"
    return rule
