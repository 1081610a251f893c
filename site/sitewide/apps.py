from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SitewideConfig(AppConfig):
    """Site search, sitemap, demo data, privacy audit, backups: what spans every domain app.

    An app of its own only for its management commands (`load_demo`, `privacy_audit`,
    `backup_site`, `restore_site`); it has no models.
    """

    name = "coopsite.sitewide"
    label = "sitewide"
    verbose_name = _("Whole site")
