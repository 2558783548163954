"""The community managers run the reputation rules and the ambassador programme."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {
    "Community managers": [
        "view_reputation_report",
        "manage_ambassadors",
        "change_reputationrules",
        "view_reputationrules",
        "view_gamingcase",
    ],
    "Moderators": ["view_reputation_report", "view_gamingcase"],
}


def grant(apps, schema_editor):
    config = apps.get_app_config("community")
    config.models_module = True
    create_permissions(config, verbosity=0, apps=apps)
    config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GRANTS.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="community", codename__in=codenames)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0006_reputation_ledger_and_levels"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
