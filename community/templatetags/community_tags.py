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

from hub.templatetags.hub_tags import avatar_html

from .. import queries
from ..permissions import can_edit_post, can_vote

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


@register.simple_tag
def byline(post, size: int = 32):
    """Who wrote a post and when, with the brand badge for brand voices (PRODUCT.md
    principle 1: a member can always tell a brand voice from a customer voice)."""
    author = post.author
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
        else ""
    )
    created = post.created_at
    return mark_safe(
        f'<span class="byline">{picture} <span class="byline-name">{who}</span>{badge} '
        f'<time datetime="{created.isoformat()}">{short_datetime(created)}</time></span>'
    )


@register.simple_tag
def unread_notifications(user) -> int:
    return queries.unread_count(user)


@register.filter
def may_edit(user, post) -> bool:
    return can_edit_post(user, post)


@register.filter
def may_vote(user, post) -> bool:
    return can_vote(user, post)


@register.simple_tag
def submission_token() -> str:
    """A fresh token for an inline form: the same submission sent twice creates one post."""
    return str(uuid.uuid4())
