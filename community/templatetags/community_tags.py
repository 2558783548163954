"""Template tags of the community, also used by the hub's base template (the inbox count).

``byline`` runs once per post, hundreds of times on a long thread, so it builds its HTML
directly instead of going through reverse() and the template date filter for every post.
"""

import html
import uuid
from functools import lru_cache

from django import template
from django.core.exceptions import ObjectDoesNotExist
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.dates import MONTHS_3
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from hub.identity import Identity, identity_of
from hub.templatetags.hub_tags import avatar_html

from .. import queries
from ..models import Level, ThreadNote
from ..permissions import can_edit_post, can_edit_tags, can_flag, can_view_points, can_vote
from ..reputation import ambassadors as ambassador_programme
from ..reputation.boards import leaderboard
from ..reputation.ledger import history, reason_text
from ..reputation.levels import progress

register = template.Library()


def escape(value) -> str:
    """The standard library's escaping (what Django's escape() does, without its lazy-string
    wrapper, which costs more than the escaping on a long thread)."""
    return html.escape(str(value), quote=True)


PROFILE_PLACEHOLDER = "__member__"


@lru_cache(maxsize=1)
def _profile_url_pattern() -> str:
    return reverse("hub:member-profile", args=[PROFILE_PLACEHOLDER])


@lru_cache(maxsize=8)
def _months(language: str) -> list[str]:
    with translation.override(language):
        return [str(MONTHS_3[m]).capitalize() for m in range(1, 13)]


@register.filter
def short_datetime(moment) -> str:
    """ "Nov 22, 2026, 21:38" in English, "22 Nov 2026, 21:38" in French."""
    moment = timezone.localtime(moment)
    language = translation.get_language() or "en"
    month = _months(language)[moment.month - 1]
    if language.startswith("fr"):
        return f"{moment.day} {month.lower()} {moment.year}, {moment:%H:%M}"
    return f"{month} {moment.day}, {moment.year}, {moment:%H:%M}"


MISSING = object()


def post_identity(post) -> Identity | None:
    """The brand identity shown on a post: attached in bulk by the query that loaded it, or
    looked up here for a single post."""
    if not post.by_brand or post.author is None:
        return None
    identity = getattr(post, "identity", MISSING)
    if identity is MISSING:
        identity = identity_of(post.author.pk)
        post.identity = identity
    return identity


def identity_html(identity: Identity, size: int) -> str:
    """Photo, real name, verified badge and job title of a brand voice (principle 1)."""
    if identity.photo_url:
        picture = (
            f'<img class="avatar" src="{escape(identity.photo_url)}" alt="" width="{size}" '
            f'height="{size}" loading="lazy">'
        )
    else:
        picture = (
            f'<span class="avatar avatar-initials avatar-{size}" aria-hidden="true">'
            f"{escape(identity.initials)}</span>"
        )
    role = identity.role_line
    role_html = f' <span class="byline-role">{escape(role)}</span>' if role else ""
    badge_class = "badge-former" if identity.departed else "badge-verified"
    return (
        f'{picture} <span class="byline-name"><a href="{escape(identity.url)}">'
        f"{escape(identity.name)}</a></span>"
        f' <span class="badge {badge_class}">{escape(identity.badge)}</span>{role_html}'
    )


def ambassador_badge(author) -> str:
    """The ambassador badge, when the query that loaded the author also loaded their standing
    (the thread's does): a byline never costs a query of its own."""
    if author is None or "standing" not in author._state.fields_cache:
        return ""
    standing = author._state.fields_cache["standing"]
    if standing is None or standing.ambassador_since is None:
        return ""
    return f' <span class="badge badge-ambassador">{escape(_("Ambassador"))}</span>'


@register.simple_tag
def byline(post, size: int = 32):
    """Who wrote a post and when. A brand voice shows their real name, photo, job title and
    verified badge (PRODUCT.md principle 1: a member can always tell a brand voice from a
    customer voice, and an official statement from a personal opinion)."""
    author = post.author
    identity = post_identity(post)
    created = post.created_at
    when = f'<time datetime="{created.isoformat()}">{short_datetime(created)}</time>'
    if identity is not None:
        personal = (
            f' <span class="badge badge-personal">{escape(_("Personal opinion"))}</span>'
            if getattr(post, "personal", False)
            else ""
        )
        return mark_safe(
            f'<span class="byline byline-brand">{identity_html(identity, size)}{personal} '
            f"{when}</span>"
        )
    picture = ""
    if author is None:
        who = escape(_("Deleted member"))
    else:
        try:
            profile = author.profile
        except ObjectDoesNotExist:
            profile = None
        name = escape(profile.name if profile else author.get_username())
        picture = avatar_html(author, size, profile)
        if author.is_active and not (profile and profile.anonymised_at):
            url = _profile_url_pattern().replace(PROFILE_PLACEHOLDER, escape(author.username))
            who = f'<a href="{url}">{name}</a>'
        else:
            who = name
    badge = (
        f' <span class="badge badge-brand">{escape(_("Brand team"))}</span>'
        if post.by_brand
        else ambassador_badge(author)
    )
    return mark_safe(
        f'<span class="byline">{picture} <span class="byline-name">{who}</span>{badge} {when}</span>'
    )


@register.simple_tag
def identity_line(identity: Identity | None, size: int = 20):
    """A brand voice's photo, name, badge and title, inline (listings, search results)."""
    if identity is None:
        return ""
    return mark_safe(f'<span class="voice">{identity_html(identity, size)}</span>')


@register.simple_tag
def voice(user) -> str:
    """A member's name for a sentence ("Inès Haddad, Network engineer (Verified expert)"),
    used in emails and feeds."""
    if user is None:
        return _("Someone")
    identity = getattr(user, "identity", MISSING)
    if identity is MISSING:
        identity = identity_of(user.pk)
    if identity is not None:
        return identity.signature
    try:
        return user.profile.name
    except ObjectDoesNotExist:
        return user.get_username()


@register.simple_tag
def unread_notifications(user) -> int:
    return queries.unread_count(user)


@register.filter
def may_edit(user, post) -> bool:
    return can_edit_post(user, post)


@register.filter
def may_vote(user, post) -> bool:
    return can_vote(user, post)


SUPPORT_STATUS = {
    "open": _lazy("open"),
    "pending": _lazy("in progress"),
    "resolved": _lazy("resolved"),
    "closed": _lazy("closed"),
}


@register.filter
def may_flag(user, post) -> bool:
    return can_flag(user, post)


@register.simple_tag
def thread_note(note: ThreadNote) -> str:
    """What the hub says happened to a thread, in the reader's language."""
    values = note.values or {}
    if note.kind == ThreadNote.Kind.LOCKED:
        return _("The moderators locked this thread.")
    if note.kind == ThreadNote.Kind.UNLOCKED:
        return _("The moderators unlocked this thread.")
    if note.kind == ThreadNote.Kind.MOVED:
        return _("Moved from “%(before)s” to “%(after)s”.") % {
            "before": values.get("before", ""),
            "after": values.get("after", ""),
        }
    if note.kind == ThreadNote.Kind.MERGED:
        return _("The answers of a duplicate question (“%(title)s”) were merged here.") % {
            "title": values.get("title", "")
        }
    if note.kind == ThreadNote.Kind.SUPPORT:
        status = SUPPORT_STATUS.get(values.get("status", ""), values.get("status", ""))
        return _("Handled by customer support, case %(reference)s: %(status)s.") % {
            "reference": values.get("reference", ""),
            "status": status,
        }
    return ""


@register.simple_tag
def submission_token() -> str:
    """A fresh token for an inline form: the same submission sent twice creates one post."""
    return str(uuid.uuid4())


@register.filter
def may_edit_tags(user, question) -> bool:
    """Someone other than the author who may change the tags (the author edits the question)."""
    return bool(
        user.is_authenticated and question.author_id != user.pk and can_edit_tags(user, question)
    )


@register.inclusion_tag("community/includes/reputation_panel.html", takes_context=True)
def reputation_panel(context, member) -> dict:
    """A member's level and points on their profile; for themselves (and the community
    team), what the next level needs and the latest lines of their points history."""
    viewer = context["request"].user
    own = viewer.is_authenticated and viewer.pk == member.pk
    shown = can_view_points(viewer, member)
    found = progress(member) if shown else None
    standing = found["standing"] if found else getattr(member, "standing", None)
    lines = list(history(member)[:10]) if shown else []
    return {
        "member": member,
        "own": own,
        "level": Level(standing.level if standing else 0),
        "points": standing.points if standing else 0,
        "ambassador": bool(standing and standing.ambassador_since),
        "progress": found,
        "lines": [(line, reason_text(line)) for line in lines],
        "request": context["request"],
    }


@register.simple_tag
def ambassadors(limit: int = 12) -> list:
    return ambassador_programme.ambassadors(limit)


@register.simple_tag
def top_contributors(period: str = "month", limit: int = 5) -> list:
    return leaderboard(period, limit=limit)
