"""Save the whole site (database and media files) into one archive (see
coopsite/sitewide/backup.py)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from django.utils.translation import gettext as _

from coopsite.sitewide.backup import BackupError, create_backup


class Command(BaseCommand):
    help = _(
        "Saves the whole site (every table of the database and the media files) into one "
        "archive file (.tar.gz) that restore_site can load."
    )

    def add_arguments(self, parser):
        parser.add_argument("output", help=_("path of the archive to write"))
        parser.add_argument("--force", action="store_true", help=_("replace an existing file"))
        parser.add_argument(
            "--with-sessions",
            action="store_true",
            help=_(
                "also save the live sessions (left out by default: whoever holds them is logged in)"
            ),
        )

    def handle(self, *args, output, force, with_sessions, **options):
        with translation.override(settings.LANGUAGE_CODE):
            self._handle(output, force, with_sessions, options["verbosity"])

    def _handle(self, output, force, with_sessions, verbosity):
        def log(message, level=1):
            if verbosity >= level:
                self.stdout.write(message)

        try:
            summary = create_backup(output, force=force, log=log, with_sessions=with_sessions)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Backup written to %(path)s (%(size)s): %(tables)d tables, %(rows)d rows, "
                    "%(files)d media files."
                )
                % {
                    "path": summary.path,
                    "size": filesizeformat(summary.size),
                    "tables": summary.tables,
                    "rows": summary.rows,
                    "files": summary.files,
                }
            )
        )
