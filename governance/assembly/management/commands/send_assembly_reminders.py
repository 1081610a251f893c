"""`manage.py send_assembly_reminders`, run once a day: three days before each upcoming general
assembly (or less), the reminder e-mail to the members convened by e-mail who have neither voted
in advance, given a proxy nor been signed in. Each assembly's reminder leaves once."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from governance.assembly import convocation
from governance.assembly.models import AssemblyPage


class Command(BaseCommand):
    help = "Send the reminder of upcoming general assemblies (run daily)."

    def handle(self, *args, **options):
        now = timezone.now()
        for assembly in AssemblyPage.objects.live().filter(starts_at__gt=now).order_by("starts_at"):
            count = convocation.send_reminders(assembly=assembly, now=now)
            if count:
                self.stdout.write(f"{assembly.title}: {count} reminder(s) queued")
