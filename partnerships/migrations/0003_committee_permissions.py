"""The steering committee manages partnership records; nobody else gets these permissions."""

from django.db import migrations

COMMITTEE = "Comité de pilotage"
MODELS = ["partnership", "organisation", "contribution"]
ACTIONS = ["add", "change", "delete", "view"]


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations ran: create them now.
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    committee, _ = Group.objects.get_or_create(name=COMMITTEE)
    for model in MODELS:
        content_type, _ = ContentType.objects.get_or_create(app_label="partnerships", model=model)
        for action in ACTIONS:
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type,
                codename=f"{action}_{model}",
                defaults={"name": f"Can {action} {model}"},
            )
            committee.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("partnerships", "0002_partnership_records"),
        ("coopsite", "0003_committee_admin_access"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
