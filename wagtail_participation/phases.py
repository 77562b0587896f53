"""The phase-type registry: which participation actions each type of phase can open.

A project's phases have a type; a method inside the project says which of its phases open
which of its actions, and may only choose a phase whose type enables that action. Sites add
types with :func:`register` (e.g. from their app's ``ready()``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

# Participation actions, stable codes used by methods, permissions and phase types.
SUBMIT = "submit"  # post an idea, a proposal, a survey response
COMMENT = "comment"
VOTE = "vote"  # vote on ideas, answer a poll, cast a ballot
SUPPORT = "support"  # support a citizen proposal

ACTION_LABELS = {
    SUBMIT: _("Submitting"),
    COMMENT: _("Commenting"),
    VOTE: _("Voting"),
    SUPPORT: _("Supporting"),
}


@dataclass(frozen=True)
class PhaseType:
    """A kind of phase and the actions it may open."""

    code: str
    label: str
    actions: frozenset[str]
    description: str = ""


_registry: dict[str, PhaseType] = {}


def register(phase_type: PhaseType) -> PhaseType:
    _registry[phase_type.code] = phase_type
    return phase_type


def get(code: str) -> PhaseType | None:
    return _registry.get(code)


def all_types() -> list[PhaseType]:
    return list(_registry.values())


def choices() -> list[tuple[str, str]]:
    return [(t.code, t.label) for t in _registry.values()]


register(PhaseType("information", _("Information"), frozenset(), _("Residents read and ask questions.")))
register(
    PhaseType(
        "collect",
        _("Collect input"),
        frozenset({SUBMIT, COMMENT, VOTE, SUPPORT}),
        _("Residents contribute ideas, answers and comments."),
    )
)
register(PhaseType("discussion", _("Discussion"), frozenset({COMMENT, VOTE, SUPPORT})))
register(PhaseType("vote", _("Voting"), frozenset({VOTE, COMMENT})))
register(PhaseType("analysis", _("Analysis"), frozenset(), _("The city studies the input; no new input.")))
register(PhaseType("decision", _("Decision"), frozenset()))
register(PhaseType("implementation", _("Implementation"), frozenset({COMMENT})))
register(PhaseType("evaluation", _("Evaluation"), frozenset({SUBMIT, COMMENT, VOTE})))
