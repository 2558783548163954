"""Who may do what in the hub. Views and templates ask these, never user flags inline."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied
from django.utils import formats, timezone
from django.utils.translation import gettext as _


def can_access_admin(user) -> bool:
    return bool(
        user.is_authenticated and user.is_active and user.has_perm("wagtailadmin.access_admin")
    )


def requires_mfa(user) -> bool:
    """Every account that can reach the Wagtail admin must use two-factor authentication."""
    return can_access_admin(user)


def has_verified_email(user) -> bool:
    if not user.is_authenticated:
        return False
    cached = getattr(user, "_agora_verified_email", None)
    if cached is None:
        cached = EmailAddress.objects.filter(user=user, verified=True).exists()
        user._agora_verified_email = cached
    return cached


def suspended_until(user):
    """When a suspended member may post again (None: not suspended)."""
    if not user.is_authenticated:
        return None
    cached = getattr(user, "_agora_suspended_until", False)
    if cached is False:
        profile = getattr(user, "profile", None)
        cached = profile.suspended_until if profile else None
        user._agora_suspended_until = cached
    return cached if cached and cached > timezone.now() else None


def can_post(user) -> bool:
    """Writing anything public needs an active account with a verified email address, and no
    suspension running."""
    return bool(
        user.is_authenticated
        and user.is_active
        and has_verified_email(user)
        and suspended_until(user) is None
    )


def check_can_post(user) -> None:
    if not user.is_authenticated:
        raise PermissionDenied(_("Log in to take part."))
    if not user.is_active:
        raise PermissionDenied(_("This account is not active."))
    if not has_verified_email(user):
        raise PermissionDenied(_("Confirm your email address before you post."))
    if until := suspended_until(user):
        raise PermissionDenied(
            _("Your account is suspended until %(date)s: you can read but not post.")
            % {"date": formats.date_format(timezone.localtime(until), "DATETIME_FORMAT")}
        )


def can_view_profile(viewer, member) -> bool:
    return bool(member.is_active and not getattr(member.profile, "anonymised_at", None))
