"""Give the role groups their moderation permissions: moderators read the audit log, the
sanctions and the canned replies; community managers also write the canned replies and
limit moderators to topics.
(The permissions are those of the roles table in hub.roles.)"""

from django.db import migrations

from hub.roles import granting


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(granting("moderation"), migrations.RunPython.noop)]
