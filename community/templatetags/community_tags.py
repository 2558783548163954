"""Template tags of the community, also used by the hub's base template (the inbox count)."""

import uuid

from django import template
from django.core.exceptions import ObjectDoesNotExist
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _

from hub.templatetags.hub_tags import avatar

from .. import queries
from ..permissions import can_edit_post, can_vote

register = template.Library()


def _name(user) -> tuple[str, str]:
    if user is None:
        return _("Deleted member"), ""
    try:
        profile = user.profile
    except ObjectDoesNotExist:
        return user.get_username(), ""
    if profile.anonymised_at or not user.is_active:
        return profile.name, ""
    return profile.name, reverse("hub:member-profile", args=[user.username])


@register.simple_tag
def byline(post, size: int = 32):
    """Who wrote a post and when, with the brand badge for brand voices (PRODUCT.md
    principle 1: a member can always tell a brand voice from a customer voice)."""
    author = post.author
    name, url = _name(author)
    picture = avatar(author, size) if author is not None else ""
    who = format_html('<a href="{}">{}</a>', url, name) if url else name
    badge = (
        format_html('<span class="badge badge-brand">{}</span>', _("Brand team"))
        if post.by_brand
        else ""
    )
    moment = timezone.localtime(post.created_at)
    return format_html(
        '<span class="byline">{} <span class="byline-name">{}</span>{} '
        '<time datetime="{}">{}</time></span>',
        picture,
        who,
        badge,
        moment.isoformat(),
        formats.date_format(moment, "DATETIME_FORMAT"),
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
