"""Groups of the cooperative and the English locale.

Wagtail's own migrations create the groups "Editors" and "Moderators" with page, image,
document and translation permissions; we rename them into French instead of duplicating them,
then add the members' and steering committee's groups. Page-level rights on the restricted
areas and their view restrictions are set where those pages are created (load_demo), since
the pages do not exist yet at migration time.
"""

from django.db import migrations

EDITORS = "Éditeurs"
MODERATORS = "Modérateurs"
MEMBERS = "Sociétaires"
COMMITTEE = "Comité de pilotage"


def _permission(apps, app_label, model, codename, name):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": name}
    )
    return permission


def _rename_or_create(Group, old, new):
    group = Group.objects.filter(name=new).first()
    if group is None:
        group = Group.objects.filter(name=old).first()
        if group is None:
            group = Group.objects.create(name=new)
        else:
            group.name = new
            group.save(update_fields=["name"])
    return group


def forwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    Locale = apps.get_model("wagtailcore", "Locale")

    editors = _rename_or_create(Group, "Editors", EDITORS)
    _rename_or_create(Group, "Moderators", MODERATORS)
    Group.objects.get_or_create(name=MEMBERS)
    Group.objects.get_or_create(name=COMMITTEE)

    # Editors write, publish and translate every page of the site.
    root = Page.objects.filter(depth=1).first()
    if root is not None:
        for codename, name in [
            ("add_page", "Can add page"),
            ("change_page", "Can change page"),
            ("publish_page", "Can publish page"),
            ("lock_page", "Can lock page"),
            ("unlock_page", "Can unlock page"),
        ]:
            permission = _permission(apps, "wagtailcore", "page", codename, name)
            GroupPagePermission.objects.get_or_create(
                group=editors, page=root, permission=permission
            )
    editors.permissions.add(
        _permission(apps, "wagtailadmin", "admin", "access_admin", "Can access Wagtail admin"),
        _permission(
            apps, "wagtail_localize", "translation", "submit_translation", "Can submit translations"
        ),
        _permission(apps, "coopsite", "sitesettings", "change_sitesettings", "Can change site settings"),
    )

    Locale.objects.get_or_create(language_code="fr")
    Locale.objects.get_or_create(language_code="en")


class Migration(migrations.Migration):
    dependencies = [
        ("coopsite", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
