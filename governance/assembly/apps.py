from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssemblyConfig(AppConfig):
    verbose_name = _("General assemblies")
    name = "governance.assembly"
    label = "assembly"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Inside ready(): the views import the models, which load once the registry is ready.
        # They register the page routes and the candidates' admin views.
        from . import (  # noqa: F401
            bureau_views,
            convocation_views,
            member_views,
            results_views,
            viewsets,
        )
