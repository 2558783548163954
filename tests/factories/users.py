import factory
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

from hub.models import Profile

# The groups of the hub's roles. Every one of them can open the Wagtail admin, so every one
# of them must use two-factor authentication.
MODERATORS = "Moderators"
COMMUNITY_MANAGERS = "Community managers"
EXPERTS = "Experts"
ROLE_GROUP_PERMISSIONS = {
    MODERATORS: ["wagtailadmin.access_admin"],
    EXPERTS: ["wagtailadmin.access_admin"],
    COMMUNITY_MANAGERS: [
        "wagtailadmin.access_admin",
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtailimages.choose_image",
        "hub.change_brandsettings",
    ],
}

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
    groups = {}
    for name, perms in ROLE_GROUP_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=name)
        for dotted in perms:
            app_label, codename = dotted.split(".")
            permission = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if permission:
                group.permissions.add(permission)
        groups[name] = group
    return groups


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    password = factory.django.Password(settings.DEMO_PASSWORD)

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
