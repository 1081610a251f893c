from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    verbose_name = _("Governance")
    name = "governance"
    default_auto_field = "django.db.models.BigAutoField"
