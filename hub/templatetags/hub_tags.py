from django import template
from django.core.exceptions import ObjectDoesNotExist
from django.utils.html import format_html

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


@register.simple_tag
def avatar(user, size: int = 40):
    """The member's avatar, or their initials on a coloured disc; decorative next to a name."""
    profile = _profile(user)
    if profile and profile.avatar and not profile.anonymised_at:
        return format_html(
            '<img class="avatar" src="{}" alt="" width="{}" height="{}" loading="lazy">',
            profile.avatar.url,
            size,
            size,
        )
    initials = profile.initials if profile else user.get_username()[:1].upper()
    return format_html(
        '<span class="avatar avatar-initials avatar-{}" aria-hidden="true">{}</span>',
        size,
        initials,
    )


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
