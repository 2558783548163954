"""The community managers verify experts and edit their profiles and topic teams; experts no
longer hold the official-answer permission hub-wide (they get it for their areas through
experts.backends.ExpertAreaBackend).

Wagtail's first migrations make its "Moderators" group approve every page of the tree. In the
hub, moderators moderate posts, not pages, and whether an expert's articles are reviewed is a
choice per section (experts.services.sections.sync_review); so that default workflow is
unassigned."""

from django.db import migrations

from hub.roles import granting


def unassign_page_workflow(apps, schema_editor):
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    WorkflowPage.objects.filter(workflow__name="Moderators approval", page__depth=1).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("experts", "0001_initial"),
        ("community", "0003_role_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        # The roles table (hub.roles) grants the experts' permissions and refuses experts the
        # official-answer permission hub-wide.
        migrations.RunPython(granting("experts", "community"), migrations.RunPython.noop),
        migrations.RunPython(unassign_page_workflow, migrations.RunPython.noop),
    ]
