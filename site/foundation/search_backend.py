"""Wagtail's database search backend, with one PostgreSQL text search configuration per language.

On PostgreSQL each object is indexed with the configuration of its own language (a page's
locale; objects without a locale, such as partnership records, in the default language), and a
search uses the configuration of the language being read: French pages are stemmed in French,
English pages in English, both with accents folded (migration `coopsite.0004`). On any other
database this is Wagtail's own database backend (SQLite's full-text index, or the fallback).

    WAGTAILSEARCH_BACKENDS = {"default": {
        "BACKEND": "coopsite.foundation.search_backend",
        "SEARCH_CONFIGS": {"fr": "coop_french", "en": "coop_english"},
    }}
"""

from collections import defaultdict
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache

from django.conf import settings
from django.db import connection
from django.utils import translation
from modelsearch.backends.database import SearchBackend as DatabaseSearchBackend
from wagtail.models import Locale

_indexing_language = ContextVar("indexing_language", default=None)


def SearchBackend(params):  # noqa: N802 - the name Wagtail looks for in a backend module
    if connection.vendor == "postgresql":
        return localised_postgres_backend_class()(params)
    return DatabaseSearchBackend(params)


def object_language(obj, languages_by_locale):
    locale_id = getattr(obj, "locale_id", None)
    return languages_by_locale.get(locale_id, settings.LANGUAGE_CODE)


@cache
def localised_postgres_backend_class():
    """Defined on first use: the PostgreSQL module needs PostgreSQL's index entry model."""
    # Inside: that module fetches modelsearch's IndexEntry model as it is imported, so it
    # must not load before the models; here this module stays importable at any time.
    from modelsearch.backends.database.postgres.postgres import (
        PostgresIndex,
        PostgresSearchBackend,
    )

    class LocalisedPostgresIndex(PostgresIndex):
        def add_items(self, model, objs):
            languages = dict(Locale.objects.values_list("pk", "language_code"))
            groups = defaultdict(list)
            for obj in objs:
                groups[object_language(obj, languages)].append(obj)
            for language, group in groups.items():
                with self.backend.indexing(language):
                    super().add_items(model, group)

    class LocalisedPostgresSearchBackend(PostgresSearchBackend):
        index_class = LocalisedPostgresIndex

        def __init__(self, params):
            self.configs = dict(params.get("SEARCH_CONFIGS") or {})
            super().__init__(params)

        @property
        def config(self):
            """The configuration of the language being indexed, else of the active language."""
            language = _indexing_language.get() or translation.get_language() or ""
            language = language.split("-")[0]
            return self.configs.get(language) or self.configs.get(
                settings.LANGUAGE_CODE, self._default_config
            )

        @config.setter
        def config(self, value):
            # PostgresSearchBackend.__init__ sets SEARCH_CONFIG: kept for unlisted languages.
            self._default_config = value

        @contextmanager
        def indexing(self, language):
            token = _indexing_language.set(language)
            try:
                yield
            finally:
                _indexing_language.reset(token)

    return LocalisedPostgresSearchBackend
