"""Site-wide page types: the home page and the generic standard page.

Section pages of the other apps (members' area, catalogue, partnerships area) inherit from
`SectionPage`, so every page of the site has the same intro + free body and the same listing of
the sub-pages the visitor may open.
"""

from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, Site
from wagtail.search import index

from . import page_cache
from .blocks import BodyBlock
from .permissions import RestrictionAwarePagePermissionTester
from .privacy import restrictions_of
from .structure_cache import cached


class RequestRestrictionsMixin:
    """Page view restrictions read from the request's memo (coopsite.foundation.privacy) when
    routed.

    Wagtail checks restrictions when serving a page with `get_view_restrictions()`, two queries
    plus one per group check. `HomePage.route` hands the routed page the restrictions already
    loaded for this request (menus and search need them anyway); pages that are aliases, or
    pages not routed this way, use Wagtail's own query.
    """

    _request_restrictions = None

    def get_view_restrictions(self):
        if self._request_restrictions is not None:
            return self._request_restrictions
        return super().get_view_restrictions()

    def permissions_for_user(self, user):
        # In the admin too, a page restricted to groups the user is in none of grants them
        # nothing, whatever page permissions they hold above it
        # (coopsite/foundation/permissions.py).
        # Wagtail calls this on the specific page even from a plain `Page` object.
        return RestrictionAwarePagePermissionTester(user, self)


class SectionPage(RequestRestrictionsMixin, Page):
    """Abstract base: a short introduction and a free body made of blocks."""

    intro = RichTextField(
        _("introduction"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("A few lines shown at the top of the page and in listings."),
    )
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
    ]

    class Meta:
        abstract = True


class HomePage(SectionPage):
    """Root of the site in each language (the English home is a wagtail-localize copy)."""

    @page_cache.cacheable
    def serve(self, request, *args, **kwargs):
        return super().serve(request, *args, **kwargs)

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "coopsite.StandardPage",
        "governance.MembersAreaPage",
        "governance.PublicDirectoryPage",
        "training.TrainingCatalogPage",
        "partnerships.PartnershipsIndexPage",
    ]

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    def route(self, request, path_components):
        """Find the deepest page of the URL in one query instead of one per level.

        Wagtail walks the tree one child at a time (two queries per level). Here every prefix
        of the path is looked up at once by `url_path`; the deepest page found then routes the
        rest (e.g. a RoutablePage's sub-URL such as the charter's "comparer/"). Like Wagtail's
        own routing, only the final page's live status matters.
        """
        if not path_components:
            return super().route(request, path_components)
        prefixes = [
            self.url_path + "".join(f"{component}/" for component in path_components[:depth])
            for depth in range(1, len(path_components) + 1)
        ]
        deepest = (
            Page.objects.filter(path__startswith=self.path, url_path__in=prefixes)
            .order_by("-depth")
            .first()
        )
        if deepest is None:
            raise Http404
        consumed = deepest.depth - self.depth
        page = deepest.specific
        if deepest.alias_of_id is None:  # an alias has its source's restrictions: Wagtail's way
            page._request_restrictions = restrictions_of(page, request)
        return page.route(request, path_components[consumed:])


class StandardPage(SectionPage):
    """Generic page: about, legal notice, news, any text an editor wants to publish."""

    subpage_types = ["coopsite.StandardPage"]

    class Meta:
        verbose_name = _("standard page")
        verbose_name_plural = _("standard pages")


class SharedCacheSetting(BaseGenericSetting):
    """A generic setting read from the shared structure cache instead of once per request.

    Saving or deleting it starts a new cache generation (`coopsite.foundation.signals`).
    """

    class Meta:
        abstract = True

    @classmethod
    def load(cls, request_or_site=None):
        """Wagtail's `load()`, its query answered from the shared cache; kept on the request,
        as Wagtail does, for the rest of it."""
        attr_name = cls.get_cache_attr_name()
        if hasattr(request_or_site, attr_name):
            return getattr(request_or_site, attr_name)
        setting = cached(f"setting:{cls._meta.label_lower}", super().load)
        if request_or_site is not None and not isinstance(request_or_site, Site):
            setattr(request_or_site, attr_name, setting)
        return setting


@register_setting(icon="site")
class SiteSettings(SharedCacheSetting):
    """What the header and footer say about the cooperative (Paramètres > Coopérative)."""

    cooperative_name = models.CharField(
        _("name of the cooperative"), max_length=120, default="La Fabrique Commune"
    )
    tagline = models.CharField(_("tagline"), max_length=200, blank=True)
    address = models.TextField(_("address"), blank=True)
    email = models.EmailField(_("contact e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    legal_notice = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("legal notice page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("cooperative_name"), FieldPanel("tagline")], heading=_("Identity")
        ),
        MultiFieldPanel(
            [FieldPanel("address"), FieldPanel("email"), FieldPanel("phone")],
            heading=_("Contact details"),
        ),
        FieldPanel("legal_notice"),
    ]

    class Meta:
        verbose_name = _("cooperative")


class RateLimitCounter(models.Model):
    """Attempts of one client (`key`: scope and address) in one window of a rate limit, when no
    Redis is configured (`coopsite.foundation.ratelimit`). One row per key and window,
    incremented in the database; rows of windows that have ended are deleted as new ones are
    made."""

    key = models.CharField(max_length=200)
    window_start = models.DateTimeField()
    expires_at = models.DateTimeField(db_index=True)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("rate limit counter")
        constraints = [
            models.UniqueConstraint(
                fields=["key", "window_start"], name="ratelimit_one_row_a_window"
            )
        ]

    def __str__(self):
        return f"{self.key} @ {self.window_start:%Y-%m-%d %H:%M}: {self.count}"
