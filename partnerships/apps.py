from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnershipsConfig(AppConfig):
    verbose_name = _("Partnerships")
    name = "partnerships"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Inside ready(): the models, and the modules that import them, load only once the app
        # registry is ready; this module is imported before.
        from coopsite.foundation import page_cache

        from . import signals
        from .models import Partnership

        signals.connect_page_deletions()
        # The committee's cached decision pages name the partnerships linked to them.
        page_cache.watch(Partnership)
        page_cache.watch_m2m(Partnership.decisions.through)

        from . import views  # noqa: F401 - registers the page routes (coopsite.foundation.routes)
