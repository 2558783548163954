"""Who may do what in the hub. Views and templates ask these, never user flags inline."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied
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


def can_post(user) -> bool:
    """Writing anything public needs an active account with a verified email address."""
    return bool(user.is_authenticated and user.is_active and has_verified_email(user))


def check_can_post(user) -> None:
    if not user.is_authenticated:
        raise PermissionDenied(_("Log in to take part."))
    if not user.is_active:
        raise PermissionDenied(_("This account is not active."))
    if not has_verified_email(user):
        raise PermissionDenied(_("Confirm your email address before you post."))


def can_view_profile(viewer, member) -> bool:
    return bool(member.is_active and not getattr(member.profile, "anonymised_at", None))
