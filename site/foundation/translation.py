"""Programmatic translation through wagtail-localize (demo data, tests, scripts).

Editors translate in the admin; this does the same steps in code: submit the page for
translation, record the strings we know as manual translations, publish. Strings without a
translation fall back to the source text, as "Publish" does in wagtail-localize's editor.
"""

from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)


def translate_page(page, locale, strings, publish=True):
    """Translate `page` into `locale`; `strings` maps source texts (title, slug, paragraph
    contents…) to their translation. Returns the translated page."""
    source, _ = TranslationSource.update_or_create_from_instance(page)
    # Not `translate_object()`: it publishes a first version with the source's slug, and the
    # slug change of our own publish would then leave Wagtail redirects pointing to themselves
    # (both publishes run on commit, in order). One publish, with the strings already known.
    translation, _ = Translation.objects.update_or_create(
        source=source, target_locale=locale, defaults={"enabled": True}
    )
    segments = StringSegment.objects.filter(source=source).select_related("string", "context")
    for segment in segments:
        translated = strings.get(segment.string.data)
        if translated:
            StringTranslation.objects.update_or_create(
                translation_of=segment.string,
                locale=locale,
                context=segment.context,
                defaults={"data": translated},
            )
    # wagtail-localize would publish in `transaction.on_commit` with the page instance of the
    # moment; when several pages are translated in one transaction, that stale instance
    # overwrites the tree counters of a parent that gained children meanwhile. Save a draft,
    # then publish the fresh latest revision right away.
    translation.save_target(publish=False)
    translated = page.get_translation(locale)
    if publish:
        translated.get_latest_revision().publish()
        translated.refresh_from_db()
    return translated
