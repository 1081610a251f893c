"""Sitemap of every public page in every language, with hreflang alternates.

Wagtail's own sitemap lists the default-language tree only, without alternates. This one lists
the live pages under each translation of the site's home page, keeps Wagtail's `.public()`
filter (no page under any view restriction, password included) and leaves out the aliases of
such pages (`privacy.public_pages`), and links each page to its published public translations.
"""

from collections import defaultdict

from django.db.models import Q
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page

from .privacy import public_pages


class MultilingualSitemap(Sitemap):
    def items(self):
        root = self.get_wagtail_site().root_page
        homes = root.get_translations(inclusive=True).live()
        in_a_home = Q()
        for home in homes:
            in_a_home |= Q(path__startswith=home.path)
        return (
            public_pages(Page.objects.filter(in_a_home))
            .public()
            .select_related("locale")
            .order_by("path")
            .defer_streamfields()
            .specific()
        )

    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        # Group the listed pages by translation key to give each its alternates.
        versions = defaultdict(list)
        for item in self.items():
            versions[item.translation_key].append(item)
        by_location = {}
        for group in versions.values():
            alternates = [
                {
                    "lang_code": item.locale.language_code,
                    "location": item.get_full_url(self.request),
                }
                for item in group
            ]
            for alternate in alternates:
                by_location[alternate["location"]] = alternates if len(alternates) > 1 else []
        for url in urls:
            url["alternates"] = by_location.get(url["location"], [])
        return urls
