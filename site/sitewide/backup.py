"""Backups of the whole site: every table of the database and the media files, in one archive.

Used by the commands `backup_site` and `restore_site`. The archive is a ``.tar.gz`` holding:

- ``data/<app_label>.<model_name>.jsonl``: one table, one line per row in the order of its
  primary key; each line is a JSON list of the row's columns (the ``fields`` of the manifest),
  written by the model fields themselves (``value_to_string``/``to_python``, as ``dumpdata``
  does) with full precision (``dumpdata`` cuts datetimes to the millisecond);
- ``media/media/<path>`` and ``media/private/<path>``: the files of ``MEDIA_ROOT`` and of
  ``PRIVATE_MEDIA_ROOT`` when that setting exists;
- ``manifest.json``, written last: format and version, date, versions of Python, Django and
  Wagtail, the migrations applied, and for each table its columns, row count and SHA-256, for
  each file its size and SHA-256.

Every table of every installed model is saved with its primary keys, the automatic
many-to-many tables included (content types, permissions, users with their password hashes and
groups, Wagtail's tree, revisions, logs and search index, wagtail-localize, simple-history...).
The archive is created readable and writable by its owner only (mode 0600) before its first
byte is written. Left out: SQLite's full-text index, which the database's own triggers fill from
``wagtailsearch_indexentry``, and the sessions (``django_session``: whoever holds them is logged
in) unless asked (``with_sessions``); an archive without them restores with no one logged in.
Wagtail's search index has other columns on SQLite and on PostgreSQL: restored from an archive
of the other kind, it is rebuilt from the content.

A restore replaces the whole content of the database: it checks the archive first (every
checksum, the format, the migrations and columns of this code), refuses a database that holds
content (anything beyond what ``migrate`` creates) unless forced, then empties every table and
loads the archive in one transaction, with no model signals, so that what is restored is
exactly what was saved. Media files are copied beside their place first and renamed into place
once the transaction has committed; files already there and absent from the archive are kept.
"""

import hashlib
import io
import json
import os
import platform
import secrets
import shutil
import tarfile
import tempfile
import zlib
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import django
import wagtail
from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.management.sql import sql_flush
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import formats, timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from wagtail.models import Collection, Page

FORMAT = "coop-intranet-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATA_DIR = "data"
MEDIA_DIR = "media"
MEDIA_KEY = "media"  # MEDIA_ROOT
PRIVATE_KEY = "private"  # PRIVATE_MEDIA_ROOT
INSERT_BATCH = 500
CHUNK = 1024 * 1024

# Tables filled by the database itself (triggers), never written by a model.
DERIVED_MODELS = {"wagtailsearch.sqliteftsindexentry"}
# Short-lived counters of the rate limits (visitors' addresses, gone within the hour): neither
# backed up nor restored, and no obstacle to a restore.
TRANSIENT_MODELS = {"coopsite.ratelimitcounter"}
# Tables whose columns depend on the kind of database (Wagtail's search index): from an archive
# of another kind (SQLite to PostgreSQL...), they are rebuilt from the restored content.
REBUILT_MODELS = {"wagtailsearch.indexentry"}
# Tables saved only when asked: the live sessions (a session key is a login). An archive
# without them is restored with the table empty.
OPTIONAL_MODELS = {"sessions.session"}

# What a freshly migrated database already holds: Wagtail's and our data migrations create
# the root page and the welcome page, the default site, the locales, the root collection, the
# groups and their permissions, the default workflow; `migrate` adds content types and
# permissions. Any other row is content (see `existing_content`).
FRESH_MODELS = {
    "contenttypes.contenttype",
    "auth.permission",
    "auth.group",
    "auth.group_permissions",
    "wagtailcore.locale",
    "wagtailcore.site",
    "wagtailcore.collection",
    "wagtailcore.groupcollectionpermission",
    "wagtailcore.grouppagepermission",
    "wagtailcore.workflow",
    "wagtailcore.workflowtask",
    "wagtailcore.workflowpage",
    "wagtailcore.task",
    "wagtailcore.groupapprovaltask",
    "wagtailcore.groupapprovaltask_groups",
    "wagtailcore.page",
}


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is for the person who runs it."""


# --- Tables ---------------------------------------------------------------------------------


def backup_models(with_optional=True):
    """Every model whose table the backup holds, by label (one model per table); without the
    optional tables (the sessions) unless `with_optional`."""
    models, tables = [], set()
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed or meta.swapped or meta.label_lower in DERIVED_MODELS:
            continue
        if meta.label_lower in TRANSIENT_MODELS:
            continue
        if not with_optional and meta.label_lower in OPTIONAL_MODELS:
            continue
        if meta.db_table in tables:
            continue
        tables.add(meta.db_table)
        models.append(model)
    return sorted(models, key=lambda model: model._meta.label_lower)


def _columns(model):
    return list(model._meta.local_concrete_fields)


def _encode(field, obj):
    value = field.value_from_object(obj)
    if value is None or isinstance(value, bool | int | float | str):
        return value
    # Dates, decimals, UUIDs, JSON, StreamField, binary...: the field's own serialization.
    return field.value_to_string(obj)


def _decode(field, value, connection):
    if value is not None:
        value = field.to_python(value)
    return field.get_db_prep_save(value, connection)


def _line(values):
    text = json.dumps(values, cls=DjangoJSONEncoder, ensure_ascii=True, separators=(",", ":"))
    return text.encode("ascii") + b"\n"


def table_lines(model, using=DEFAULT_DB_ALIAS):
    """The lines of `model`'s table as the archive holds them, in the order of the primary key."""
    columns = _columns(model)
    rows = model._base_manager.using(using).order_by("pk").iterator(chunk_size=2000)
    for obj in rows:
        yield _line([_encode(column, obj) for column in columns])


def table_checksum(model, using=DEFAULT_DB_ALIAS, out=None):
    """(row count, SHA-256) of a table's lines, also written to `out` when given.

    The manifest records this for each table; run on a restored database it gives the same
    values when the restore is faithful.
    """
    digest, rows = hashlib.sha256(), 0
    for line in table_lines(model, using):
        digest.update(line)
        rows += 1
        if out is not None:
            out.write(line)
    return rows, digest.hexdigest()


def database_state(using=DEFAULT_DB_ALIAS):
    """{model label: (row count, SHA-256)} for every table of the backup."""
    return {model._meta.label_lower: table_checksum(model, using) for model in backup_models()}


def _applied_migrations(connection):
    return sorted([app, name] for app, name in MigrationRecorder(connection).applied_migrations())


# --- Media ----------------------------------------------------------------------------------


def media_roots():
    """{archive key: folder} of the media folders the backup holds."""
    roots = {MEDIA_KEY: Path(settings.MEDIA_ROOT)}
    private = getattr(settings, "PRIVATE_MEDIA_ROOT", None)
    if private:
        roots[PRIVATE_KEY] = Path(private)
    return roots


def media_files(root, skip=()):
    """(relative POSIX path, absolute path) of every file under `root`, sorted."""
    found = []
    if not root.is_dir():
        return found
    skip = {Path(os.path.abspath(path)) for path in skip}
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if Path(os.path.abspath(Path(folder) / d)) not in skip)
        for name in files:
            path = Path(folder) / name
            if path.is_file():
                found.append((path.relative_to(root).as_posix(), path))
    return sorted(found)


def file_sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def media_state():
    """{(key, path): SHA-256} of every media file, as the backup sees them."""
    roots = media_roots()
    state = {}
    for key, root in roots.items():
        others = [other for other_key, other in roots.items() if other_key != key]
        for relative, path in media_files(root, skip=others):
            state[(key, relative)] = file_sha256(path)
    return state


# --- Backup ---------------------------------------------------------------------------------


def _add_member(tar, name, handle, size):
    info = tarfile.TarInfo(name)
    info.size = size
    info.mode = 0o644
    info.mtime = int(timezone.now().timestamp())
    handle.seek(0)
    tar.addfile(info, handle)


def _spool():
    return tempfile.SpooledTemporaryFile(max_size=8 * CHUNK)


def _dump_tables(tar, using, log, with_sessions=False):
    connection = connections[using]
    tables = []
    outermost = not connection.in_atomic_block
    with transaction.atomic(using=using):
        if outermost and connection.vendor == "postgresql":
            # One snapshot for every table, whatever is written meanwhile. (On SQLite the
            # transaction holds the write lock: writers wait until the tables are read.)
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        for model in backup_models(with_optional=with_sessions):
            with _spool() as buffer:
                rows, sha256 = table_checksum(model, using, out=buffer)
                name = f"{DATA_DIR}/{model._meta.label_lower}.jsonl"
                _add_member(tar, name, buffer, buffer.tell())
            tables.append(
                {
                    "model": model._meta.label_lower,
                    "table": model._meta.db_table,
                    "file": name,
                    "fields": [column.attname for column in _columns(model)],
                    "rows": rows,
                    "sha256": sha256,
                }
            )
            log(_("%(table)s: %(rows)d rows") % {"table": model._meta.db_table, "rows": rows}, 2)
        migrations = _applied_migrations(connection)
    return tables, migrations


def _dump_media(tar, log):
    roots = media_roots()
    files = []
    for key, root in roots.items():
        others = [other for other_key, other in roots.items() if other_key != key]
        for relative, path in media_files(root, skip=others):
            digest, size = hashlib.sha256(), 0
            # A copy first: a file changed during the backup is saved as one consistent state.
            with _spool() as buffer, open(path, "rb") as source:
                while chunk := source.read(CHUNK):
                    digest.update(chunk)
                    buffer.write(chunk)
                    size += len(chunk)
                _add_member(tar, f"{MEDIA_DIR}/{key}/{relative}", buffer, size)
            files.append(
                {"root": key, "path": relative, "size": size, "sha256": digest.hexdigest()}
            )
            log(_("File %(path)s") % {"path": f"{key}/{relative}"}, 2)
    return files


@dataclass
class BackupSummary:
    path: Path
    tables: int
    rows: int
    files: int
    size: int


def _private_file(path):
    """A new file at `path`, readable and writable by its owner only from its creation (the
    archive holds password hashes): the mode is given to open(), never changed afterwards."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    return os.fdopen(descriptor, "wb")


def create_backup(output, force=False, using=DEFAULT_DB_ALIAS, log=None, with_sessions=False):
    """Write the whole site into the archive `output`; refuses to replace a file unless forced.

    The sessions are left out unless `with_sessions`.
    """
    log = log or (lambda message, level=1: None)
    output = Path(output)
    if output.is_dir():
        raise BackupError(
            _("%(path)s is a folder: give the name of the archive file.") % {"path": output}
        )
    if output.exists() and not force:
        raise BackupError(
            _("The file %(path)s already exists: choose another name or add --force to replace it.")
            % {"path": output}
        )
    if not output.parent.is_dir():
        raise BackupError(_("The folder %(path)s does not exist.") % {"path": output.parent})
    partial = output.with_name(f".{output.name}.{secrets.token_hex(4)}.partial")
    try:
        with _private_file(partial) as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
            log(_("Saving the database…"))
            tables, migrations = _dump_tables(tar, using, log, with_sessions)
            log(_("Saving the media files…"))
            files = _dump_media(tar, log)
            manifest = {
                "format": FORMAT,
                "format_version": FORMAT_VERSION,
                "created_at": timezone.now().isoformat(),
                "python_version": platform.python_version(),
                "django_version": django.get_version(),
                "wagtail_version": wagtail.__version__,
                "database_vendor": connections[using].vendor,
                "migrations": migrations,
                "tables": tables,
                "media_roots": sorted(media_roots()),
                "files": files,
            }
            data = json.dumps(manifest, indent=1, ensure_ascii=False).encode()
            with _spool() as buffer:
                buffer.write(data)
                _add_member(tar, MANIFEST, buffer, len(data))
        os.replace(partial, output)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return BackupSummary(
        path=output,
        tables=len(tables),
        rows=sum(table["rows"] for table in tables),
        files=len(files),
        size=output.stat().st_size,
    )


# --- Reading an archive ---------------------------------------------------------------------


@dataclass
class Member:
    path: Path  # where it was extracted
    size: int
    sha256: str
    lines: int


@dataclass
class Archive:
    manifest: dict
    members: dict = field(default_factory=dict)  # name in the archive -> Member
    rebuilt: set = field(default_factory=set)  # labels of tables rebuilt instead of loaded


def _safe_name(name):
    """The member's path inside the archive, or None if it could point anywhere else."""
    path = PurePosixPath(name)
    if (
        not name
        or "\\" in name
        or path.is_absolute()
        or path.as_posix() != name
        or any(part in (".", "..") for part in path.parts)
    ):
        return None
    return path


def _expected_member(name):
    path = _safe_name(name)
    if path is None:
        return False
    if name == MANIFEST:
        return True
    if path.parts[0] == DATA_DIR:
        return len(path.parts) == 2 and path.suffix == ".jsonl"
    if path.parts[0] == MEDIA_DIR:
        return len(path.parts) >= 3 and path.parts[1] in (MEDIA_KEY, PRIVATE_KEY)
    return False


def _extract(path, folder):
    members = {}
    with tarfile.open(path, "r|gz") as tar:
        for index, entry in enumerate(tar):
            if not entry.isfile() or not _expected_member(entry.name):
                raise BackupError(
                    _(
                        "The archive holds an unexpected entry (%(name)s): "
                        "it was not made by backup_site."
                    )
                    % {"name": entry.name}
                )
            if entry.name in members:
                raise BackupError(
                    _("The archive holds %(name)s twice: it was not made by backup_site.")
                    % {"name": entry.name}
                )
            target = folder / f"{index:06d}"
            digest, size, lines = hashlib.sha256(), 0, 0
            source = tar.extractfile(entry)
            with open(target, "wb") as out:
                while chunk := source.read(CHUNK):
                    digest.update(chunk)
                    size += len(chunk)
                    lines += chunk.count(b"\n")
                    out.write(chunk)
            if size != entry.size:
                raise BackupError(_("The archive is truncated."))
            members[entry.name] = Member(target, size, digest.hexdigest(), lines)
    return members


def _read_manifest(members):
    member = members.get(MANIFEST)
    if member is None:
        raise BackupError(_("The archive has no manifest.json: it is not a backup of the site."))
    try:
        manifest = json.loads(member.path.read_bytes())
    except (ValueError, UnicodeDecodeError) as error:
        raise BackupError(
            _("The archive's manifest.json cannot be read: the archive is damaged.")
        ) from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(_("The archive is not a backup of the site (unknown format)."))
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            _(
                "The archive is in version %(found)s of the backup format; "
                "this site reads version %(expected)s."
            )
            % {"found": manifest.get("format_version"), "expected": FORMAT_VERSION}
        )
    return manifest


def _table_member(table):
    return f"{DATA_DIR}/{table['model']}.jsonl"


def _file_member(entry):
    return f"{MEDIA_DIR}/{entry['root']}/{entry['path']}"


def _is_list_of(value, kind):
    return isinstance(value, list) and all(isinstance(item, kind) for item in value)


def _well_formed(manifest):
    """The manifest has every key restore reads, with the right types."""
    tables, files, migrations = (manifest.get(key) for key in ("tables", "files", "migrations"))
    if not (_is_list_of(tables, dict) and _is_list_of(files, dict)):
        return False
    if not _is_list_of(migrations, list) or any(
        len(item) != 2 or not _is_list_of(item, str) for item in migrations
    ):
        return False
    for table in tables:
        if not all(isinstance(table.get(key), str) for key in ("model", "table", "sha256")):
            return False
        if not isinstance(table.get("rows"), int) or not _is_list_of(table.get("fields"), str):
            return False
    for entry in files:
        if not all(isinstance(entry.get(key), str) for key in ("root", "path", "sha256")):
            return False
        if not isinstance(entry.get("size"), int):
            return False
    return True


def _check_members(manifest, members):
    """Every table and file of the manifest is in the archive, whole; nothing else is."""
    if not _well_formed(manifest):
        raise BackupError(_("The archive's manifest.json is incomplete: the archive is damaged."))
    expected = {MANIFEST}
    for table in manifest["tables"]:
        member = members.get(_table_member(table))
        expected.add(_table_member(table))
        if member is None:
            raise BackupError(
                _("The table %(table)s is missing from the archive.") % {"table": table["table"]}
            )
        if member.sha256 != table["sha256"] or member.lines != table["rows"]:
            raise BackupError(
                _("The checksum of the table %(table)s does not match: the archive is damaged.")
                % {"table": table["table"]}
            )
    for entry in manifest["files"]:
        member = members.get(_file_member(entry))
        expected.add(_file_member(entry))
        if member is None:
            raise BackupError(
                _("The file %(path)s is missing from the archive.") % {"path": entry["path"]}
            )
        if member.sha256 != entry["sha256"] or member.size != entry["size"]:
            raise BackupError(
                _("The checksum of the file %(path)s does not match: the archive is damaged.")
                % {"path": entry["path"]}
            )
    unexpected = sorted(set(members) - expected)
    if unexpected:
        raise BackupError(
            _("The archive holds an unexpected entry (%(name)s): it was not made by backup_site.")
            % {"name": unexpected[0]}
        )


def read_archive(path, folder):
    """Extract the archive into `folder` and check it whole against its manifest."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(_("The archive %(path)s does not exist.") % {"path": path})
    try:
        members = _extract(path, Path(folder))
    except (tarfile.TarError, EOFError, zlib.error, OSError) as error:
        raise BackupError(
            _(
                "The archive %(path)s cannot be read (%(error)s): "
                "it is damaged or is not a backup of the site."
            )
            % {"path": path, "error": error}
        ) from error
    manifest = _read_manifest(members)
    _check_members(manifest, members)
    return Archive(manifest, members)


# --- Restore --------------------------------------------------------------------------------


def _short_list(items, limit=5):
    items = list(items)
    text = ", ".join(items[:limit])
    return text + (" …" if len(items) > limit else "")


def _check_compatible(archive, connection):
    """The archive's tables are this code's tables: same migrations, same columns."""
    manifest = archive.manifest
    applied = {tuple(item) for item in _applied_migrations(connection)}
    saved = {tuple(item) for item in manifest["migrations"]}
    if applied != saved:
        missing = [f"{app}.{name}" for app, name in sorted(saved - applied)]
        extra = [f"{app}.{name}" for app, name in sorted(applied - saved)]
        raise BackupError(
            _(
                "The database's migrations differ from the archive's (missing here: %(missing)s; "
                "not in the archive: %(extra)s). Restore with the version of the site that made "
                "the backup, into a database migrated by that version."
            )
            % {"missing": _short_list(missing) or "—", "extra": _short_list(extra) or "—"}
        )
    models = {model._meta.label_lower: model for model in backup_models()}
    saved_models = {table["model"] for table in manifest["tables"]}
    differing = sorted(saved_models ^ (set(models) - (OPTIONAL_MODELS - saved_models)))
    for table in manifest["tables"]:
        model = models.get(table["model"])
        if model is not None and table["fields"] != [c.attname for c in _columns(model)]:
            if table["model"] in REBUILT_MODELS:
                archive.rebuilt.add(table["model"])
            else:
                differing.append(table["model"])
    if differing:
        raise BackupError(
            _("The archive's tables differ from this site's (%(tables)s): nothing was changed.")
            % {"tables": _short_list(differing)}
        )
    roots = media_roots()
    if any(entry["root"] not in roots for entry in manifest["files"]):
        raise BackupError(
            _("The archive holds private files but PRIVATE_MEDIA_ROOT is not set on this site.")
        )
    return models


def existing_content(using=DEFAULT_DB_ALIAS):
    """[(table, rows)] of what the database holds beyond what `migrate` creates."""
    found = []
    for model in backup_models():
        if model._meta.label_lower in FRESH_MODELS:
            continue
        rows = model._base_manager.using(using).count()
        if rows:
            found.append((model._meta.db_table, rows))
    pages = Page._base_manager.using(using)
    if pages.count() > 2 or pages.filter(depth__gt=2).exists():
        found.append((Page._meta.db_table, pages.count()))
    collections = Collection._base_manager.using(using).count()
    if collections > 1:
        found.append((Collection._meta.db_table, collections))
    return sorted(found)


def _media_targets(manifest, archive):
    roots = media_roots()
    targets = []
    for entry in manifest["files"]:
        root = roots[entry["root"]]
        target = root.joinpath(*PurePosixPath(entry["path"]).parts)
        if os.path.commonpath([os.path.abspath(root), os.path.abspath(target)]) != os.path.abspath(
            root
        ):
            raise BackupError(
                _(
                    "The archive holds an unexpected entry (%(name)s): "
                    "it was not made by backup_site."
                )
                % {"name": entry["path"]}
            )
        if target.is_dir():
            raise BackupError(
                _("%(path)s is a folder: the archive's file cannot take its place.")
                % {"path": target}
            )
        member = archive.members[_file_member(entry)]
        targets.append((member, entry, target))
    return targets


def _stage_media(targets):
    """Copy every file beside its place; (staged, target) pairs and the folders created."""
    token = secrets.token_hex(4)
    staged, created = [], []
    try:
        for member, _entry, target in targets:
            missing = [
                folder for folder in [target.parent, *target.parent.parents] if not folder.exists()
            ]
            target.parent.mkdir(parents=True, exist_ok=True)
            created.extend(missing)
            copy = target.with_name(f".{target.name}.{token}.restoring")
            staged.append((copy, target))
            shutil.copyfile(member.path, copy)
    except BaseException:
        _unstage(staged, created)
        raise
    return staged, created


def _unstage(staged, created):
    for copy, _target in staged:
        copy.unlink(missing_ok=True)
    for folder in sorted(set(created), key=lambda path: len(path.parts), reverse=True):
        with suppress(OSError):
            folder.rmdir()


def _insert_order(manifest, models):
    """Tables in an order where a table comes after those it points to (cycles kept as found)."""
    labels = [table["model"] for table in manifest["tables"]]
    needs = {}
    for label in labels:
        targets = set()
        for column in _columns(models[label]):
            if column.is_relation and column.remote_field is not None:
                target = column.remote_field.model._meta.concrete_model._meta.label_lower
                if target != label and target in models:
                    targets.add(target)
        needs[label] = targets
    ordered, placed = [], set()
    while len(ordered) < len(labels):
        ready = [label for label in labels if label not in placed and needs[label] <= placed]
        if not ready:  # a cycle: the deferred constraints accept any order
            ready = [next(label for label in labels if label not in placed)]
        for label in ready:
            ordered.append(label)
            placed.add(label)
    tables = {table["model"]: table for table in manifest["tables"]}
    return [tables[label] for label in ordered]


def _load_database(archive, models, connection, log):
    quote = connection.ops.quote_name
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # TRUNCATE refuses tables with pending deferred checks from earlier in the transaction.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    connection.ops.execute_sql_flush(
        sql_flush(no_style(), connection, reset_sequences=True, allow_cascade=False)
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    for table in _insert_order(archive.manifest, models):
        if table["model"] in archive.rebuilt:
            continue
        model = models[table["model"]]
        by_name = {column.attname: column for column in _columns(model)}
        columns = [by_name[name] for name in table["fields"]]
        sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 - names from the models
            quote(model._meta.db_table),
            ", ".join(quote(column.column) for column in columns),
            ", ".join(["%s"] * len(columns)),
        )
        member = archive.members[_table_member(table)]
        with open(member.path, "rb") as handle, connection.cursor() as cursor:
            batch = []
            for line in handle:
                values = json.loads(line)
                batch.append(
                    [
                        _decode(column, value, connection)
                        for column, value in zip(columns, values, strict=True)
                    ]
                )
                if len(batch) >= INSERT_BATCH:
                    cursor.executemany(sql, batch)
                    batch = []
            if batch:
                cursor.executemany(sql, batch)
        log(
            _("%(table)s: %(rows)d rows") % {"table": model._meta.db_table, "rows": table["rows"]},
            2,
        )
    statements = connection.ops.sequence_reset_sql(no_style(), list(models.values()))
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
    if archive.rebuilt:
        log(_("Rebuilding the search index (the archive comes from another kind of database)…"))
        call_command("update_index", stdout=io.StringIO(), stderr=io.StringIO())
    connection.check_constraints(table_names=[model._meta.db_table for model in models.values()])


def _backup_date(manifest):
    """When the backup was made, in the words of the active language."""
    created = parse_datetime(str(manifest.get("created_at", "")))
    if created is None:
        return "?"
    return formats.date_format(timezone.localtime(created), "DATETIME_FORMAT")


@dataclass
class RestoreSummary:
    created_at: str
    tables: int
    rows: int
    files: int
    replaced: list  # [(table, rows)] of the content the restore replaced (with --force)


def restore_backup(path, force=False, using=DEFAULT_DB_ALIAS, log=None):
    """Replace the site's database content and media files by the archive's.

    Nothing is written before the whole archive is checked; the database is emptied and
    loaded in one transaction; a database holding content is refused unless `force`.
    """
    log = log or (lambda message, level=1: None)
    connection = connections[using]
    with tempfile.TemporaryDirectory(prefix="coop-restore-") as folder:
        log(_("Checking the archive…"))
        archive = read_archive(path, folder)
        manifest = archive.manifest
        models = _check_compatible(archive, connection)
        targets = _media_targets(manifest, archive)
        content = existing_content(using)
        if content and not force:
            raise BackupError(
                _(
                    "The database already holds content (%(tables)s): a restore would replace "
                    "it. Restore into a freshly migrated database, or add --force to replace "
                    "everything. Nothing was changed."
                )
                % {
                    "tables": _short_list(
                        _("%(table)s: %(rows)d rows") % {"table": table, "rows": rows}
                        for table, rows in content
                    )
                }
            )
        if not force:
            conflicts = [
                str(target)
                for _member, entry, target in targets
                if target.exists() and file_sha256(target) != entry["sha256"]
            ]
            if conflicts:
                raise BackupError(
                    _(
                        "Media files with other contents are already in place (%(files)s): add "
                        "--force to replace them. Nothing was changed."
                    )
                    % {"files": _short_list(conflicts)}
                )
        rows = sum(table["rows"] for table in manifest["tables"])
        log(
            _("Archive of %(date)s checked: %(tables)d tables, %(rows)d rows, %(files)d files.")
            % {
                "date": _backup_date(manifest),
                "tables": len(manifest["tables"]),
                "rows": rows,
                "files": len(manifest["files"]),
            }
        )
        log(_("Restoring the media files and the database…"))
        staged, created = _stage_media(targets)
        try:
            with transaction.atomic(using=using):
                _load_database(archive, models, connection, log)
        except DatabaseError as error:
            _unstage(staged, created)
            raise BackupError(
                _("The database refused the archive's data (%(error)s): nothing was changed.")
                % {"error": error}
            ) from error
        except BaseException:
            _unstage(staged, created)
            raise
        for copy, target in staged:
            os.replace(copy, target)
    # Everything cached was read from the database that was just replaced. The content types
    # are read again at once, as after `migrate`: code that would otherwise look one up later,
    # while the table is being rewritten (as test databases are), would create a duplicate.
    ContentType.objects.clear_cache()
    ContentType.objects.db_manager(using).get_for_models(
        *apps.get_models(), for_concrete_models=False
    )
    cache.clear()
    return RestoreSummary(
        created_at=_backup_date(manifest),
        tables=len(manifest["tables"]),
        rows=rows,
        files=len(manifest["files"]),
        replaced=content,
    )
