"""Every role group holds what the roles table (hub.roles) grants, across every app: until now
the data migrations granted each app's permissions alone, so a fresh install's community
managers and experts could not open the admin nor the community managers edit a page (only the
demo gave them that), and Wagtail's default "Moderators" group could still publish the whole
page tree."""

from django.db import migrations

from hub.roles import settle_page_permissions, granting


def settle_pages(apps, schema_editor):
    settle_page_permissions(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0006_listening_permissions"),
        ("community", "0008_post_tone"),
        ("experts", "0002_role_permissions"),
        ("hub", "0002_member_suspension"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunPython(
            granting("hub", "community", "experts", "moderation", "wagtailadmin", "wagtailimages"),
            migrations.RunPython.noop,
        ),
        migrations.RunPython(settle_pages, migrations.RunPython.noop),
    ]
