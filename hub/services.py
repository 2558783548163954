"""Writes of the hub. Each checks permission, changes state in one transaction, and tells the
rest of the hub through a signal."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Profile
from .signals import collect_member_export, member_anonymised

User = get_user_model()

PROFILE_FIELDS = (
    "display_name",
    "bio",
    "preferred_language",
    "email_frequency",
    "notify_replies",
    "notify_mentions",
    "notify_follows",
)


def get_profile(user) -> Profile:
    profile, _created = Profile.objects.get_or_create(user=user)
    return profile


def update_profile(
    profile: Profile, *, by, avatar=None, remove_avatar: bool = False, **fields: Any
) -> Profile:
    """Change a member's profile. Only the member may; unknown fields are refused."""
    if by.pk != profile.user_id:
        raise PermissionDenied(_("You can only edit your own profile."))
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise ValueError(f"Unknown profile fields: {sorted(unknown)}")
    old_avatar = profile.avatar.name if profile.avatar else ""
    with transaction.atomic():
        for name, value in fields.items():
            setattr(profile, name, value)
        if avatar is not None:
            profile.avatar.save(avatar.name, avatar, save=False)
        elif remove_avatar:
            profile.avatar = ""
        profile.full_clean(exclude=["user", "avatar"])
        profile.save()
    if old_avatar and old_avatar != (profile.avatar.name if profile.avatar else ""):
        transaction.on_commit(lambda: profile.avatar.storage.delete(old_avatar))
    return profile


def build_member_export(user) -> bytes:
    """A zip archive of everything the hub holds about the member, in readable JSON."""
    profile = get_profile(user)
    account = {
        "username": user.username,
        "date_joined": user.date_joined.isoformat(),
        "last_login": user.last_login.isoformat() if user.last_login else None,
        "email_addresses": [
            {"email": e.email, "verified": e.verified, "primary": e.primary}
            for e in EmailAddress.objects.filter(user=user).order_by("-primary", "email")
        ],
        "two_factor_methods": sorted(
            Authenticator.objects.filter(user=user).values_list("type", flat=True)
        ),
        "connected_accounts": [
            {"provider": s.provider, "uid": s.uid} for s in SocialAccount.objects.filter(user=user)
        ],
    }
    profile_data = {name: getattr(profile, name) for name in PROFILE_FIELDS}
    profile_data["avatar"] = profile.avatar.name.rsplit("/", 1)[-1] if profile.avatar else None
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("account.json", json.dumps(account, indent=2, ensure_ascii=False))
        archive.writestr("profile.json", json.dumps(profile_data, indent=2, ensure_ascii=False))
        if profile.avatar:
            try:
                with profile.avatar.open("rb") as handle:
                    archive.writestr(f"avatar/{profile_data['avatar']}", handle.read())
            except OSError:
                pass  # the file went missing from storage; the rest of the export still matters
        for receiver, files in collect_member_export.send(sender=User, user=user):
            app_label = receiver.__module__.split(".")[0]
            for filename, data in files or []:
                archive.writestr(f"{app_label}/{filename}", data)
        archive.writestr(
            "README.txt",
            _("Your data from the hub, exported on %(date)s. Files are JSON in UTF-8.")
            % {"date": timezone.now().date().isoformat()},
        )
    return buffer.getvalue()


def delete_account(user, *, by) -> None:
    """Delete a member's account by anonymising it.

    The person's identity (name, email, avatar, bio, logins, two-factor devices, sessions) is
    erased; what they wrote stays in other members' threads under "Deleted member", so those
    threads still read. Higher apps anonymise their own records through ``member_anonymised``.
    """
    if by.pk != user.pk and not by.is_superuser:
        raise PermissionDenied(_("You can only delete your own account."))
    profile = get_profile(user)
    avatar = profile.avatar.name if profile.avatar else ""
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        user.username = f"deleted-{user.pk}"
        user.email = ""
        user.first_name = ""
        user.last_name = ""
        user.is_active = False
        user.is_staff = False
        user.is_superuser = False
        # A new password hash ends every open session of the account (Django checks it).
        user.set_unusable_password()
        user.save()
        user.groups.clear()
        user.user_permissions.clear()
        EmailAddress.objects.filter(user=user).delete()
        SocialAccount.objects.filter(user=user).delete()
        Authenticator.objects.filter(user=user).delete()
        Profile.objects.filter(pk=profile.pk).update(
            display_name="",
            bio="",
            avatar="",
            notify_replies=False,
            notify_mentions=False,
            notify_follows=False,
            email_frequency=Profile.EmailFrequency.NEVER,
            anonymised_at=timezone.now(),
        )
        member_anonymised.send(sender=User, user_id=user.pk)
    if avatar:
        transaction.on_commit(lambda: profile.avatar.storage.delete(avatar))
