"""Translate demo pages and snippets the way an editor does in wagtail-localize's editor.

For each object: its translation source (the segments wagtail-localize extracts), a translation of
every segment we have text for, then ``create_or_update_translation``, which builds (or brings up
to date) the page in the other language, published. Segments without text fall back to the
source language, as wagtail-localize does when a translator has not finished.
"""

from __future__ import annotations

from wagtail.models import Page
from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource


def translate(instance, locale, texts: dict[str, str]):
    """The translation of ``instance`` into ``locale``, created (or synchronised) from ``texts``,
    a mapping of source-language segment text to its translation. Returns the translated object."""
    source, _created = TranslationSource.get_or_create_from_instance(instance)
    for segment in StringSegment.objects.filter(source=source).select_related("string", "context"):
        text = texts.get(segment.string.data)
        if text is None:
            continue
        StringTranslation.objects.update_or_create(
            translation_of=segment.string,
            locale=locale,
            context=segment.context,
            defaults={"data": text, "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL},
        )
    # The Translation record is what the admin's "Sync translated pages" and editor work from.
    Translation.objects.get_or_create(source=source, target_locale=locale)
    # wagtail-localize publishes a page translation when the transaction commits; publish it now
    # instead, so the demo is complete inside the command's transaction (and in tests).
    is_page = isinstance(instance, Page)
    translated, _created = source.create_or_update_translation(locale, fallback=True, publish=not is_page)
    if is_page:
        translated.get_latest_revision().publish()
        translated.refresh_from_db()
    return translated
