"""Who reads an e-mail, in which language, and where its links point (docs/emails.md).

Every mail of the package is rendered in a background task (``django_tasks``), where neither the
request nor the language of whoever triggered it counts. For each recipient the task decides:

* the language: the one the person used when they took part (stored on the contribution or the
  follow), else their account's language (``WAGTAILPARTICIPATION_ACCOUNT_LANGUAGE``), else the
  site's default language (``LANGUAGE_CODE``);
* the links: the page in that language where that translation is live (else the original), on the
  site's real address: ``WAGTAILPARTICIPATION_BASE_URL`` where set, else the page's Wagtail ``Site``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import translation

from wagtail_participation import conf


@dataclass(frozen=True)
class Reader:
    """One recipient of a mail and the language it is written in for them."""

    address: str
    language: str


# -- languages ---------------------------------------------------------------------------------


def supported_language(code: str | None) -> str:
    """``code`` as one of the site's ``LANGUAGES`` (``nl-be`` may become ``nl``), or ""."""
    if not code:
        return ""
    try:
        return translation.get_supported_language_variant(code)
    except LookupError:
        return ""


def default_language() -> str:
    return supported_language(settings.LANGUAGE_CODE) or settings.LANGUAGE_CODE


def reader_language(*preferences: str | None) -> str:
    """The first supported language of ``preferences`` (most specific first), else the default."""
    for code in preferences:
        if language := supported_language(code):
            return language
    return default_language()


def wagtail_preferred_language(user) -> str:
    """Default ``ACCOUNT_LANGUAGE``: the language chosen in the account's Wagtail profile, or ""."""
    from django.apps import apps

    if user is None or not apps.is_installed("wagtail.users"):
        return ""
    from wagtail.users.models import UserProfile

    return UserProfile.objects.filter(user=user).values_list("preferred_language", flat=True).first() or ""


def account_language(user) -> str:
    return conf.get_callable("ACCOUNT_LANGUAGE")(user) if user is not None else ""


def account_reader(user, language: str = "") -> Reader | None:
    """An account with an address, in ``language`` (where they took part), else the account's."""
    address = getattr(user, user.get_email_field_name(), "") if user is not None else ""
    if not address:
        return None
    return Reader(address, reader_language(language, account_language(user)))


def participant_reader(participant, language: str = "") -> Reader | None:
    """A participant with an account and an address, in the language they took part in."""
    return account_reader(participant.user if participant is not None else None, language)


def staff_reader(address: str) -> Reader | None:
    """A staff or moderation address, in the language of the active account with that address."""
    from django.contrib.auth import get_user_model

    if not address:
        return None
    model = get_user_model()
    accounts = model.objects.filter(**{f"{model.get_email_field_name()}__iexact": address, "is_active": True})
    user = accounts.order_by("pk").first()
    return Reader(address, reader_language(account_language(user)))


def unique(readers: Iterable[Reader | None]) -> list[Reader]:
    """Each address once (compared without case), the first mention deciding its language."""
    seen, result = set(), []
    for reader in readers:
        if reader is not None and reader.address.lower() not in seen:
            seen.add(reader.address.lower())
            result.append(reader)
    return result


# -- links -------------------------------------------------------------------------------------


def page_in_language(record, language: str):
    """The live page of a method record in ``language``, else its original (source) page, else
    any live translation; None when no page is live."""
    from wagtail.models import Page

    pages = {
        page.locale.language_code: page
        for page in Page.objects.live().filter(translation_key=record.translation_key).select_related("locale")
    }
    source = next((page for page in pages.values() if page.locale_id == record.source_locale_id), None)
    chosen = pages.get(language) or source or next(iter(pages.values()), None)
    return chosen.specific if chosen is not None else None


def site_address(site_root_url: str | None) -> str:
    """The site's address without a trailing slash: the setting, else the ``Site``'s root URL."""
    return (conf.get("BASE_URL") or site_root_url or "").rstrip("/")


def page_url(page) -> str:
    """The page's absolute address (its path carries its own language prefix), or ""."""
    parts = page.get_url_parts()
    if not parts or parts[2] is None:
        return ""
    return site_address(parts[1]) + parts[2]


def contribution_url(contribution, language: str) -> str:
    """The contribution's page in ``language`` (where translated), or "" when no page is live."""
    page = page_in_language(contribution.record, language)
    base = page_url(page) if page is not None else ""
    if not base:
        return ""
    return base.rstrip("/") + "/" + page.contribution_subpath(contribution.pk).lstrip("/")


def admin_url(path: str, page=None) -> str:
    """An admin ``path`` on ``WAGTAILADMIN_BASE_URL``, else on the site's address."""
    parts = page.get_url_parts() if page is not None else None
    return (getattr(settings, "WAGTAILADMIN_BASE_URL", "") or site_address(parts[1] if parts else None)).rstrip(
        "/"
    ) + path


def localized(instance, language: str):
    """A translatable snippet (department, topic...) in ``language`` where translated, else itself."""
    from wagtail.models import Locale

    locale = Locale.objects.filter(language_code=language).first()
    if locale is None or getattr(instance, "locale_id", locale.pk) == locale.pk:
        return instance
    return instance.get_translation_or_none(locale) or instance


# -- sending -----------------------------------------------------------------------------------


def one_line(text: str, limit: int | None = None) -> str:
    """A title fit for a subject line: a mail header may not contain a line break."""
    return " ".join(text.split())[:limit]


def send(readers: Iterable[Reader], compose: Callable[[str], tuple[str, str]]) -> int:
    """Send ``compose(language) -> (subject, body)``, rendered once per language with that language
    active, to each reader in their own message (no one sees the other addresses); returns mails sent."""
    by_language: dict[str, list[str]] = {}
    for reader in readers:
        by_language.setdefault(reader.language, []).append(reader.address)
    sent = 0
    for language, addresses in by_language.items():
        with translation.override(language):
            subject, body = compose(language)
        # message.send() rather than a shared connection: get_connection() is deprecated in Django 6.1.
        sent += sum(EmailMessage(subject, body, to=[address]).send() for address in addresses)
    return sent
