"""Partnerships: the steering committee's area (group *Comité de pilotage* only)."""

from django.utils.translation import gettext_lazy as _

from coopsite.models import SectionPage


class PartnershipsIndexPage(SectionPage):
    """*Partenariats*: restricted by a Wagtail view restriction to the steering committee."""

    parent_page_types = ["coopsite.HomePage"]
    subpage_types = ["coopsite.StandardPage"]

    class Meta:
        verbose_name = _("partnerships area")
        verbose_name_plural = _("partnerships areas")
