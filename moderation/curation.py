"""Services of curation, one of the community manager's levers: the editorial picks the home
page shows, questions or articles, chosen from the admin or featured from a queue item."""

from __future__ import annotations

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from community.models import Question
from hub import pagecache

from .models import AuditEntry, EditorialPick
from .queue import audit


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
