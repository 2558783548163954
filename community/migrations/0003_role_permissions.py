"""Give the hub's role groups their community permissions (the groups are created if missing,
so a fresh install has them too; the community manager can change them in the admin).
(The permissions are those of the roles table in hub.roles.)"""

from django.db import migrations

from hub.roles import granting


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0002_questions_answers_comments"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(granting("community"), migrations.RunPython.noop)]
