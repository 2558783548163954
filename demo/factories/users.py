import factory
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission

from hub.models import Profile

# The groups of the hub's roles. Every one of them can open the Wagtail admin, so every one
# of them must use two-factor authentication.
MODERATORS = "Moderators"
COMMUNITY_MANAGERS = "Community managers"
EXPERTS = "Experts"
# What moderation's migration grants too (a flushed test database has lost it).
MODERATION_READ = [
    "moderation.view_auditentry",
    "moderation.view_sanction",
    "moderation.view_cannedreply",
]
ROLE_GROUP_PERMISSIONS = {
    MODERATORS: [
        "wagtailadmin.access_admin",
        "community.moderate_posts",
        "community.speak_for_brand",
        "community.view_reputation_report",
        "community.view_gamingcase",
        *MODERATION_READ,
    ],
    # Experts mark official answers only in their areas (experts.backends), not hub-wide.
    EXPERTS: ["wagtailadmin.access_admin", "community.speak_for_brand"],
    COMMUNITY_MANAGERS: [
        "wagtailadmin.access_admin",
        "community.moderate_posts",
        "community.mark_official",
        "community.speak_for_brand",
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtailimages.choose_image",
        "hub.change_brandsettings",
        "experts.verify_expert",
        "experts.add_expertprofile",
        "experts.change_expertprofile",
        "experts.view_expertprofile",
        "experts.add_topicteam",
        "experts.change_topicteam",
        "experts.view_topicteam",
        "experts.delete_topicteam",
        *MODERATION_READ,
        "moderation.receive_alerts",
        "moderation.manage_crisis",
        "moderation.view_listening",
        "moderation.view_listeningsettings",
        "moderation.change_listeningsettings",
        "community.view_reputation_report",
        "community.manage_ambassadors",
        "community.change_reputationrules",
        "community.view_reputationrules",
        "community.view_gamingcase",
        *(
            f"moderation.{verb}_{model}"
            for model in ("editorialpick", "cannedreply", "moderatorscope")
            for verb in ("view", "add", "change", "delete")
        ),
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
    wanted = {
        tuple(dotted.split(".")) for perms in ROLE_GROUP_PERMISSIONS.values() for dotted in perms
    }
    by_name = {
        (permission.content_type.app_label, permission.codename): permission
        for permission in Permission.objects.select_related("content_type").filter(
            codename__in={codename for _app, codename in wanted}
        )
    }
    groups = {}
    for name, perms in ROLE_GROUP_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *(by_name[key] for key in (tuple(d.split(".")) for d in perms) if key in by_name)
        )
        if name != COMMUNITY_MANAGERS:
            # Wagtail's first migration gives its default "Moderators" group the right to
            # publish the whole page tree; the hub's moderators moderate posts, not pages.
            group.page_permissions.all().delete()
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
