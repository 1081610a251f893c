from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from coopsite.sitewide.demo import load_demo_data


class Command(BaseCommand):
    help = _("Builds the demo page tree and accounts (can run again without duplicates).")

    def handle(self, *args, **options):
        # Commands speak the cooperative's language, whatever language was active before.
        with translation.override(settings.LANGUAGE_CODE):
            self._handle()

    def _handle(self):
        if not getattr(settings, "DEMO_DATA_ALLOWED", False):
            raise CommandError(
                _(
                    "Demo data only loads with the development settings "
                    "(DEMO_DATA_ALLOWED = True): nothing was changed."
                )
            )
        accounts = load_demo_data()
        self.stdout.write(self.style.SUCCESS(_("Demo data ready.")))
        self.stdout.write(_("Demo accounts (username / password — role):"))
        for account in accounts:
            self.stdout.write(f"  {account.username:<12} {account.password:<24} {account.role}")
