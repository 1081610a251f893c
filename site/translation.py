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
from wagtail_localize.operations import translate_object


def translate_page(page, locale, strings, publish=True):
    """Translate `page` into `locale`; `strings` maps source texts (title, slug, paragraph
    contents…) to their translation. Returns the translated page."""
    source, _ = TranslationSource.update_or_create_from_instance(page)
    if not Translation.objects.filter(source=source, target_locale=locale).exists():
        translate_object(page, [locale])
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
    Translation.objects.get(source=source, target_locale=locale).save_target(publish=publish)
    return page.get_translation(locale)
