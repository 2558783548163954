import functools

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from wagtail.models import GroupPagePermission

from hub.models import Profile
from hub.roles import (
    COMMUNITY_MANAGERS,
    EXPERTS,
    MODERATORS,
    grant_role_permissions,
    settle_page_permissions,
)

# username -> (display name, group, superuser?)
DEMO_ROLES = {
    "member": ("Camille Martin", None, False),
    "member2": ("Jonas Weber", None, False),
    "expert": ("Inès Haddad", EXPERTS, False),
    "moderator": ("Lucas Moreau", MODERATORS, False),
    "cm": ("Sarah Lefèvre", COMMUNITY_MANAGERS, False),
    "admin": ("Site Admin", None, True),
}


def ensure_role_groups() -> dict[str, Group]:
    """The role groups as the migrations leave them, from the same table (hub.roles): a
    flushed test database has lost them."""
    groups = grant_role_permissions()
    settle_page_permissions()
    return groups


@functools.cache
def _demo_password_hash(hasher: str) -> str:
    return make_password(settings.DEMO_PASSWORD)


def demo_password_hash() -> str:
    """The demo password, hashed once per process and hasher: every demo account shares the
    same public password, and hashing it anew for each of ~90 accounts made seeding take most
    of a minute with the production hasher."""
    return _demo_password_hash(settings.PASSWORD_HASHERS[0])


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    password = factory.LazyFunction(demo_password_hash)

    @factory.post_generation
    def display_name(self, create, extracted, **kwargs):
        if create and extracted is not None:
            Profile.objects.filter(user=self).update(display_name=extracted)


class VerifiedUserFactory(UserFactory):
    """A member who confirmed their email address: the normal, able-to-post member."""

    @factory.post_generation
    def verified_email(self, create, extracted, **kwargs):
        if create:
            EmailAddress.objects.update_or_create(
                user=self, email=self.email, defaults={"verified": True, "primary": True}
            )


class StaffGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Group
        django_get_or_create = ("name",)

    name = MODERATORS


def activate_totp(user, secret: str) -> None:
    """Give an account a TOTP device with a known secret, plus recovery codes."""
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, secret)
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.RECOVERY_CODES).exists():
        RecoveryCodes.activate(user)


CM_PAGE_PERMISSIONS = ("add", "change", "publish", "lock", "unlock")


def grant_page_permissions(group_name: str, page, permission_types=CM_PAGE_PERMISSIONS) -> None:
    """Let a group edit and publish the page tree below `page` in the Wagtail admin."""
    group = Group.objects.get(name=group_name)
    for permission_type in permission_types:
        if not GroupPagePermission.objects.filter(
            group=group, page=page, permission__codename=f"{permission_type}_page"
        ).exists():
            GroupPagePermission.objects.create(
                group=group, page=page, permission_type=permission_type
            )


def demo_account(username: str, display_name: str):
    """A demo account that signs in with the demo password; an existing one is kept as it is
    (seeding twice changes nothing)."""
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        user = VerifiedUserFactory(
            username=username, email=f"{username}@demo.example", display_name=display_name
        )
    return user
