"""The site search: pages of every type (members with their offers and needs, courses with
their sessions and themes, decisions…) and, for the steering committee, partnership records.

What a visitor may not open never enters the query: pages are restricted (live, current
language, no restriction the visitor fails, see `privacy.visible_pages`) *before* Wagtail's
search runs, and partnership records are searched only for those who may view them. So the
count, the facets' counts and the pagination are those of what the visitor may open.

Facets (type of content, college, theme) are counted in the database on the matching rows,
each with the other facets' choices applied (so that another value of the same facet stays
one click away). Pages and records are ranked by the backend's score and merged.

The facets are links, not a form, and do not use django-filter as the site's lists do
(`coopsite.foundation.filters`): each facet narrows two sources (pages before Wagtail's search
runs, partnership records through the search backend), an unknown value matches nothing rather
than being left out, and each facet's options and counts come from the search backend's
`facet()` with the other facets applied. A FilterSet filters one queryset through a form; here it
would only check three strings. The results page through `templates/includes/pagination.html`.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from heapq import merge
from itertools import islice
from urllib.parse import urlencode

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Count, F, Q, Subquery, Sum
from django.db.models.functions import Substr
from django.utils.functional import cached_property
from django.utils.html import escape, format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Locale, Page
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry
from wagtail.search.utils import normalise_query_string

from coopsite.foundation.privacy import has_group_permission, visible_pages
from governance.models import CollegePage
from partnerships.models import Partnership, PartnershipsIndexPage
from training.models import CoursePage, Theme

PARTNERSHIP_TYPE = "partnerships.partnership"
EXCERPT_WORDS = 30
HIT_COLUMNS = ("title", "url_path", "path", "depth", "content_type_id", "locale_id", "live")


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool = False
    url: str = ""


@dataclass
class Facet:
    name: str
    label: str
    options: list = field(default_factory=list)
    clear_url: str = ""

    @property
    def selected(self):
        return next((option for option in self.options if option.selected), None)


@dataclass
class Hit:
    title: str
    url: str
    kind: str
    score: float
    obj: object
    excerpt: str = ""


@dataclass
class Filters:
    type: str = ""
    college: str = ""
    theme: str = ""

    @classmethod
    def from_query(cls, get):
        return cls(
            type=get.get("type", "").strip()[:100],
            college=get.get("college", "").strip()[:20],
            theme=get.get("theme", "").strip()[:100],
        )

    def without(self, name):
        return Filters(**{**self.__dict__, name: ""})

    def query_string(self, query, **changes):
        """The search's parameters with these filters (and `changes`), without `page`."""
        params = {"q": query, **self.__dict__, **changes}
        return urlencode({key: value for key, value in params.items() if value})

    def url(self, query, **changes):
        """The search's address with these filters (and `changes`), from its first page."""
        return "?" + self.query_string(query, **changes)

    @property
    def active(self):
        return bool(self.type or self.college or self.theme)

    def chosen(self):
        """(name, value) of the filters chosen (kept as hidden fields by a new search)."""
        return [(name, value) for name, value in self.__dict__.items() if value]


def _score_key(score):
    """Sort key, best first, for the backend's scores (SQLite's bm25 is lower-is-better)."""
    score = score or 0.0
    return score if connection.vendor == "sqlite" else -score


class SiteSearch:
    def __init__(self, request, query, filters=None):
        self.request = request
        self.query = query
        # What the engine receives: SQLite's full-text syntax fails on a lone double quote,
        # and a query without any word would match everything.
        terms = query.replace('"', " ").strip()
        self.terms = terms if re.search(r"\w", terms) else ""
        self.filters = filters or Filters()
        self.locale = Locale.get_active()

    # --- what this visitor may search ---------------------------------------------------

    @cached_property
    def may_see_partnerships(self):
        return has_group_permission(self.request.user, "partnerships.view_partnership")

    @cached_property
    def _visible_pages(self):
        return visible_pages(Page.objects.filter(locale=self.locale), self.request)

    @cached_property
    def colleges(self):
        return {str(c.pk): c for c in self._visible_pages.type(CollegePage).specific()}

    @cached_property
    def themes(self):
        return {t.slug: t for t in Theme.objects.filter(locale=self.locale)}

    @cached_property
    def page_types(self):
        """Content type label ("app.model") → ContentType, for the page types in the tree."""
        return {
            f"{ct.app_label}.{ct.model}": ct
            for ct in ContentType.objects.filter(
                pk__in=Page.objects.values("content_type").distinct()
            )
        }

    def _pages(self, filters, model=Page):
        """Visible pages (of `model`) narrowed by the facets chosen (None: none can match).

        A specific `model` lets the search engine read only that type's index entries."""
        if model is Page:
            pages = self._visible_pages
        else:
            pages = visible_pages(model.objects.filter(locale=self.locale), self.request)
        if filters.type == PARTNERSHIP_TYPE:
            return None
        if filters.type:
            content_type = self.page_types.get(filters.type)
            if content_type is None:
                return None
            pages = pages.filter(content_type=content_type)
        if filters.college:
            college = self.colleges.get(filters.college)
            if college is None:
                return None
            pages = pages.descendant_of(college)
        if filters.theme:
            theme = self.themes.get(filters.theme)
            if theme is None:
                return None
            pages = pages.filter(pk__in=CoursePage.objects.filter(themes=theme).values("pk"))
        return pages

    def _partnerships(self, filters):
        if not self.may_see_partnerships or filters.college or filters.theme:
            return None
        if filters.type and filters.type != PARTNERSHIP_TYPE:
            return None
        return Partnership.objects.all()

    def _page_results(self, filters):
        pages = self._pages(filters)
        if pages is None or not self.terms:
            return None
        # Only what a hit shows and its address need: ranking sorts every match.
        return pages.only(*HIT_COLUMNS).search(self.terms)

    def _partnership_results(self, filters):
        records = self._partnerships(filters)
        if records is None or not self.terms:
            return None
        return get_search_backend().search(self.terms, records)

    # --- results -------------------------------------------------------------------------

    @cached_property
    def page_results(self):
        return self._page_results(self.filters)

    @cached_property
    def partnership_results(self):
        return self._partnership_results(self.filters)

    @cached_property
    def results(self):
        return MergedResults(self)

    def hits(self, stop):
        """The `stop` best hits of both sources, best first."""
        streams = []
        if self.page_results is not None:
            pages = self.page_results.annotate_score("_score")[:stop]
            streams.append(
                Hit(
                    title=page.title,
                    url=page.get_url(request=self.request),
                    kind=capfirst(page.specific_class._meta.verbose_name),
                    score=page._score,
                    obj=page,
                )
                for page in pages
            )
        if self.partnership_results is not None:
            index_url = self._partnerships_index_url()
            records = self.partnership_results.annotate_score("_score")[:stop]
            streams.append(
                Hit(
                    title=record.title,
                    url=f"{index_url}{record.pk}/" if index_url else "",
                    kind=capfirst(record._meta.verbose_name),
                    score=record._score,
                    obj=record,
                )
                for record in records
            )
        return list(islice(merge(*streams, key=lambda hit: _score_key(hit.score)), stop))

    def _partnerships_index_url(self):
        index = self._visible_pages.type(PartnershipsIndexPage).first()
        return index.get_url(request=self.request) if index else ""

    def count(self):
        """Read from the type counts (computed with every other filter): no query of its own."""
        if self.filters.type:
            return self.type_counts.get(self.filters.type, 0)
        return sum(self.type_counts.values())

    # --- facets --------------------------------------------------------------------------

    def facets(self):
        facets = [f for f in (self.type_facet(), self.college_facet(), self.theme_facet()) if f]
        for facet in facets:
            facet.clear_url = self.filters.url(self.query, **{facet.name: ""})
            for option in facet.options:
                value = "" if option.selected else option.value
                option.url = self.filters.url(self.query, **{facet.name: value})
        return facets

    @cached_property
    def type_counts(self):
        """Matches per type ("app.model"), with every chosen filter but the type's."""
        filters = self.filters.without("type")
        counts = {}
        results = self._page_results(filters)
        if results is not None:
            by_id = {ct.pk: label for label, ct in self.page_types.items()}
            for content_type_id, count in results.facet("content_type_id").items():
                counts[by_id[content_type_id]] = count
        records = self._partnership_results(filters)
        if records is not None:
            counts[PARTNERSHIP_TYPE] = records.count()
        return {value: count for value, count in counts.items() if count}

    def _may_match(self, page_type):
        """False when no page of this type matches: its facet needs no query."""
        if self.filters.type and self.filters.type != page_type:
            return False
        return bool(self.type_counts.get(page_type))

    def type_facet(self):
        options = []
        for value, count in self.type_counts.items():
            if not count:
                continue
            model = (
                self.page_types[value].model_class()
                if value != PARTNERSHIP_TYPE
                else self._partnership_model()
            )
            label = capfirst(model._meta.verbose_name_plural) if model else value
            options.append(FacetOption(value, label, count, value == self.filters.type))
        options.sort(key=lambda option: (-option.count, option.label))
        return Facet("type", _("Type of content"), options) if options else None

    @staticmethod
    def _partnership_model():
        return Partnership

    def _matching_pages(self, filters, page_type):
        """The matching pages of one type, as a queryset to group and count, or None."""
        content_type = self.page_types.get(page_type)
        if content_type is None:
            return None
        pages = self._pages(filters, model=content_type.model_class())
        if pages is None or not self.terms:
            return None
        pages = pages.only(*HIT_COLUMNS)
        return pages.search(self.terms).get_queryset().order_by()

    def college_facet(self):

        if not self.colleges or not self._may_match("governance.memberpage"):
            return None
        matching = self._matching_pages(self.filters.without("college"), "governance.memberpage")
        if matching is None:
            return None
        any_college = next(iter(self.colleges.values()))
        length = any_college.depth * Page.steplen
        by_path = {college.path: key for key, college in self.colleges.items()}
        rows = (
            matching.annotate(college_path=Substr("path", 1, length))
            .values("college_path")
            .annotate(count=Count("pk"))
            .order_by()
        )
        options = []
        for row in rows:
            key = by_path.get(row["college_path"])
            if key is not None:
                college = self.colleges[key]
                options.append(
                    FacetOption(key, college.title, row["count"], key == self.filters.college)
                )
        options.sort(key=lambda option: option.label)
        return Facet("college", _("College"), options) if options else None

    def theme_facet(self):
        if not self.themes or not self._may_match("training.coursepage"):
            return None
        matching = self._matching_pages(self.filters.without("theme"), "training.coursepage")
        if matching is None:
            return None
        rows = (
            CoursePage.themes.through.objects.filter(
                coursepage_id__in=Subquery(matching.values("pk")), theme__locale=self.locale
            )
            .values("theme__slug")
            .annotate(count=Count("coursepage_id", distinct=True))
            .order_by()
        )
        options = [
            FacetOption(
                row["theme__slug"],
                self.themes[row["theme__slug"]].name,
                row["count"],
                row["theme__slug"] == self.filters.theme,
            )
            for row in rows
            if row["theme__slug"] in self.themes
        ]
        options.sort(key=lambda option: option.label)
        return Facet("theme", _("Theme"), options) if options else None

    # --- excerpts -------------------------------------------------------------------------

    def add_excerpts(self, hits):
        """Marked excerpts from the index entries' text: one query for the whole page."""
        if not hits:
            return hits
        keys = {}
        wanted = Q()
        for hit in hits:
            # Pages are indexed under their specific type, records under their model.
            content_type_id = getattr(hit.obj, "content_type_id", None)
            if content_type_id is None:
                content_type_id = ContentType.objects.get_for_model(type(hit.obj)).pk
            keys[id(hit)] = (content_type_id, str(hit.obj.pk))
            wanted |= Q(content_type_id=content_type_id, object_id=str(hit.obj.pk))
        title_column, body_column = _text_columns()
        texts = {
            (content_type_id, object_id): (title or "", body or "")
            for content_type_id, object_id, title, body in IndexEntry.objects.filter(
                wanted
            ).values_list("content_type_id", "object_id", title_column, body_column)
        }
        for hit in hits:
            title, body = texts.get(keys[id(hit)], ("", ""))
            # Fields named "title" of related items (a member's offers and needs) are indexed
            # with the title: keep them, without the hit's own title.
            extra = title.replace(hit.title, "", 1).strip()
            hit.excerpt = highlight(f"{extra} · {body}" if extra else body, self.query)
        return hits


def _text_columns():
    """The plain-text columns of Wagtail's index entries (PostgreSQL keeps vectors apart)."""
    if connection.vendor == "postgresql":
        return "title_text", "body_text"
    return "title", "body"


class MergedResults:
    """Pages and partnership records as one ranked sequence, for Django's Paginator."""

    def __init__(self, search):
        self.search = search

    @cached_property
    def _count(self):
        return self.search.count()

    def count(self):
        return self._count

    def __len__(self):
        return self._count

    def __getitem__(self, index):
        if not isinstance(index, slice):
            raise TypeError("MergedResults only supports slices")
        hits = self.search.hits(index.stop)[index.start or 0 : index.stop]
        return self.search.add_excerpts(hits)


def _fold(text):
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def highlight(text, query, words=EXCERPT_WORDS):
    """An excerpt of `text` around the first word of `query`, with the query's words marked.

    Words match when they share a stem-like prefix with a query word, accents and case
    ignored (*formations* marks *formation*). The text is escaped; only <mark> is added.
    """

    # Rich text and StreamField blocks are indexed joined by ", " (after their own full stop).
    text = re.sub(r"([.!?:;])\s*,(?=\s|$)", r"\1", text)
    terms = [_fold(term) for term in re.findall(r"\w+", query) if len(term) > 1]
    stems = [term[: max(4, len(term) - 3)] if len(term) > 4 else term for term in terms]
    tokens = re.findall(r"\S+", text)
    if not tokens:
        return ""

    def matches(token):
        folded = _fold(re.sub(r"\W+", "", token))
        return bool(folded) and any(folded.startswith(stem) for stem in stems)

    first = next((i for i, token in enumerate(tokens) if matches(token)), 0)
    start = max(0, first - words // 3)
    window = tokens[start : start + words]
    parts = [format_html("<mark>{}</mark>", t) if matches(t) else escape(t) for t in window]
    prefix = "… " if start > 0 else ""
    suffix = " …" if start + words < len(tokens) else ""
    return format_html("{}{}{}", prefix, format_html_join(" ", "{}", ((p,) for p in parts)), suffix)


# --- promoted results and statistics ----------------------------------------------------------


@dataclass
class Suggestion:
    title: str
    url: str
    description: str


def _promotions_for(query):
    promotions = SearchPromotion.objects.select_related("query", "page")
    exact = list(promotions.filter(query__query_string=normalise_query_string(query)))
    if exact:
        return exact
    # None for these words: the editors' promotions for any query, the most searched first.
    return list(
        promotions.annotate(hits=Sum("query__daily_hits__hits")).order_by(
            F("hits").desc(nulls_last=True), "query__query_string", "sort_order"
        )
    )


def suggestions(request, query, limit=5):
    """Promoted results (wagtail.contrib.search_promotions) for a search that found nothing:
    those set for this query, else the others; only pages this visitor may open, in the
    language being read (a promoted page is replaced by its translation)."""
    promotions = _promotions_for(query)
    keys = [p.page.translation_key for p in promotions if p.page_id]
    visible = visible_pages(Page.objects.filter(locale=Locale.get_active()), request)
    pages = {page.translation_key: page for page in visible.filter(translation_key__in=keys)}
    found, seen = [], set()
    for promotion in promotions:
        if promotion.page_id:
            page = pages.get(promotion.page.translation_key)
            if page is None or page.pk in seen:
                continue
            seen.add(page.pk)
            item = Suggestion(page.title, page.get_url(request=request), promotion.description)
        elif promotion.external_link_url:
            if promotion.external_link_url in seen:
                continue
            seen.add(promotion.external_link_url)
            title = promotion.external_link_text or promotion.external_link_url
            item = Suggestion(title, promotion.external_link_url, promotion.description)
        else:
            continue
        found.append(item)
        if len(found) == limit:
            break
    return found


def record_search(query):
    """Count the search for the editors' "popular searches" (where they add promotions)."""
    Query.get(query).add_hit()
