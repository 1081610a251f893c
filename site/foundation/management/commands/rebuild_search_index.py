"""Rebuild the site search index (pages, partnership records…) with a progress bar.

The same work as Wagtail's `update_index`, through the backend's own rebuilder (on PostgreSQL
the index stays usable until the end), with one bar for the whole run instead of dots. To run
after changing what a model indexes, or the search configuration.
"""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _
from modelsearch.index import get_indexed_models
from modelsearch.management.commands.rebuild_modelsearch_index import group_models_by_index
from wagtail.search.backends import get_search_backend

BAR_WIDTH = 30


class ProgressBar:
    """`[#####-----]  50 %  500/1000  label` on one line (redrawn on a terminal, else one line
    per tenth, for logs)."""

    def __init__(self, stream, total, interactive):
        self.stream = stream
        self.total = max(total, 1)
        self.done = 0
        self.interactive = interactive
        self.last_tenth = -1

    def advance(self, count, label):
        self.done += count
        tenth = self.done * 10 // self.total
        if not self.interactive and tenth == self.last_tenth:
            return
        self.last_tenth = tenth
        filled = BAR_WIDTH * self.done // self.total
        line = (
            f"[{'#' * filled}{'-' * (BAR_WIDTH - filled)}] "
            f"{100 * self.done // self.total:3d} %  {self.done}/{self.total}  {label}"
        )
        if self.interactive:
            self.stream.write(f"\r{line:<100}", ending="")
            self.stream.flush()
        else:
            self.stream.write(line)

    def finish(self):
        if self.interactive:
            self.stream.write("")


class Command(BaseCommand):
    help = _("Rebuilds the site search index, with a progress bar.")

    def add_arguments(self, parser):
        parser.add_argument(
            "--chunk-size",
            type=int,
            default=500,
            help=_("Objects indexed per batch (default 500)."),
        )

    def handle(self, *args, **options):
        with translation.override(settings.LANGUAGE_CODE):
            self._handle(options["chunk_size"])

    def _handle(self, chunk_size):
        if chunk_size < 1:
            raise CommandError(_("--chunk-size must be a positive number: nothing was changed."))
        started = time.monotonic()
        backend = get_search_backend()
        groups = group_models_by_index(backend, get_indexed_models())
        total = sum(
            model.get_indexed_objects().count() for models in groups.values() for model in models
        )
        self.stdout.write(_("Rebuilding the search index: %(count)d objects.") % {"count": total})
        interactive = hasattr(self.stdout, "isatty") and self.stdout.isatty()
        bar = ProgressBar(self.stdout, total, interactive)
        for index, models in groups.items():
            rebuilder = backend.rebuilder_class(index) if backend.rebuilder_class else None
            if rebuilder is not None:
                index = rebuilder.start()
            for model in models:
                index.add_model(model)
            for model in models:
                label = str(model._meta.verbose_name_plural)
                objects = model.get_indexed_objects().order_by("pk")
                last_pk = None
                while True:
                    batch = objects if last_pk is None else objects.filter(pk__gt=last_pk)
                    chunk = list(batch[:chunk_size])
                    if not chunk:
                        break
                    index.add_items(model, chunk)
                    last_pk = chunk[-1].pk
                    bar.advance(len(chunk), label)
            if rebuilder is not None:
                rebuilder.finish()
        bar.finish()
        self.stdout.write(
            self.style.SUCCESS(
                _("Search index rebuilt: %(count)d objects in %(seconds).1f s.")
                % {"count": bar.done, "seconds": time.monotonic() - started}
            )
        )
