from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoopsiteConfig(AppConfig):
    """The foundation the domain apps build on (base pages, privacy, caches, accounts…).

    Its label stays `coopsite` (the app's first name): migrations, content types and permission
    codenames (`coopsite.change_sitesettings`) are recorded under it.
    """

    name = "coopsite.foundation"
    label = "coopsite"
    verbose_name = _("Site")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Inside ready(): the models, and the modules that import them, load only once the app
        # registry is ready; this module is imported before.
        from wagtail.documents import get_document_model
        from wagtail.images import get_image_model

        from . import page_cache, signals

        signals.connect_structure_cache()
        # Cached public pages show images and document links besides the pages themselves.
        page_cache.connect_publication_signals()
        page_cache.watch(get_image_model(), get_document_model())
