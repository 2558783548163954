import html

from django import template
from django.core.exceptions import ObjectDoesNotExist
from django.utils.safestring import mark_safe

from hub.brand import Brand, brand_for_request, resolve_brand
from hub.permissions import can_access_admin as _can_access_admin

register = template.Library()


@register.simple_tag(takes_context=True)
def brand_settings(context) -> Brand:
    request = context.get("request")
    if request is None:
        return resolve_brand(None)
    return brand_for_request(request)


def _profile(user):
    try:
        return user.profile
    except ObjectDoesNotExist:  # a user row without a profile yet (created outside the hub)
        return None


@register.simple_tag
def member_name(user) -> str:
    profile = _profile(user)
    return profile.name if profile else user.get_username()


def avatar_html(user, size: int = 40, profile=None) -> str:
    """The markup of a member's avatar, or of their initials on a coloured disc (decorative
    next to a name). Plain string building: long threads call it once per post."""
    profile = profile if profile is not None else _profile(user)
    if profile and profile.avatar and not profile.anonymised_at:
        url = html.escape(profile.avatar.url)
        return (
            f'<img class="avatar" src="{url}" alt="" width="{size}" height="{size}" loading="lazy">'
        )
    initials = profile.initials if profile else user.get_username()[:1].upper()
    return (
        f'<span class="avatar avatar-initials avatar-{size}" aria-hidden="true">'
        f"{html.escape(initials)}</span>"
    )


@register.simple_tag
def avatar(user, size: int = 40):
    return mark_safe(avatar_html(user, size))


@register.filter
def can_access_admin(user) -> bool:
    return _can_access_admin(user)


@register.filter
def link_url(link) -> str:
    """The address of a LinkBlock value: its page if chosen, else its URL."""
    if not link:
        return ""
    page = link.get("page")
    if page:
        return page.url or ""
    return link.get("url") or ""
