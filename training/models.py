"""Training: the public shared catalogue of the members' courses."""

from django.utils.translation import gettext_lazy as _

from coopsite.models import SectionPage


class TrainingCatalogPage(SectionPage):
    """*Catalogue des formations*: public, the courses live below it."""

    parent_page_types = ["coopsite.HomePage"]
    subpage_types = ["coopsite.StandardPage"]

    class Meta:
        verbose_name = _("training catalogue")
        verbose_name_plural = _("training catalogues")
