"""Give the community managers the listening dashboard, its reports and its settings."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {
    "Community managers": [
        "view_listening",
        "view_listeningsettings",
        "change_listeningsettings",
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
    dependencies = [("moderation", "0005_listening")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
