"""Editors import and export the register of members."""

from django.db import migrations

EDITORS = "Éditeurs"


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    editors, _ = Group.objects.get_or_create(name=EDITORS)
    content_type, _ = ContentType.objects.get_or_create(
        app_label="governance", model="registerimport"
    )
    for action in ("add", "view"):
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type,
            codename=f"{action}_registerimport",
            defaults={"name": f"Can {action} register import"},
        )
        editors.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0003_register_imports"),
        ("coopsite", "0002_groups_and_locales"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
