"""Services of curation and crisis mode (the community manager's levers): the home page's
editorial picks, and crisis mode, which puts an official statement on every affected page and
slows or holds the posts of a topic (or of the whole hub)."""

from __future__ import annotations

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from community.models import Question, TopicPage
from hub import pagecache

from .models import AuditEntry, CrisisMode, EditorialPick
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


def home_picks(limit: int = 6) -> list[dict]:
    """The picks the home page shows: public questions and live pages only. Cached under the
    page cache's version, which any change to the picks (or a publication) bumps."""
    key = f"moderation:home-picks:{pagecache.current_version()}:{limit}"
    picks = cache.get(key)
    if picks is None:
        rows = EditorialPick.objects.select_related("question", "page").filter(
            Q(question__isnull=True) | Q(question__is_public=True),
            Q(page__isnull=True) | Q(page__live=True),
        )
        picks = [{"url": p.url, "title": p.title, "blurb": p.blurb} for p in rows[:limit]]
        cache.set(key, picks, 300)
    return picks


def picks_changed(**kwargs) -> None:
    transaction.on_commit(pagecache.bump_version)


def can_curate(user) -> bool:
    return bool(
        user.is_authenticated and user.is_active and user.has_perm("moderation.add_editorialpick")
    )


@transaction.atomic
def feature(
    *, by, question: Question | None = None, page=None, blurb: str = "", audited: bool = True
) -> EditorialPick:
    """Put a question or an article among the home page's editorial picks (once)."""
    if not can_curate(by):
        raise PermissionDenied(_("Only community managers choose the editorial picks."))
    if question is not None and not question.is_public:
        raise ValidationError(_("Only a published question can be featured."))
    target = {"question": question} if question is not None else {"page": page}
    pick, created = EditorialPick.objects.get_or_create(
        **target, defaults={"blurb": blurb, "created_by": by}
    )
    if created and audited:
        audit(AuditEntry.Action.FEATURE, by=by, target=question or page)
    if created:
        transaction.on_commit(pagecache.bump_version)
    return pick
