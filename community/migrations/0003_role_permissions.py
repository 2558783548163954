"""Give the hub's role groups their community permissions (the groups are created if missing,
so a fresh install has them too; the community manager can change them in the admin)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {
    "Moderators": ["moderate_posts", "speak_for_brand"],
    "Community managers": ["moderate_posts", "mark_official", "speak_for_brand"],
    "Experts": ["mark_official", "speak_for_brand"],
}


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; this one needs them now.
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
        ("community", "0002_questions_answers_comments"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
