"""Import the register of members from a CSV or XLSX file (see governance/register.py)."""

import time
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from governance.register import RegisterFileError, apply, read_table, validate


class Command(BaseCommand):
    help = (
        "Importe le registre des sociétaires (CSV ou XLSX) ; "
        "rien n'est écrit si une ligne est fausse."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="fichier CSV ou XLSX")
        parser.add_argument(
            "--user", required=True, help="identifiant de la personne qui importe (traçabilité)"
        )

    def handle(self, *args, file, user, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Fichier introuvable : {file}")
        try:
            account = get_user_model().objects.get(username=user)
        except get_user_model().DoesNotExist as error:
            raise CommandError(f"Compte inconnu : {user}") from error
        try:
            rows, present = read_table(path.read_bytes(), path.name)
        except RegisterFileError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"{len(rows)} lignes lues, vérification…")
        errors = validate(rows, present)
        if errors:
            for error in errors:
                self.stderr.write(str(error))
            raise CommandError(
                f"{len(errors)} erreur(s) : rien n'a été importé. "
                "Corrigez le fichier et recommencez."
            )
        last = [0.0]

        def progress(done, total):
            now = time.monotonic()
            if done == total or now - last[0] >= 0.5:  # at least twice a second
                last[0] = now
                self.stdout.write(f"\r{done}/{total} lignes ({100 * done // total} %)", ending="")
                self.stdout.flush()

        summary = apply(rows, present, user=account, filename=path.name, progress=progress)
        self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS(
                f"Import terminé : {summary.created} créé(s), {summary.updated} modifié(s), "
                f"{summary.unchanged} inchangé(s)."
            )
        )
