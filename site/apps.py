from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoopsiteConfig(AppConfig):
    """The site-wide app, imported as `coopsite` from the folder `site/` (see pyproject.toml)."""

    name = "coopsite"
    label = "coopsite"
    verbose_name = _("Site")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail.documents import get_document_model
        from wagtail.images import get_image_model

        from . import page_cache, signals

        signals.connect_structure_cache()
        # Cached public pages show images and document links besides the pages themselves.
        page_cache.connect_publication_signals()
        page_cache.watch(get_image_model(), get_document_model())
