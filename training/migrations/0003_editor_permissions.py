"""Editors manage the catalogue: sessions, themes, audiences, and see the registrations."""

from django.db import migrations

EDITORS = "Éditeurs"
PERMISSIONS = [
    ("trainingsession", ["add", "change", "delete", "view"]),
    ("theme", ["add", "change", "delete", "view"]),
    ("audience", ["add", "change", "delete", "view"]),
    ("registration", ["change", "view"]),
]


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations ran: create them now.
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    editors, _ = Group.objects.get_or_create(name=EDITORS)
    for model, actions in PERMISSIONS:
        content_type, _ = ContentType.objects.get_or_create(app_label="training", model=model)
        for action in actions:
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type,
                codename=f"{action}_{model}",
                defaults={"name": f"Can {action} {model}"},
            )
            editors.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("training", "0002_training"),
        ("coopsite", "0002_groups_and_locales"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
