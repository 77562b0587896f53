"""Translate demo pages and snippets the way an editor does in wagtail-localize's editor.

For each object: its translation source (the segments wagtail-localize extracts), a translation of
every segment we have text for, then ``create_or_update_translation``, which builds (or brings up
to date) the page in the other language and publishes it. Segments without text fall back to the
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
            translation_of=segment.string, locale=locale, context=segment.context,
            defaults={"data": text, "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL},
        )
    # The Translation record is what the admin's "Sync translated pages" and editor work from.
    Translation.objects.get_or_create(source=source, target_locale=locale)
    translated, _created = source.create_or_update_translation(locale, fallback=True)
    return translated


def recount_children(pages):
    """Set each page's child count from the tree. Publishing a new translation from its revision
    can leave its parent's count at zero, and treebeard takes a node with numchild == 0 for a leaf
    (its children would answer 404)."""
    for page in pages:
        children = Page.objects.filter(path__startswith=page.path, depth=page.depth + 1).count()
        Page.objects.filter(pk=page.pk).update(numchild=children)
