"""Governance: the members' area (restricted to the group *Sociétaires*) and its sections."""

from django.utils.translation import gettext_lazy as _

from coopsite.models import SectionPage


class MembersAreaPage(SectionPage):
    """*Espace sociétaires*: everything below is for logged-in members.

    The restriction itself is a Wagtail view restriction (group *Sociétaires*) set on this page,
    so it covers every descendant, documents served through Wagtail included.
    """

    parent_page_types = ["coopsite.HomePage"]
    subpage_types = ["governance.GovernanceIndexPage", "coopsite.StandardPage"]

    class Meta:
        verbose_name = _("members' area")
        verbose_name_plural = _("members' areas")


class GovernanceIndexPage(SectionPage):
    """*Gouvernance*: the place of colleges, decisions and the charter in the members' area."""

    parent_page_types = ["governance.MembersAreaPage"]
    subpage_types = ["coopsite.StandardPage"]

    class Meta:
        verbose_name = _("governance page")
        verbose_name_plural = _("governance pages")
