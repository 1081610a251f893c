"""backup_site and restore_site give back the whole site, or refuse and change nothing."""

import gzip
import io
import json
import shutil
import tarfile
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, Page

from coopsite.foundation.models import StandardPage
from coopsite.sitewide.backup import (
    MANIFEST,
    database_state,
    existing_content,
    media_state,
)
from tests.factories import PASSWORD, build_tree, make_user

DOCUMENT_BYTES = b"%PDF-1.4 compte rendu de l'assemblee generale"
PRIVATE_BYTES = b"%PDF-1.4 proces-verbal confidentiel"


@pytest.fixture
def media(settings, tmp_path):
    """MEDIA_ROOT and PRIVATE_MEDIA_ROOT in the test's own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT.mkdir()
    (settings.PRIVATE_MEDIA_ROOT / "proces-verbaux").mkdir(parents=True)
    (settings.PRIVATE_MEDIA_ROOT / "proces-verbaux" / "pv-2026.pdf").write_bytes(PRIVATE_BYTES)
    return settings


def _png():
    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 30), (200, 80, 20)).save(buffer, "PNG")
    return buffer.getvalue()


def upload_files():
    """A document and an image (with a rendition), as editors upload them."""
    document = get_document_model().objects.create(
        title="Compte rendu AG",
        file=ContentFile(DOCUMENT_BYTES, name="compte-rendu-ag.pdf"),
        collection=Collection.get_first_root_node(),
    )
    image = get_image_model().objects.create(
        title="Logo", file=ImageFile(io.BytesIO(_png()), name="logo.png")
    )
    image.get_rendition("fill-20x20")
    return document, image


def media_bytes(settings):
    """{path: bytes} of every file under the media folders."""
    found = {}
    for root in (Path(settings.MEDIA_ROOT), Path(settings.PRIVATE_MEDIA_ROOT)):
        for path in sorted(root.rglob("*")):
            if path.is_file():
                found[f"{root.name}/{path.relative_to(root).as_posix()}"] = path.read_bytes()
    return found


def read_manifest(archive):
    with tarfile.open(archive, "r:gz") as tar:
        return json.load(tar.extractfile(MANIFEST))


def backup(archive, *args):
    out = io.StringIO()
    call_command("backup_site", str(archive), *args, stdout=out)
    return out.getvalue()


def restore(archive, *args):
    out = io.StringIO()
    call_command("restore_site", str(archive), *args, stdout=out)
    return out.getvalue()


# --- The whole round trip ---------------------------------------------------------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_round_trip_gives_back_every_table_and_file(media, tmp_path):
    call_command("load_demo", stdout=io.StringIO())
    document, image = upload_files()
    before = database_state()
    files_before = media_bytes(media)
    # the demo's files, and the document, image, rendition and private file added here
    assert len(files_before) >= 4
    assert any(name.startswith("media/images/logo") for name in files_before)
    assert any(name.startswith("private/documents/compte-rendu-ag") for name in files_before)
    # representative: the demo fills Wagtail's tree, revisions, translations and history
    for label in [
        "wagtailcore.page",
        "wagtailcore.revision",
        "wagtail_localize.translationsource",
        "wagtail_localize.stringtranslation",
        "partnerships.historicalpartnership",
        "auth.user",
        "auth.user_groups",
        "wagtailcore.pageviewrestriction_groups",
        "wagtailsearch.indexentry",
        "wagtailimages.rendition",
    ]:
        assert before[label][0] > 0, label

    archive = tmp_path / "sauvegarde.tar.gz"
    output = backup(archive)
    assert str(archive) in output
    manifest = read_manifest(archive)
    saved = {label: state for label, state in before.items() if label != "sessions.session"}
    assert {t["model"]: (t["rows"], t["sha256"]) for t in manifest["tables"]} == saved
    assert manifest["django_version"] and manifest["wagtail_version"]
    assert {(f["root"], f["path"]) for f in manifest["files"]} == set(media_state())

    call_command("flush", interactive=False)
    shutil.rmtree(media.MEDIA_ROOT)
    shutil.rmtree(media.PRIVATE_MEDIA_ROOT)
    assert existing_content() == []

    restore(archive)

    assert database_state() == before
    assert media_bytes(media) == files_before
    if connection.vendor == "sqlite":  # the full-text index is filled by the database itself
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM wagtailsearch_indexentry_fts")
            assert cursor.fetchone()[0] == before["wagtailsearch.indexentry"][0]

    # the site works: pages, accounts, documents; new rows get new ids (sequences reset)
    client = Client()
    assert client.get("/fr/").status_code == 200
    assert client.get("/en/").status_code == 200
    response = client.get(document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == DOCUMENT_BYTES
    login = {"username": "societaire", "password": "Fabrique-membre-2026"}
    assert client.post("/fr/connexion/", login).status_code == 302  # the restored password
    assert client.get("/fr/espace-societaires/").status_code == 200
    user = get_user_model().objects.create(username="nouvelle")
    assert user.pk > max(get_user_model().objects.exclude(pk=user.pk).values_list("pk", flat=True))
    home = Page.objects.get(url_path="/accueil/").specific
    page = home.add_child(instance=StandardPage(title="Après restauration", slug="apres"))
    page.save_revision().publish()
    assert client.get("/fr/apres/").status_code == 200


# --- Refusals -----------------------------------------------------------------------------------


@pytest.fixture
def site_archive(db, media, tmp_path):
    """A small site with files, its archive, and its state."""
    build_tree()
    make_user("societaire", "Sociétaires")
    upload_files()
    archive = tmp_path / "site.tar.gz"
    backup(archive)
    return archive


def test_backup_refuses_to_overwrite_a_file_unless_forced(site_archive, tmp_path):
    original = site_archive.read_bytes()
    with pytest.raises(CommandError) as refused:
        backup(site_archive)
    assert str(site_archive) in str(refused.value)
    assert "--force" in str(refused.value)
    assert site_archive.read_bytes() == original

    backup(site_archive, "--force")
    assert read_manifest(site_archive)["format_version"] == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["media", "private", "site.tar.gz"]


def test_backup_into_a_missing_folder_is_refused(db, media, tmp_path):
    with pytest.raises(CommandError):
        backup(tmp_path / "nulle-part" / "site.tar.gz")


def test_restore_into_a_database_with_content_is_refused(site_archive, media):
    before, files_before = database_state(), media_bytes(media)
    with pytest.raises(CommandError) as refused:
        restore(site_archive)
    message = str(refused.value)
    assert "--force" in message
    assert "auth_user" in message  # says what content is there
    assert database_state() == before
    assert media_bytes(media) == files_before


def test_restore_refuses_to_replace_a_different_media_file_unless_forced(db, media, tmp_path):
    """The database may be fresh but the media folder is not: a file would be lost."""
    assert existing_content() == []  # nothing but what the migrations create
    statutes = media.MEDIA_ROOT / "documents" / "statuts.pdf"
    statutes.parent.mkdir()
    statutes.write_bytes(b"%PDF-1.4 version 1")
    archive = tmp_path / "fresh.tar.gz"
    backup(archive)

    statutes.write_bytes(b"%PDF-1.4 version 2")
    before = database_state()
    with pytest.raises(CommandError) as refused:
        restore(archive)
    assert "statuts.pdf" in str(refused.value)
    assert "--force" in str(refused.value)
    assert database_state() == before
    assert statutes.read_bytes() == b"%PDF-1.4 version 2"

    restore(archive, "--force")
    assert statutes.read_bytes() == b"%PDF-1.4 version 1"
    assert database_state() == before
    assert sorted(p.name for p in statutes.parent.iterdir()) == ["statuts.pdf"]


# --- Damaged archives -----------------------------------------------------------------------------


def _members(archive):
    with tarfile.open(archive, "r:gz") as tar:
        return [(member.name, tar.extractfile(member).read()) for member in tar]


def _pack(path, members):
    with tarfile.open(path, "w:gz") as tar:
        for name, data in members:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))


def _edit_manifest(change):
    def edit(members):
        result = []
        for name, data in members:
            if name == MANIFEST:
                manifest = json.loads(data)
                change(manifest)
                data = json.dumps(manifest).encode()
            result.append((name, data))
        return result

    return edit


def _change_member(prefix, change):
    def edit(members):
        return [(name, change(data) if name.startswith(prefix) else data) for name, data in members]

    return edit


REPACKED = {
    "table content changed": _change_member(
        "data/auth.user.jsonl", lambda data: data.replace(b"societaire", b"societairX")
    ),
    "media file changed": _change_member("media/media/original_images/", lambda data: data + b"!"),
    "private file changed": _change_member("media/private/", lambda data: data[:-1]),
    "table missing": lambda members: [m for m in members if m[0] != "data/wagtailcore.page.jsonl"],
    "file missing": lambda members: [m for m in members if not m[0].startswith("media/media/")],
    "manifest missing": lambda members: [m for m in members if m[0] != MANIFEST],
    "manifest damaged": _change_member(MANIFEST, lambda data: data[: len(data) // 2]),
    "other format": _edit_manifest(lambda manifest: manifest.update(format="autre")),
    "future version": _edit_manifest(lambda manifest: manifest.update(format_version=2)),
    "other migrations": _edit_manifest(
        lambda manifest: manifest["migrations"].append(["coopsite", "9999_future"])
    ),
    "row count changed": _edit_manifest(
        lambda manifest: manifest["tables"][0].update(rows=manifest["tables"][0]["rows"] + 1)
    ),
    "entry outside the media folder": lambda members: [*members, ("media/media/../../x", b"x")],
    "entry not in the manifest": lambda members: [*members, ("data/extra.jsonl", b"[]\n")],
}


def _damaged_copies(archive):
    original = archive.read_bytes()
    folder = archive.parent / "damaged"
    folder.mkdir()
    copies = {"missing": folder / "absent.tar.gz"}
    copies["not an archive"] = folder / "texte.tar.gz"
    copies["not an archive"].write_text("ceci n'est pas une sauvegarde")
    copies["truncated"] = folder / "tronquee.tar.gz"
    copies["truncated"].write_bytes(original[: len(original) // 2])
    flipped = bytearray(original)
    flipped[len(flipped) // 2] ^= 0xFF
    copies["bytes flipped"] = folder / "abimee.tar.gz"
    copies["bytes flipped"].write_bytes(bytes(flipped))
    raw = gzip.decompress(original)
    copies["plain tar"] = folder / "sans-gzip.tar.gz"
    copies["plain tar"].write_bytes(raw)
    members = _members(archive)
    for number, (name, edit) in enumerate(REPACKED.items()):
        copies[name] = folder / f"repacked-{number}.tar.gz"
        _pack(copies[name], edit(members))
    return copies


def test_damaged_archives_are_refused_and_nothing_changes(site_archive, media):
    before, files_before = database_state(), media_bytes(media)
    copies = _damaged_copies(site_archive)
    # the untouched archive repacked the same way is accepted (what fails is the damage)
    _pack(site_archive.with_name("repacked.tar.gz"), _members(site_archive))
    for name, copy in copies.items():
        # --force: only the checks of the archive stand between it and the database
        with pytest.raises(CommandError) as refused:
            restore(copy, "--force")
        assert str(refused.value), name
        assert database_state() == before, name
        assert media_bytes(media) == files_before, name

    restore(site_archive.with_name("repacked.tar.gz"), "--force")
    assert database_state() == before
    assert media_bytes(media) == files_before


def test_search_index_of_another_kind_of_database_is_rebuilt(site_archive, media):
    """Wagtail's search index has other columns on SQLite and PostgreSQL: it is rebuilt."""
    from wagtail.search.backends import get_search_backend

    before = database_state()

    def other_vendor(manifest):
        for table in manifest["tables"]:
            if table["model"] == "wagtailsearch.indexentry":
                table["fields"].append("column_of_the_other_database")

    other = site_archive.with_name("other.tar.gz")
    _pack(other, _edit_manifest(other_vendor)(_members(site_archive)))
    restore(other, "--force")

    after = database_state()
    assert after["wagtailsearch.indexentry"][0] > 0
    del before["wagtailsearch.indexentry"], after["wagtailsearch.indexentry"]
    assert after == before
    results = get_search_backend().search("Négociation", Page)
    assert [page.title for page in results] == ["Négociation confidentielle"]


# --- What an archive holds, and who may read it ---------------------------------------------------


def _logged_in_member():
    """A member with a live session (a row of django_session)."""
    from django.contrib.sessions.models import Session

    build_tree()
    make_user("societaire", "Sociétaires")
    client = Client()
    login = {"username": "societaire", "password": PASSWORD}
    assert client.post("/fr/connexion/", login).status_code == 302
    assert Session.objects.count() == 1
    return client


def test_archive_is_readable_by_its_owner_only(db, media, tmp_path):
    """It holds password hashes: mode 0600 from the first byte, also when replacing a file."""
    import os
    import stat

    previous = os.umask(0o022)  # the usual umask: new files would be 0644
    try:
        archive = tmp_path / "site.tar.gz"
        backup(archive)
        assert stat.S_IMODE(archive.stat().st_mode) == 0o600
        archive.chmod(0o644)
        backup(archive, "--force")
        assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    finally:
        os.umask(previous)


def test_sessions_are_left_out_unless_asked(db, media, tmp_path):
    _logged_in_member()
    archive = tmp_path / "site.tar.gz"
    backup(archive)
    tables = {table["model"] for table in read_manifest(archive)["tables"]}
    assert "sessions.session" not in tables
    assert "auth.user" in tables
    assert "data/sessions.session.jsonl" not in dict(_members(archive))

    with_sessions = tmp_path / "avec-sessions.tar.gz"
    backup(with_sessions, "--with-sessions")
    rows = {table["model"]: table["rows"] for table in read_manifest(with_sessions)["tables"]}
    assert rows["sessions.session"] == 1
    assert "data/sessions.session.jsonl" in dict(_members(with_sessions))


def test_restore_of_an_archive_without_sessions(db, media, tmp_path):
    from django.contrib.sessions.models import Session

    client = _logged_in_member()
    archive = tmp_path / "site.tar.gz"
    backup(archive)
    before = database_state()

    restore(archive, "--force")

    after = database_state()
    assert Session.objects.count() == 0  # everyone logs in again
    del before["sessions.session"], after["sessions.session"]
    assert after == before
    assert client.get("/fr/espace-societaires/").status_code == 302  # the session is gone
    login = {"username": "societaire", "password": PASSWORD}
    assert client.post("/fr/connexion/", login).status_code == 302  # the password is restored

    with_sessions = tmp_path / "avec-sessions.tar.gz"
    backup(with_sessions, "--with-sessions")
    restore(with_sessions, "--force")
    assert Session.objects.count() == 1
