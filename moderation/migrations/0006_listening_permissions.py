"""Give the community managers the listening dashboard, its reports and its settings.
(The permissions are those of the roles table in hub.roles.)"""

from django.db import migrations

from hub.roles import granting


class Migration(migrations.Migration):
    dependencies = [("moderation", "0005_listening")]

    operations = [migrations.RunPython(granting("moderation"), migrations.RunPython.noop)]
