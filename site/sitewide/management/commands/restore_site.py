"""Restore the whole site from an archive of backup_site (see coopsite/sitewide/backup.py)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from coopsite.sitewide.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = _(
        "Restores the whole site (database and media files) from an archive of backup_site, "
        "into a freshly migrated database. The archive is checked first; the database is "
        "loaded in one transaction."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help=_("archive written by backup_site"))
        parser.add_argument(
            "--force",
            action="store_true",
            help=_(
                "replace the content of a database that is not empty, and media files that differ"
            ),
        )

    def handle(self, *args, archive, force, **options):
        with translation.override(settings.LANGUAGE_CODE):
            self._handle(archive, force, options["verbosity"])

    def _handle(self, archive, force, verbosity):
        def log(message, level=1):
            if verbosity >= level:
                self.stdout.write(message)

        try:
            summary = restore_backup(archive, force=force, log=log)
        except BackupError as error:
            raise CommandError(str(error)) from error
        if summary.replaced:
            self.stdout.write(
                self.style.WARNING(_("The content the database held before was replaced."))
            )
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Site restored from the backup of %(date)s: %(tables)d tables, %(rows)d rows, "
                    "%(files)d media files."
                )
                % {
                    "date": summary.created_at,
                    "tables": summary.tables,
                    "rows": summary.rows,
                    "files": summary.files,
                }
            )
        )
