"""Verification backends: how a participant proves they are a resident, and of which area.

Each backend is a small class chosen by ``WAGTAILPARTICIPATION_VERIFICATION_BACKENDS``
(``[{"CLASS": "dotted.path", "OPTIONS": {...}}]``). It offers a form and, given valid input,
records the participant's :class:`~wagtail_participation.models.Verification` (level, area,
method) or raises :class:`VerificationError` with a message for the person.
"""

from __future__ import annotations

import csv
import io
from functools import lru_cache

from django import forms
from django.conf import settings
from django.db import transaction
from django.utils.crypto import salted_hmac
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.log_actions import LogFormatter, log

from wagtail_participation import clock, conf
from wagtail_participation.clean_input import CleanInputMixin
from wagtail_participation.engine import hashed_codes
from wagtail_participation.models import (
    Area,
    CensusClaimRefusal,
    CensusEntry,
    CensusImport,
    CodeBatch,
    InvitationCode,
    Verification,
)

CENSUS_RECLAIMED = "wagtail_participation.census_superseded"


class VerificationError(Exception):
    """Verification failed; ``message`` is shown to the person (translated)."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.message = message
        self.field = field


def hmac_key() -> bytes:
    configured = conf.get("HMAC_KEY")
    if configured:
        return configured.encode() if isinstance(configured, str) else configured
    return salted_hmac(
        "wagtail_participation.identity", "hmac-key", secret=settings.SECRET_KEY, algorithm="sha256"
    ).digest()


def code_digest(code: str) -> str:
    return hashed_codes.digest(hmac_key(), "invitation-code", hashed_codes.normalise_code(code))


def record_verification(participant, *, level, area, method, project_key=None) -> Verification:
    """Store the participant's verification; a declaration never downgrades a verification."""
    existing = Verification.objects.filter(participant=participant).first()
    if existing and existing.level == Verification.VERIFIED and level == Verification.DECLARED:
        raise VerificationError(_("You are already verified as a resident; there is no need to declare your area."))
    if (
        existing
        and existing.level == Verification.VERIFIED
        and existing.project_key is None
        and project_key is not None
    ):
        # A site-wide verification already covers every project.
        return existing
    verification, _created = Verification.objects.update_or_create(
        participant=participant,
        defaults={"level": level, "area": area, "method": method, "project_key": project_key},
    )
    participant._state.fields_cache.pop("verification", None)  # the next read sees the new record
    return verification


class VerificationBackend:
    """Base class. Subclasses set ``code``, ``label``, ``description`` and ``level`` and implement
    :meth:`get_form_class` and :meth:`verify`.
    """

    code = ""
    label = ""
    description = ""
    why = ""  # why the details are asked (shown with the privacy notice)
    level = Verification.VERIFIED

    def __init__(self, **options):
        self.options = options

    def get_form_class(self) -> type[forms.Form]:
        raise NotImplementedError

    def get_form(self, data=None):
        return self.get_form_class()(data=data, prefix=self.code)

    def verify(self, participant, cleaned_data) -> Verification:
        raise NotImplementedError


class InvitationCodeForm(CleanInputMixin, forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Invitation code"),
        max_length=40,
        help_text=gettext_lazy("The code on your letter, for example K7PM-Q2XD-94WH."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}),
    )


class InvitationCodeBackend(VerificationBackend):
    """Codes printed on letters; each is used once and can be revoked."""

    code = "code"
    label = gettext_lazy("Invitation code")
    description = gettext_lazy("Enter the code from the letter the city sent to your address.")
    why = gettext_lazy(
        "The code shows that you received the city's letter at a home in the area; we keep only which area."
    )

    def get_form_class(self):
        return InvitationCodeForm

    def verify(self, participant, cleaned_data):
        now = clock.now()
        with transaction.atomic():
            code = (
                InvitationCode.objects.select_related("batch").filter(digest=code_digest(cleaned_data["code"])).first()
            )
            if code is None:
                raise VerificationError(_("This code is not valid. Check it against your letter."), "code")
            if code.revoked_at or code.batch.revoked_at:
                raise VerificationError(_("This code has been withdrawn. Contact the city for a new one."), "code")
            if code.used_by_id == participant.pk:
                raise VerificationError(_("You have already used this code."), "code")
            # A conditional update, so two people racing with one code cannot both use it.
            claimed = InvitationCode.objects.filter(pk=code.pk, used_by__isnull=True).update(
                used_by=participant, used_at=now
            )
            if not claimed:
                raise VerificationError(_("This code has already been used."), "code")
            return record_verification(
                participant,
                level=Verification.VERIFIED,
                area=code.batch.area,
                method="invitation_code",
                project_key=code.batch.project_key,
            )


# Census fields: name -> (kind, label). Override with OPTIONS {"FIELDS": {...}}.
DEFAULT_CENSUS_FIELDS = {
    "postal_code": ("text", gettext_lazy("Postal code")),
    "house_number": ("text", gettext_lazy("House number")),
    "date_of_birth": ("date", gettext_lazy("Date of birth")),
}


class CensusBackend(VerificationBackend):
    """Match against the city's residents extract, uploaded by staff as digests only."""

    code = "census"
    label = gettext_lazy("Residents register")
    description = gettext_lazy("Enter your details as they are known at the town hall.")
    why = gettext_lazy(
        "We compare these details with the register of residents to check that you live here. We do not store them; we keep only your area."
    )

    @property
    def fields(self) -> dict:
        return self.options.get("FIELDS", DEFAULT_CENSUS_FIELDS)

    def kinds(self) -> dict[str, str]:
        return {name: kind for name, (kind, _label) in self.fields.items()}

    def get_form_class(self):
        attrs = {}
        for name, (kind, label) in self.fields.items():
            if kind == "date":
                attrs[name] = forms.CharField(
                    label=label,
                    max_length=20,
                    help_text=gettext_lazy("Day, month and year, for example 03/05/1980."),
                    widget=forms.TextInput(attrs={"autocomplete": "bday", "inputmode": "numeric"}),
                )
            else:
                attrs[name] = forms.CharField(label=label, max_length=100)
        attrs["clean"] = _clean_census_form(self.kinds())
        return type("CensusForm", (CleanInputMixin, forms.Form), attrs)

    def row_digest(self, values: dict) -> str:
        return hashed_codes.digest(hmac_key(), "census", hashed_codes.census_key(values, self.kinds()))

    def verify(self, participant, cleaned_data):
        entry = CensusEntry.objects.select_related("area").filter(digest=self.row_digest(cleaned_data)).first()
        if entry is None:
            raise VerificationError(
                _("These details do not match the register of residents. Check them, or contact the town hall.")
            )
        if entry.claimed_by_id == participant.pk:
            if entry.superseded_at is None:
                raise VerificationError(_("You are already verified with these details."))
            raise VerificationError(_("These details were used for an earlier verification and cannot be used again."))
        now = clock.now()
        with transaction.atomic():
            # Re-verifying (e.g. after moving house): the current row is superseded first, as a
            # participant has one current row; rolled back below if the new row is not free.
            previous = list(CensusEntry.objects.filter(claimed_by=participant, superseded_at__isnull=True))
            CensusEntry.objects.filter(pk__in=[row.pk for row in previous]).update(superseded_at=now)
            # A conditional update, so two people racing with one row cannot both claim it, and a
            # superseded row is never free again.
            claimed = CensusEntry.objects.filter(
                pk=entry.pk, claimed_by__isnull=True, superseded_at__isnull=True
            ).update(claimed_by=participant, claimed_at=now)
            if claimed:
                for row in previous:
                    log(
                        instance=row,
                        action=CENSUS_RECLAIMED,
                        data={"new_entry": entry.pk, "participant": participant.pk},
                    )
                return record_verification(participant, level=Verification.VERIFIED, area=entry.area, method="census")
            transaction.set_rollback(True)
        # Reported outside the transaction above, so the report survives the refusal.
        CensusClaimRefusal.objects.get_or_create(entry=entry, participant=participant, resolved=False)
        raise VerificationError(
            _(
                "These details were already used to verify another participant. The city's staff have "
                "been told and will look into it."
            )
        )

    def import_rows(self, name: str, uploaded_file, user=None):
        """Import a CSV extract; returns ``(CensusImport or None, [(line, message), ...])``.

        All or nothing: any bad line and nothing is imported. The plain values are only held in
        memory while digesting; neither the file nor any plain value is stored.
        """
        return import_census(self, name, uploaded_file, user)


def _clean_census_form(kinds):
    def clean(form):
        cleaned = super(type(form), form).clean()
        for name, kind in kinds.items():
            if kind == "date" and cleaned.get(name):
                try:
                    hashed_codes.normalise_date(cleaned[name])
                except ValueError:
                    form.add_error(name, _("Enter the date as day/month/year, for example 03/05/1980."))
        return cleaned

    return clean


def import_census(backend: CensusBackend, name: str, uploaded_file, user=None):
    text = uploaded_file.read()
    try:
        text = text.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None, [(0, _("The file is not UTF-8 text. Save it as CSV (UTF-8) and upload it again."))]
    try:
        dialect = csv.Sniffer().sniff(text.splitlines()[0] if text else ",", delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    expected = [*backend.kinds(), "area"]
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = [column for column in expected if column not in header]
    if missing:
        return None, [
            (
                1,
                _("Missing columns: %(columns)s. Expected: %(expected)s.")
                % {"columns": ", ".join(missing), "expected": ", ".join(expected)},
            )
        ]
    areas = {}
    for area in Area.objects.order_by("id"):  # slugs are shared by translations; keep the first
        areas.setdefault(area.slug, area)
    errors, rows, seen = [], [], {}
    for line, raw in enumerate(reader, start=2):
        row = {key.strip(): (value or "").strip() for key, value in raw.items() if key}
        area = areas.get(row.get("area", ""))
        if area is None:
            errors.append((line, _("Unknown area “%(area)s”.") % {"area": row.get("area", "")}))
            continue
        try:
            digest = backend.row_digest(row)
        except ValueError as error:
            errors.append((line, _("Incomplete or invalid details (%(problem)s).") % {"problem": error}))
            continue
        if digest in seen:
            errors.append((line, _("Same resident as line %(line)s.") % {"line": seen[digest]}))
            continue
        seen[digest] = line
        rows.append((digest, area))
    if not rows and not errors:
        errors.append((1, _("The file has no residents.")))
    existing = set(CensusEntry.objects.filter(digest__in=seen).values_list("digest", flat=True))
    for digest in existing:
        errors.append((seen[digest], _("This resident is already in an earlier import.")))
    if errors:
        return None, sorted(errors)
    with transaction.atomic():
        census_import = CensusImport.objects.create(
            name=name, uploaded_by=user, fields=list(backend.kinds()), row_count=len(rows)
        )
        CensusEntry.objects.bulk_create(
            CensusEntry(census_import=census_import, digest=digest, area=area) for digest, area in rows
        )
    return census_import, []


class DeclaredAreaForm(CleanInputMixin, forms.Form):
    postal_code = forms.CharField(
        label=gettext_lazy("Postal code"),
        max_length=12,
        widget=forms.TextInput(attrs={"autocomplete": "postal-code"}),
    )


class DeclaredAreaBackend(VerificationBackend):
    """The participant states their postal code: a declaration, not a verification."""

    code = "declared"
    label = gettext_lazy("Postal code")
    description = gettext_lazy(
        "Tell us your postal code. This is a declaration: some projects accept it, others need a verification."
    )
    why = gettext_lazy("Some projects are for one area of the city. We keep only the area, not your postal code.")
    level = Verification.DECLARED

    def get_form_class(self):
        return DeclaredAreaForm

    def verify(self, participant, cleaned_data):
        postal_code = cleaned_data["postal_code"]
        area = next((area for area in Area.objects.order_by("locale_id") if area.covers_postal_code(postal_code)), None)
        if area is None:
            raise VerificationError(_("This postal code is not in our city."), "postal_code")
        return record_verification(participant, level=Verification.DECLARED, area=area, method="declared_postal_code")


@lru_cache(maxsize=1)
def _load(config_id):
    loaded = []
    for entry in conf.get("VERIFICATION_BACKENDS"):
        cls = import_string(entry["CLASS"]) if isinstance(entry["CLASS"], str) else entry["CLASS"]
        loaded.append(cls(**entry.get("OPTIONS", {})))
    return loaded


def backends() -> list[VerificationBackend]:
    """The configured backends, instantiated once per configuration."""
    return _load(repr(conf.get("VERIFICATION_BACKENDS")))


def get_backend(code: str) -> VerificationBackend | None:
    return next((backend for backend in backends() if backend.code == code), None)


def generate_codes(*, name: str, size: int, area=None, project=None, user=None) -> tuple[CodeBatch, list[str]]:
    """Create a batch of ``size`` codes. The plain codes are returned once, for the mail merge;
    only their digests are stored.
    """
    codes: list[str] = []
    digests: set[str] = set()
    while len(codes) < size:
        code = hashed_codes.generate_code()
        digest = code_digest(code)
        if digest not in digests:
            digests.add(digest)
            codes.append(code)
    with transaction.atomic():
        batch = CodeBatch.objects.create(name=name, size=size, area=area, project=project, created_by=user)
        InvitationCode.objects.bulk_create(InvitationCode(batch=batch, digest=code_digest(code)) for code in codes)
    return batch, codes


def revoke_code(code: str) -> InvitationCode | None:
    """Withdraw one code (e.g. a letter that went to the wrong address); ``None`` if unknown."""
    found = InvitationCode.objects.filter(digest=code_digest(code)).first()
    if found and not found.revoked_at:
        found.revoked_at = clock.now()
        found.save(update_fields=["revoked_at"])
    return found


def register_log_actions(actions):
    """For the ``register_log_actions`` hook: a census row superseded by a re-verification."""

    @actions.register_action(CENSUS_RECLAIMED)
    class CensusSuperseded(LogFormatter):
        label = gettext_lazy("Census row superseded")
        message = gettext_lazy("The participant verified again with another register row; this row stays used up")
