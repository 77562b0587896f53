"""A participant's public name: the only name ever shown about a person, and only where they chose.

A public name is never derived from a username or an e-mail address. It is shown beside an idea,
proposal or comment only when its author ticked "show my name" there (unticked unless the person
asked otherwise on *My participation*). :func:`validate` decides what may be stored: short, plain
characters, and nothing that passes for the city or its staff.
"""

from __future__ import annotations

import re
import unicodedata

from anyascii import anyascii
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wagtail_participation import conf

MIN_LENGTH = 2
MAX_LENGTH = 40
PUNCTUATION = frozenset(" .'-_’")
# Letters and marks that draw nothing (fillers, variation selectors, the grapheme joiner): a name
# made of them looks empty or like someone else's.
INVISIBLE = (
    frozenset("\u034f\u115f\u1160\u17b4\u17b5\u3164\uffa0")
    | {chr(c) for c in range(0x180B, 0x1810)}
    | {chr(c) for c in range(0xFE00, 0xFE10)}
    | {chr(c) for c in range(0xE0100, 0xE01F0)}
)
MAX_MARKS_IN_A_ROW = 2  # enough for any accented letter, too few to stack marks over a line

MESSAGES = {
    "too_short": _("Your public name needs at least %(min)d characters."),
    "too_long": _("Your public name can have at most %(max)d characters."),
    "characters": _("Use only letters, digits, spaces and . ' - _ in your public name."),
    "no_letter": _("Your public name needs at least one letter."),
    "impersonation": _("This name could be taken for the city or its staff. Please choose another."),
}

# Digits written for letters, so that "Adm1n" or "M0derator" is read as the word it imitates.
LOOKALIKE_DIGITS = str.maketrans("0134578", "oieastb")


def public_name(show: bool, participant) -> str:
    """What a page, e-mail or export may say about who wrote something: the public name if its
    author chose to show it there, else '' (the caller then says "a resident")."""
    if not show or participant is None:
        return ""
    return participant.display_name or ""


def normalise(value: str) -> str:
    """Composed characters (NFC), no spaces at the ends, runs of spaces made one."""
    return re.sub(" {2,}", " ", unicodedata.normalize("NFC", value or "").strip(" "))


def validate(value: str, participant=None) -> str:
    """The name as it will be stored, or a :class:`ValidationError` with a translated message.

    ``participant`` is whose name it is: their own earlier name never counts as someone else's, and
    staff may use the city's words.
    """
    name = normalise(value)
    if len(name) < MIN_LENGTH:
        raise ValidationError(MESSAGES["too_short"], code="too_short", params={"min": MIN_LENGTH})
    if len(name) > MAX_LENGTH:
        raise ValidationError(MESSAGES["too_long"], code="too_long", params={"max": MAX_LENGTH})
    if not _plain_characters(name):
        raise ValidationError(MESSAGES["characters"], code="characters")
    if not any(ch.isalpha() for ch in name):
        raise ValidationError(MESSAGES["no_letter"], code="no_letter")
    if impersonates(name, participant):
        raise ValidationError(MESSAGES["impersonation"], code="impersonation")
    return name


def _plain_characters(name: str) -> bool:
    """Letters (any alphabet), combining accents on them, digits, spaces and . ' - _ only: no
    control, format (bidi overrides, zero-width joiners), symbol or invisible characters."""
    marks = 0
    for index, ch in enumerate(name):
        category = unicodedata.category(ch)
        if ch in INVISIBLE:
            return False
        if category in ("Mn", "Mc"):
            marks += 1
            if index == 0 or marks > MAX_MARKS_IN_A_ROW:
                return False
            continue
        marks = 0
        if not (category.startswith("L") or category == "Nd" or ch in PUNCTUATION):
            return False
    return True


# -- impersonation -------------------------------------------------------------------------------


def words(text: str) -> list[str]:
    """The words of ``text`` as compared for impersonation: split at spaces, punctuation and
    camelCase, written in plain Latin letters (look-alikes from other alphabets become the letter
    they look like), accents dropped, case folded."""
    spaced, previous = [], ""
    for ch in text:
        if previous.islower() and ch.isupper():
            spaced.append(" ")
        spaced.append(ch)
        previous = ch
    return re.findall(r"[a-z0-9]+", anyascii("".join(spaced)).casefold())


def _readings(word: str) -> set[str]:
    """Ways a word may be read: as written, with digits read as letters, without digits around it."""
    bare = word.strip("0123456789")
    return {word, word.translate(LOOKALIKE_DIGITS), bare, bare.translate(LOOKALIKE_DIGITS)} - {""}


def contains_phrase(name_words: list[str], phrase_words: list[str]) -> bool:
    """Whether the words of ``phrase`` occur one after the other in the name (each in some reading)."""
    size = len(phrase_words)
    if not size:
        return False
    readings = [_readings(word) for word in name_words]
    return any(all(phrase_words[j] in readings[i + j] for j in range(size)) for i in range(len(name_words) - size + 1))


def _compact(name_words: list[str]) -> set[str]:
    return {"".join(name_words), "".join(word.translate(LOOKALIKE_DIGITS) for word in name_words)}


def impersonates(name: str, participant=None) -> bool:
    """Whether ``name`` passes for the city (a reserved word, the site's or city's name) or for a
    staff member (another staff member's public name)."""
    name_words = words(name)
    compact = _compact(name_words)
    if not _is_staff(participant):
        for phrase in [*conf.get("DISPLAY_NAME_RESERVED_WORDS"), *protected_site_names()]:
            phrase_words = words(phrase)
            joined = "".join(phrase_words)
            # A site name written as one word ("LindenhovenOfficial" is split, "lindenhovenofficial" is not).
            if contains_phrase(name_words, phrase_words) or (len(joined) >= 6 and any(joined in c for c in compact)):
                return True
    for staff_name in staff_public_names(exclude=participant):
        staff_words = words(staff_name)
        if contains_phrase(name_words, staff_words) or compact & _compact(staff_words):
            return True
    return False


def protected_site_names() -> set[str]:
    """The names under which the city speaks: every Wagtail site's name and ``WAGTAIL_SITE_NAME``."""
    from wagtail.models import Site

    names = set(Site.objects.exclude(site_name="").values_list("site_name", flat=True))
    names.add(getattr(settings, "WAGTAIL_SITE_NAME", "") or "")
    return {name for name in names if name.strip()}


def _staff_users():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(
        Q(is_staff=True)
        | Q(is_superuser=True)
        | Q(groups__permissions__codename="access_admin")
        | Q(user_permissions__codename="access_admin")
    )


def _is_staff(participant) -> bool:
    return bool(
        participant is not None and participant.user_id and _staff_users().filter(pk=participant.user_id).exists()
    )


def staff_public_names(exclude=None) -> list[str]:
    """Public names of people who may use the admin (except ``exclude``'s own)."""
    from wagtail_participation.models import Participant

    staff = Participant.objects.filter(user__in=_staff_users()).exclude(display_name="")
    if exclude is not None and exclude.pk:
        staff = staff.exclude(pk=exclude.pk)
    return list(staff.values_list("display_name", flat=True).distinct())


# -- storing -------------------------------------------------------------------------------------


def set_public_name(participant, name: str, show_by_default: bool | None = None) -> None:
    """Store a name :func:`validate` accepted ('' removes it). Choosing a name closes a moderator's
    earlier reset notice."""
    from wagtail_participation.models import Participant

    changes = {"display_name": name, "display_name_reset_reason": ""}
    if show_by_default is not None:
        changes["show_name_by_default"] = show_by_default
    renamed = getattr(participant, "display_name", None) != name
    Participant.objects.filter(pk=participant.pk).update(**changes)
    if renamed:
        from wagtail_participation.discussion import forget

        forget()  # the name shows on every discussion the person wrote in
    for field, value in changes.items():
        setattr(participant, field, value)
