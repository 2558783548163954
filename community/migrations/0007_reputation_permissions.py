"""The community managers run the reputation rules and the ambassador programme.
(The permissions are those of the roles table in hub.roles.)"""

from django.db import migrations

from hub.roles import granting


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0006_reputation_ledger_and_levels"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(granting("community"), migrations.RunPython.noop)]
