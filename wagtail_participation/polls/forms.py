"""Citizen forms for polls and option analyses. Built from the options' stable codes; every
check runs on the server, and an invalid form keeps what was chosen and typed."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from wagtail_participation.clean_input import CleanInputMixin, clean_text
from wagtail_participation.contribution_forms import CommentForm, comment_body_field
from wagtail_participation.polls.engine import tally
from wagtail_participation.polls.models import OTHER, Selection

UNKNOWN_OPTION = _("This answer is not one of the options. Choose again.")


class PollBallotForm(CleanInputMixin, forms.Form):
    """One answer (radio buttons) or several (checkboxes), optionally "Other" with a text."""

    other_text = forms.CharField(label=_("Your other answer"), max_length=200, required=False)

    def __init__(self, *args, page, prefix=None, **kwargs):
        super().__init__(*args, prefix=prefix, **kwargs)
        self.page = page
        self.settings = page.ballot_settings()
        self.options = page.localized_options()
        choices = [(option.code, option.label) for option in self.options]
        self.allow_other = bool(self.settings.get("allow_other"))
        if self.allow_other:
            choices.append((OTHER, _("Other")))
        self.multiple = self.settings.get("selection") == Selection.MULTIPLE
        if self.multiple:
            self.fields["choice"] = forms.MultipleChoiceField(
                label=page.question,
                choices=choices,
                widget=forms.CheckboxSelectMultiple,
                required=False,
                error_messages={"invalid_choice": UNKNOWN_OPTION},
            )
        else:
            self.fields["choice"] = forms.ChoiceField(
                label=page.question,
                choices=choices,
                widget=forms.RadioSelect,
                required=False,
                error_messages={"invalid_choice": UNKNOWN_OPTION},
            )
        self.order_fields(["choice", "other_text"])
        if not self.allow_other:
            del self.fields["other_text"]
        self.minimum = int(self.settings.get("min_choices") or 1)
        self.maximum = int(self.settings.get("max_choices") or 0)

    def clean_other_text(self):
        return clean_text(self.cleaned_data.get("other_text", ""))

    def clean(self):
        cleaned = super().clean()
        if "choice" in self._errors:
            return cleaned
        chosen = cleaned.get("choice") or []
        chosen = list(chosen) if self.multiple else ([chosen] if chosen else [])
        other_text = cleaned.get("other_text", "")
        if self.allow_other and other_text and OTHER not in chosen:
            if not chosen and not self.multiple:
                chosen = [OTHER]  # typed an answer without ticking "Other": that is what was meant
            else:
                self.add_error("other_text", _("You typed your own answer: also choose “Other”, or clear the text."))
        if OTHER in chosen and not other_text:
            self.add_error("other_text", _("Write your other answer, or choose one of the answers."))
        if not chosen:
            self.add_error("choice", _("Choose an answer.") if not self.multiple else _("Choose at least one answer."))
        elif self.multiple and len(chosen) < self.minimum:
            self.add_error("choice", _("Choose at least %(count)s answers.") % {"count": self.minimum})
        elif self.multiple and self.maximum and len(chosen) > self.maximum:
            self.add_error("choice", _("Choose at most %(count)s answers.") % {"count": self.maximum})
        # Order of the page, whatever order the browser sent.
        order = {option.code: index for index, option in enumerate(self.options)}
        self.ballot = tuple(sorted(chosen, key=lambda code: order.get(code, len(order))))
        self.other = other_text if OTHER in chosen else ""
        return cleaned

    def choice_items(self) -> list[dict]:
        """The answers with their pictures and whether each is chosen (kept after an error)."""
        value = self["choice"].value()
        selected = set(value if isinstance(value, (list, tuple)) else ([value] if value else []))
        by_code = {option.code: option for option in self.options}
        base = self["choice"].auto_id
        return [
            {
                "code": code,
                "label": label,
                "option": by_code.get(code),
                "checked": code in selected,
                "id": f"{base}_{index}",
            }
            for index, (code, label) in enumerate(self.fields["choice"].choices)
        ]

    def hint(self) -> str:
        if not self.multiple:
            return ""
        if self.maximum:
            return _("Choose %(min)s to %(max)s answers.") % {"min": self.minimum, "max": self.maximum}
        return (
            _("Choose at least %(min)s answers.") % {"min": self.minimum}
            if self.minimum > 1
            else _("Choose one or more answers.")
        )


class RankingForm(CleanInputMixin, forms.Form):
    """A rank select per option (keyboard and screen-reader friendly, no drag and drop).

    Ranks must be 1, 2, 3, ... without repeats or gaps; options left empty are not ranked.
    """

    def __init__(self, *args, page, **kwargs):
        super().__init__(*args, **kwargs)
        self.page = page
        self.options = page.localized_options()
        count = len(self.options)
        rank_choices = [("", _("Not ranked"))] + [(str(number), str(number)) for number in range(1, count + 1)]
        for option in self.options:
            self.fields[f"rank_{option.code}"] = forms.TypedChoiceField(
                label=option.label,
                choices=rank_choices,
                coerce=int,
                empty_value=None,
                required=False,
                error_messages={"invalid_choice": _("Choose a rank from 1 to %(count)s.") % {"count": count}},
            )

    def rank_fields(self):
        return [(option, self[f"rank_{option.code}"]) for option in self.options]

    def clean(self):
        cleaned = super().clean()
        if self._errors:
            return cleaned
        ranks = {option.code: cleaned.get(f"rank_{option.code}") for option in self.options}
        given = [rank for rank in ranks.values() if rank is not None]
        if not given:
            raise forms.ValidationError(_("Give rank 1 to the option you prefer most."))
        repeated = sorted({rank for rank in given if given.count(rank) > 1})
        for rank in repeated:
            for code, value in ranks.items():
                if value == rank:
                    self.add_error(
                        f"rank_{code}",
                        _("Rank %(rank)s is given to more than one option. Use each rank once.") % {"rank": rank},
                    )
        if repeated:
            return cleaned
        missing = [number for number in range(1, len(given) + 1) if number not in given]
        if missing:
            raise forms.ValidationError(
                _("Ranks must follow each other without gaps: rank %(rank)s is missing.") % {"rank": missing[0]}
            )
        self.ballot = tally.ranking_from_ranks(ranks)
        return cleaned


class OptionCommentForm(CommentForm):
    """A comment on one option of an option analysis (no replies there)."""

    option = forms.CharField(widget=forms.HiddenInput)
    body = comment_body_field(_("Your comment on this option"), 2000)
    parent = None
    field_order = ["website", "option", "body", "show_author"]

    def __init__(self, *args, codes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.codes = set(codes)

    def clean_option(self):
        code = self.cleaned_data["option"]
        if code not in self.codes:
            raise forms.ValidationError(UNKNOWN_OPTION)
        return code


def ballot_form(page, data=None, initial_ballot=None):
    """The form a page asks with: a ranking for ranked option analyses, else answers."""
    from wagtail_participation.polls.models import BallotMode, OptionAnalysisPage

    ranked = isinstance(page, OptionAnalysisPage) and page.ballot_settings().get("mode") == BallotMode.RANK
    initial = {}
    if initial_ballot is not None:
        if ranked:
            initial = {f"rank_{code}": str(index) for index, code in enumerate(initial_ballot.choices, start=1)}
        else:
            choices = list(initial_ballot.choices)
            is_multiple = page.ballot_settings().get("selection") == Selection.MULTIPLE
            initial = {
                "choice": choices if is_multiple else (choices[0] if choices else ""),
                "other_text": initial_ballot.other_text,
            }
    form_class = RankingForm if ranked else PollBallotForm
    # ids carry the record, so two polls on one page never share an id
    return form_class(data, page=page, initial=initial, auto_id=f"poll{page.participation_record.pk}-%s")
