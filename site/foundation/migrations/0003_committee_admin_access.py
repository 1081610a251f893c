"""The steering committee edits its partnership pages (and later records) in the admin."""

from django.db import migrations

COMMITTEE = "Comité de pilotage"


def forwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _ = ContentType.objects.get_or_create(app_label="wagtailadmin", model="admin")
    access_admin, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename="access_admin",
        defaults={"name": "Can access Wagtail admin"},
    )
    committee, _ = Group.objects.get_or_create(name=COMMITTEE)
    committee.permissions.add(access_admin)


class Migration(migrations.Migration):
    dependencies = [("coopsite", "0002_groups_and_locales")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
