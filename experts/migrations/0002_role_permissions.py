"""The community managers verify experts and edit their profiles and topic teams; experts no
longer hold the official-answer permission hub-wide (they get it for their areas through
experts.backends.ExpertAreaBackend).

Wagtail's first migrations make its "Moderators" group approve every page of the tree. In the
hub, moderators moderate posts, not pages, and whether an expert's articles are reviewed is a
choice per section (experts.services.sync_review); so that default workflow is unassigned."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CM_GRANTS = [
    "verify_expert",
    "add_expertprofile",
    "change_expertprofile",
    "view_expertprofile",
    "add_topicteam",
    "change_topicteam",
    "view_topicteam",
    "delete_topicteam",
]


def grant(apps, schema_editor):
    config = apps.get_app_config("experts")
    config.models_module = True
    create_permissions(config, verbosity=0, apps=apps)
    config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    cms, _created = Group.objects.get_or_create(name="Community managers")
    cms.permissions.add(
        *Permission.objects.filter(content_type__app_label="experts", codename__in=CM_GRANTS)
    )
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    WorkflowPage.objects.filter(workflow__name="Moderators approval", page__depth=1).delete()
    experts = Group.objects.filter(name="Experts").first()
    if experts is not None:
        experts.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="community", codename="mark_official"
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("experts", "0001_initial"),
        ("community", "0003_role_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
