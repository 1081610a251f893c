from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    verbose_name = _("Governance")
    name = "governance"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Inside ready(): the models, and the modules that import them, load only once the app
        # registry is ready; this module is imported before.
        from coopsite.foundation import page_cache

        from .models import CollegeVote, MemberContact, MemberResource

        # Cached directory, college and decision pages show these rows of their pages.
        page_cache.watch(MemberResource, MemberContact, CollegeVote)

        from . import views  # noqa: F401 - registers the page routes (coopsite.foundation.routes)
