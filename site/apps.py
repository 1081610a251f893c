from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoopsiteConfig(AppConfig):
    """The site-wide app, imported as `coopsite` from the folder `site/` (see pyproject.toml)."""

    name = "coopsite"
    label = "coopsite"
    verbose_name = _("Site")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signals

        signals.connect_structure_cache()
