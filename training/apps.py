from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    verbose_name = _("Training")
    name = "training"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Inside ready(): the models, and the modules that import them, load only once the app
        # registry is ready; this module is imported before.
        from coopsite.foundation import page_cache, structure_cache

        from .models import Audience, Registration, SessionDay, Theme, TrainingSession

        # The catalogue's filter options come from the shared cache (training.catalog).
        structure_cache.watch(Theme, Audience)
        # Cached catalogue and course pages show sessions, their days and the seats left.
        page_cache.watch(TrainingSession, SessionDay, Registration, Theme, Audience)

        from . import (
            signals,  # noqa: F401 - connects the search index updates
            views,  # noqa: F401 - registers the page routes (coopsite.foundation.routes)
        )
