"""The hub's role groups and what each may do: defined here once.

The data migrations grant this table (each app's migration its own permissions, the last one
all of them), and the demo and the tests build their groups from it, so a fresh install, the
demo and the test database agree. Every group here can open the Wagtail admin, so every member
of one must use two-factor authentication. The community manager may change the groups in the
admin afterwards; migrations only add what the table grants and take away what it refuses.
"""

from __future__ import annotations

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions

MODERATORS = "Moderators"
COMMUNITY_MANAGERS = "Community managers"
EXPERTS = "Experts"

# Moderators and community managers read the audit log, sanctions and canned replies.
MODERATION_READ = [
    "moderation.view_auditentry",
    "moderation.view_sanction",
    "moderation.view_cannedreply",
]

ROLE_GROUP_PERMISSIONS: dict[str, list[str]] = {
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

# What a role must not hold, even where an earlier default gave it.
ROLE_GROUP_REFUSALS: dict[str, list[str]] = {
    EXPERTS: ["community.mark_official"],
}

# Page permissions on the whole tree, from its root: the community manager arranges the home
# page, topics, the experts' index and the legal pages. No other role group holds any
# (Wagtail's first migration lets its "Moderators" group publish the whole tree; the hub's
# moderators moderate posts, not pages; experts get their own section when verified).
TREE_PAGE_PERMISSIONS: dict[str, tuple[str, ...]] = {
    COMMUNITY_MANAGERS: ("add", "change", "publish", "lock", "unlock"),
}


def grant_role_permissions(apps=global_apps, *, app_labels: set[str] | None = None) -> dict:
    """Give each role group the permissions of the table (only those of ``app_labels`` when
    given: a migration grants what its app has created so far), creating missing groups;
    take away what the table refuses. ``apps`` is a migration's historical registry or the
    live one. Returns the groups by name."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def keys(dotted_names):
        pairs = {tuple(dotted.split(".", 1)) for dotted in dotted_names}
        return {p for p in pairs if app_labels is None or p[0] in app_labels}

    wanted = keys(p for perms in ROLE_GROUP_PERMISSIONS.values() for p in perms)
    wanted |= keys(p for perms in ROLE_GROUP_REFUSALS.values() for p in perms)
    by_key = {
        (app_label, codename): pk
        for pk, app_label, codename in Permission.objects.filter(
            codename__in={codename for _app, codename in wanted}
        ).values_list("pk", "content_type__app_label", "codename")
    }
    groups = {}
    for name, perms in ROLE_GROUP_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(*(by_key[key] for key in keys(perms) if key in by_key))
        refused = keys(ROLE_GROUP_REFUSALS.get(name, ()))
        if refused:
            group.permissions.remove(*(by_key[key] for key in refused if key in by_key))
        groups[name] = group
    return groups


def settle_page_permissions(apps=global_apps) -> None:
    """The role groups' permissions on the page tree: the table's, from the root, and none
    anywhere else (an expert's own section is granted by verification, to a group of theirs)."""
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Permission = apps.get_model("auth", "Permission")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupPagePermission.objects.filter(
        group__name__in=set(ROLE_GROUP_PERMISSIONS) - set(TREE_PAGE_PERMISSIONS)
    ).delete()
    root = Page.objects.filter(depth=1).order_by("path").first()
    if root is None:
        return
    for name, kinds in TREE_PAGE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=name)
        for permission in Permission.objects.filter(
            content_type__app_label="wagtailcore", codename__in=[f"{k}_page" for k in kinds]
        ):
            GroupPagePermission.objects.get_or_create(group=group, page=root, permission=permission)


def granting(*app_labels: str):
    """A data migration's function: create the permissions of these apps now (Django creates
    permissions only after every migration has run) and grant the table's."""

    def grant(apps, schema_editor) -> None:
        for label in app_labels:
            config = apps.get_app_config(label)
            config.models_module = True
            create_permissions(config, verbosity=0, apps=apps)
            config.models_module = None
        grant_role_permissions(apps, app_labels=set(app_labels))

    return grant
