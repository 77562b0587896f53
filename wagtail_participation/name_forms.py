"""Forms that ask for a public name: inline on every contribution form, and on *My participation*."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from wagtail_participation import display_names

NAME_HINT = _("2 to 40 letters, digits, spaces or . ' - _. Never your e-mail address: you choose it.")


def name_field(**kwargs) -> forms.CharField:
    # No max_length validator: display_names.validate says it in its own words; the browser
    # stops at the limit anyway.
    attrs = {"maxlength": display_names.MAX_LENGTH, "autocomplete": "nickname", "spellcheck": "false"}
    return forms.CharField(
        label=_("Your public name"), required=False, strip=False, widget=forms.TextInput(attrs=attrs), **kwargs
    )


class ShowNameMixin:
    """ "Show my name" on a contribution form (a ``show_author`` field, unticked unless the person
    chose otherwise), and for a person without a public name yet, a field asking for one.

    Pass ``participant=`` (or None for a visitor who has not taken part yet); after a valid POST,
    call :meth:`save_public_name` with the participant that posted.
    """

    def __init__(self, *args, participant=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.participant = participant
        self.new_public_name = ""
        current = getattr(participant, "display_name", "") if participant is not None else ""
        show = self.fields["show_author"]
        show.required = False
        instance = getattr(self, "instance", None)
        if not self.is_bound and getattr(instance, "pk", None) is None:
            show.initial = bool(participant is not None and participant.show_name_by_default and current)
        if current:
            show.help_text = _("Shown as “%(name)s”. You can change it on “My participation”.") % {"name": current}
            return
        show.help_text = _("We show only a public name that you choose here.")
        order = list(self.fields)
        self.fields["display_name"] = name_field(
            help_text=format_lazy("{} {}", _("Needed only if you tick the box above."), NAME_HINT)
        )
        order.insert(order.index("show_author") + 1, "display_name")
        self.order_fields(order)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("show_author") and "display_name" in self.fields:
            typed = cleaned.get("display_name") or ""
            if not display_names.normalise(typed):
                self.add_error("display_name", _("Choose the name to show, or untick “Show my name”."))
            else:
                try:
                    self.new_public_name = display_names.validate(typed, self.participant)
                except ValidationError as error:
                    self.add_error("display_name", error)
        return cleaned

    def save_public_name(self, participant) -> None:
        if self.new_public_name:
            display_names.set_public_name(participant, self.new_public_name)


class PublicNameForm(forms.Form):
    """*My participation*: the public name and whether forms start with "show my name" ticked."""

    display_name = name_field(
        help_text=format_lazy(
            "{} {}",
            _(
                "Shown with an idea, proposal or comment only when you tick “Show my name” there. "
                "Leave it empty to be shown as “a resident” everywhere."
            ),
            NAME_HINT,
        )
    )
    show_name_by_default = forms.BooleanField(
        label=_("Tick “Show my name” for me on new ideas, proposals and comments"),
        required=False,
    )

    def __init__(self, *args, participant=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.participant = participant

    def clean_display_name(self):
        typed = self.cleaned_data.get("display_name") or ""
        return display_names.validate(typed, self.participant) if display_names.normalise(typed) else ""

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("show_name_by_default")
            and not cleaned.get("display_name")
            and "display_name" not in self.errors
        ):
            self.add_error("show_name_by_default", _("Choose a public name first, or leave this box unticked."))
        return cleaned
