"""Groups, locales and production settings: what a fresh install must have."""

import os
import subprocess
import sys

import polib
import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from wagtail.models import GroupPagePermission, Locale, Page

pytestmark = pytest.mark.django_db


def test_groups_exist_in_french():
    names = set(Group.objects.values_list("name", flat=True))
    assert {settings.GROUP_EDITORS, settings.GROUP_MEMBERS, settings.GROUP_COMMITTEE} <= names
    assert "Editors" not in names


def test_editors_edit_publish_and_translate():
    editors = Group.objects.get(name=settings.GROUP_EDITORS)
    codenames = set(editors.permissions.values_list("codename", flat=True))
    assert {"access_admin", "submit_translation", "change_sitesettings"} <= codenames
    root = Page.get_first_root_node()
    page_perms = set(
        GroupPagePermission.objects.filter(group=editors, page=root).values_list(
            "permission__codename", flat=True
        )
    )
    assert {"add_page", "change_page", "publish_page"} <= page_perms


def test_members_have_no_admin_access_but_the_committee_has():
    members = Group.objects.get(name=settings.GROUP_MEMBERS)
    assert not members.permissions.filter(codename="access_admin").exists()
    committee = Group.objects.get(name=settings.GROUP_COMMITTEE)
    assert committee.permissions.filter(codename="access_admin").exists()


def test_member_cannot_open_the_admin(tree, member_client):
    response = member_client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response.url


def test_french_and_english_locales():
    assert set(Locale.objects.values_list("language_code", flat=True)) == {"fr", "en"}
    assert Locale.get_default().language_code == "fr"


def _production_check(**env):
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in ("SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL")
    }
    environment.update(DJANGO_SETTINGS_MODULE="coopsite.settings.production", **env)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


DB = "postgres://postgres@127.0.0.1:5432/coop"


def test_production_refuses_a_missing_or_default_secret_key():
    result = _production_check(ALLOWED_HOSTS="intranet.example", DATABASE_URL=DB)
    assert result.returncode != 0
    assert "SECRET_KEY doit être fourni" in result.stderr
    result = _production_check(
        SECRET_KEY="django-insecure-" + "x" * 60, ALLOWED_HOSTS="intranet.example", DATABASE_URL=DB
    )
    assert result.returncode != 0


def test_production_refuses_to_run_without_a_database_url():
    result = _production_check(SECRET_KEY="k" * 60, ALLOWED_HOSTS="intranet.example")
    assert result.returncode != 0
    assert "DATABASE_URL doit être fourni" in result.stderr


def test_production_settings_pass_check_deploy():
    result = _production_check(
        SECRET_KEY="k" * 20 + "Zq8#vL2!pT9@wX4$" * 3,
        ALLOWED_HOSTS="intranet.example",
        DATABASE_URL=DB,
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_site_folder_is_importable_as_coopsite_from_anywhere(tmp_path):
    """`site/` is imported as `coopsite` by the editable install, not by the current folder:
    the WSGI module loads from any working directory."""
    code = (
        "import os; os.environ['SECRET_KEY'] = 'w' * 60; os.environ['ALLOWED_HOSTS'] = 'x.example';"
        "os.environ['DATABASE_URL'] = 'sqlite:///unused.sqlite3';"
        "import coopsite.wsgi, coopsite, site;"
        "print(coopsite.__file__); print(hasattr(site, 'getsitepackages'))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    path, stdlib_site = result.stdout.split()
    assert path == str(settings.BASE_DIR / "site" / "__init__.py")
    assert stdlib_site == "True"  # the standard library's `site` is untouched


def test_french_catalogue_is_complete():
    """Every interface string has its French translation (msgids are English)."""
    catalogue = polib.pofile(str(settings.BASE_DIR / "locale/fr/LC_MESSAGES/django.po"))
    assert len(catalogue) > 50
    assert catalogue.untranslated_entries() == []
    assert catalogue.fuzzy_entries() == []
    assert (settings.BASE_DIR / "locale/fr/LC_MESSAGES/django.mo").exists()


def _production_caches(**env):
    code = "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
    environment = {key: value for key, value in os.environ.items() if key != "REDIS_URL"}
    environment.update(
        DJANGO_SETTINGS_MODULE="coopsite.settings.production",
        SECRET_KEY="k" * 20 + "Zq8#vL2!pT9@wX4$" * 3,
        ALLOWED_HOSTS="intranet.example",
        DATABASE_URL=DB,
        **env,
    )
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_production_workers_share_one_cache():
    # Sessions and view restrictions are cached: a per-process memory would keep a logged-out
    # session or a removed restriction alive in the other workers.
    assert _production_caches().endswith("FileBasedCache")
    assert _production_caches(REDIS_URL="redis://127.0.0.1:6379/0").endswith("RedisCache")
