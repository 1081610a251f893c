"""Sitemap of every public page in every language, with hreflang alternates.

Wagtail's own sitemap lists the default-language tree only, without alternates. This one lists
the live pages under each translation of the site's home page, keeps Wagtail's `.public()`
filter (no page under any view restriction, password included) and leaves out the aliases of
such pages (`privacy.public_pages`), and links each page to its published public translations.

Built in a number of queries that does not grow with the pages: the pages are read as base
`Page` rows with their locale (no page type overrides `get_sitemap_urls`, so the specific
rows are not needed), in one query, and each address is computed from the site's root paths,
read once per request.
"""

from collections import defaultdict

from django.db.models import Q
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page

from coopsite.foundation.privacy import public_pages


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
        )

    def _urls(self, page, protocol, domain):
        listed = [
            (item, item.get_full_url(self.request))
            for item in self.paginator.page(page).object_list.iterator()
        ]
        # Group the listed pages by translation key to give each its alternates.
        versions = defaultdict(list)
        for item, location in listed:
            versions[item.translation_key].append(
                {"lang_code": item.locale.language_code, "location": location}
            )
        urls = []
        for item, location in listed:
            alternates = versions[item.translation_key]
            urls.append(
                {
                    "item": item,
                    "location": location,
                    "lastmod": self.lastmod(item),
                    "alternates": alternates if len(alternates) > 1 else [],
                }
            )
        last_mods = {url["lastmod"] for url in urls}
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return urls
