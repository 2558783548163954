"""Give the role groups their moderation permissions: moderators read the audit log, the
sanctions and the canned replies; community managers also write the canned replies and
limit moderators to topics."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

READ = ["view_auditentry", "view_sanction", "view_cannedreply"]
GRANTS = {
    "Moderators": READ,
    "Community managers": READ
    + [
        "receive_alerts",
        "manage_crisis",
        "view_editorialpick",
        "add_editorialpick",
        "change_editorialpick",
        "delete_editorialpick",
        "add_cannedreply",
        "change_cannedreply",
        "delete_cannedreply",
        "view_moderatorscope",
        "add_moderatorscope",
        "change_moderatorscope",
        "delete_moderatorscope",
    ],
}


def grant(apps, schema_editor):
    config = apps.get_app_config("moderation")
    config.models_module = True
    create_permissions(config, verbosity=0, apps=apps)
    config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GRANTS.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="moderation", codename__in=codenames)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
