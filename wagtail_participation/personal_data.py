"""The registry of personal-data kinds: what we hold about a participant, how to export and erase it.

Each method registers its kinds (ideas, votes, ballots, responses...) with :func:`register`.
"Download my data" exports every kind; deleting an account erases every kind (withdrawing what
is still open, anonymising the rest) and then unlinks the participant.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from wagtail_participation import clock


@dataclass(frozen=True)
class PersonalDataKind:
    """One kind of personal data. ``export`` returns JSON-able rows; ``erase`` runs on deletion."""

    code: str
    label: str
    export: Callable
    erase: Callable | None = None


_registry: dict[str, PersonalDataKind] = {}


def register(kind: PersonalDataKind) -> PersonalDataKind:
    _registry[kind.code] = kind
    return kind


def kinds() -> list[PersonalDataKind]:
    return list(_registry.values())


def export(participant) -> dict:
    """Everything we hold about ``participant`` (and nothing about anyone else)."""
    return {
        "exported_at": clock.now().isoformat(),
        "data": {kind.code: {"label": str(kind.label), "items": kind.export(participant)} for kind in kinds()},
    }


def summary(participant) -> list[tuple[PersonalDataKind, int]]:
    return [(kind, len(kind.export(participant))) for kind in kinds()]


@transaction.atomic
def erase(participant) -> None:
    """Run every kind's erase step, then unlink the participant from its user and token.

    The participant row stays (anonymised) so contributions and closed-method votes keep their
    counts without pointing at a person.
    """
    for kind in kinds():
        if kind.erase:
            kind.erase(participant)
    participant.anonymised_at = clock.now()
    participant.token = None
    participant.user = None
    participant.save(update_fields=["anonymised_at", "token", "user"])


# -- the core's own kinds ------------------------------------------------------------------------
def _account(participant):
    user = participant.user
    if user is None:
        return []
    row = {
        "username": user.get_username(),
        "date_joined": user.date_joined.isoformat() if getattr(user, "date_joined", None) else None,
    }
    if getattr(user, "email", None):
        row["email"] = user.email
    return [row]


def _public_name(participant):
    """The person's own public name and their choice of default (their data, shown back to them)."""
    if (
        not participant.display_name
        and not participant.show_name_by_default
        and not participant.display_name_reset_reason
    ):
        return []
    row = {"public_name": participant.display_name, "show_name_by_default": participant.show_name_by_default}
    if participant.display_name_reset_reason:
        row["removed_by_a_moderator_because"] = participant.display_name_reset_reason
    return [row]


def _erase_public_name(participant):
    from wagtail_participation.display_names import set_public_name

    set_public_name(participant, "", show_by_default=False)


def _verification(participant):
    from wagtail_participation.models import Verification

    verification = Verification.objects.filter(participant=participant).select_related("area").first()
    if verification is None:
        return []
    return [
        {
            "level": verification.level,
            "area": verification.area.name if verification.area else None,
            "method": verification.method,
            "verified_at": verification.verified_at.isoformat(),
        }
    ]


def _erase_verification(participant):
    from wagtail_participation.models import CensusEntry, Verification

    Verification.objects.filter(participant=participant).delete()
    # Release the census row so the same resident can verify a new account; their votes in open
    # methods are withdrawn by those methods' erase steps, so this cannot count anyone twice.
    CensusEntry.objects.filter(claimed_by=participant).update(claimed_by=None, claimed_at=None)


def _codes(participant):
    from wagtail_participation.models import InvitationCode

    return [
        {"batch": code.batch.name, "used_at": code.used_at.isoformat()}
        for code in InvitationCode.objects.filter(used_by=participant).select_related("batch")
    ]


def _census(participant):
    from wagtail_participation.models import CensusEntry

    return [
        {"area": entry.area.name, "claimed_at": entry.claimed_at.isoformat()}
        for entry in CensusEntry.objects.filter(claimed_by=participant).select_related("area")
    ]


def _ideas(participant):
    from wagtail_participation.ideas.models import Idea

    return [
        {
            "title": idea.title,
            "body": idea.body,
            "status": idea.status,
            "name_shown": idea.show_author,
            "created_at": idea.created_at.isoformat(),
        }
        for idea in Idea.objects.filter(author=participant).order_by("created_at")
    ]


def _comments(participant):
    from wagtail_participation.models import Comment

    return [
        {
            "idea": comment.contribution.title,
            "body": comment.body,
            "name_shown": comment.show_author,
            "created_at": comment.created_at.isoformat(),
        }
        for comment in Comment.objects.filter(author=participant, removed_at__isnull=True).select_related(
            "contribution"
        )
    ]


def _review_requests(participant):
    """Kept on erasure (anonymised with the participant): they are part of a moderation record."""
    from wagtail_participation.models import ReviewRequest

    requests = ReviewRequest.objects.filter(requester=participant).select_related("contribution", "comment")
    return [
        {
            "about": str(review.target),
            "kind": review.kind,
            "reason": review.reason,
            "requested_at": review.created_at.isoformat(),
            "status": review.status,
            "answer": review.answer,
            "answered_at": review.answered_at.isoformat() if review.answered_at else None,
        }
        for review in requests.order_by("created_at")
    ]


def _votes(participant):
    from wagtail_participation.models import ContributionVote

    return [
        {"idea": vote.contribution.title, "value": vote.value, "created_at": vote.created_at.isoformat()}
        for vote in ContributionVote.objects.filter(participant=participant).select_related("contribution")
    ]


def _withdraw_open_votes(participant):
    """Votes in methods still open are withdrawn (so re-registering cannot vote twice); votes in
    closed methods stay counted, still pointing at the now anonymous participant."""
    from wagtail_participation import contributions
    from wagtail_participation.models import ContributionVote

    for vote in ContributionVote.objects.filter(participant=participant).select_related("contribution__record"):
        if not vote.contribution.record.is_closed():
            contributions.withdraw_vote(vote.contribution, participant)


# -- participatory budgets (issue 6) ------------------------------------------------------------
def _budget_ballots(participant):
    from wagtail_participation.budgets.models import BudgetBallot
    from wagtail_participation.budgets.services import budget_specs

    rows = []
    for ballot in BudgetBallot.objects.filter(participant=participant).select_related("record").order_by("created_at"):
        spec = next((s for s in budget_specs(ballot.record) if s.code == ballot.budget_code), None)
        rows.append(
            {
                "method": str(ballot.record),
                "budget": spec.title if spec else ballot.budget_code,
                "projects": ballot.projects,
                "points": ballot.points,
                "cast_at": ballot.created_at.isoformat(),
                "changed_at": ballot.updated_at.isoformat(),
            }
        )
    return rows


def _withdraw_open_ballots(participant):
    """Ballots in budgets still open are withdrawn; in closed budgets they stay counted, anonymised."""
    from wagtail_participation.budgets.models import BudgetBallot

    for ballot in BudgetBallot.objects.filter(participant=participant).select_related("record"):
        if not ballot.record.is_closed():
            ballot.delete()


def register_core_kinds():
    register(PersonalDataKind("account", _("Your account"), _account))
    register(PersonalDataKind("public_name", _("Your public name"), _public_name, _erase_public_name))
    register(PersonalDataKind("verification", _("Your verification"), _verification, _erase_verification))
    register(PersonalDataKind("invitation_codes", _("Invitation codes you used"), _codes))
    register(PersonalDataKind("census", _("Your match with the register of residents"), _census))
    register(PersonalDataKind("ideas", _("Your ideas"), _ideas))
    register(PersonalDataKind("comments", _("Your comments"), _comments))
    register(PersonalDataKind("review_requests", _("Your requests to review a moderator's decision"), _review_requests))
    register(PersonalDataKind("idea_votes", _("Your votes on ideas"), _votes, _withdraw_open_votes))


# -- surveys (issue 5) ---------------------------------------------------------------------------
def _survey_responses(participant):
    """Answers linked to the participant, worded as on the page they answered; for anonymous
    surveys only the fact that they answered (the answers cannot be traced back to them)."""
    from wagtail_participation.surveys.models import SurveyParticipation, SurveyResponse

    rows = []
    responses = SurveyResponse.objects.filter(participant=participant).select_related("record")
    for response in responses.order_by("submitted_at"):
        page = response.record.source_page()
        labels = {q.code: q for q in page.questions()} if page else {}
        answers = {}
        for code, value in response.answers.items():
            question = labels.get(code)
            if question is not None and question.options:
                value = (
                    [question.option_label(v) for v in value]
                    if isinstance(value, list)
                    else (
                        {question.option_label(k): v for k, v in value.items()}
                        if isinstance(value, dict) and question.kind == "matrix"
                        else value
                        if isinstance(value, dict)
                        else question.option_label(value)
                    )
                )
            answers[question.label if question else code] = value
        rows.append(
            {"survey": str(response.record), "submitted_at": response.submitted_at.isoformat(), "answers": answers}
        )
    for row in SurveyParticipation.objects.filter(participant=participant, anonymous=True).select_related("record"):
        rows.append(
            {
                "survey": str(row.record),
                "answered_on": row.answered_on.isoformat(),
                "note": str(_("Anonymous survey: your answers are stored without a link to you.")),
            }
        )
    return rows


def _withdraw_open_survey_responses(participant):
    """Responses to surveys still open are deleted (with their "has answered" row); responses to
    closed surveys stay counted, linked only to the now anonymous participant."""
    from wagtail_participation.surveys.models import SurveyParticipation, SurveyResponse

    for response in SurveyResponse.objects.filter(participant=participant).select_related("record"):
        if not response.record.is_closed():
            SurveyParticipation.objects.filter(record=response.record, participant=participant).delete()
            response.delete()


def register_survey_kinds():
    register(
        PersonalDataKind(
            "survey_responses", _("Your survey answers"), _survey_responses, _withdraw_open_survey_responses
        )
    )
    register(PersonalDataKind("budget_ballots", _("Your budget ballots"), _budget_ballots, _withdraw_open_ballots))


# -- citizen proposals ---------------------------------------------------------------------------
def _proposals(participant):
    from wagtail_participation.proposals.models import Proposal

    return [
        {
            "title": p.title,
            "body": p.body,
            "state": p.state.value,
            "name_shown": p.show_author,
            "created_at": p.created_at.isoformat(),
        }
        for p in Proposal.objects.filter(author=participant).order_by("created_at")
    ]


def _supports(participant):
    from wagtail_participation.proposals.models import ProposalSupport

    return [
        {
            "proposal": s.proposal.title,
            "created_at": s.created_at.isoformat(),
            "removed": bool(s.removed_at),
            "removal_reason": s.removal_reason,
        }
        for s in ProposalSupport.objects.filter(participant=participant)
        .select_related("proposal")
        .order_by("created_at")
    ]


def _withdraw_open_supports(participant):
    """Supports of proposals still collecting are withdrawn (re-registering cannot support twice);
    supports of proposals past that stay counted, pointing at the now anonymous participant, so a
    reached threshold or an answered proposal never changes because someone left."""
    from wagtail_participation.proposals import services as proposals
    from wagtail_participation.proposals.engine.thresholds import State
    from wagtail_participation.proposals.models import ProposalSupport

    for row in ProposalSupport.objects.filter(participant=participant, removed_at__isnull=True).select_related(
        "proposal"
    ):
        if row.proposal.status_at().state is State.PUBLISHED:
            proposals.withdraw(row.proposal, participant, erasing=True)


def register_proposal_kinds():
    register(PersonalDataKind("proposals", _("Your proposals"), _proposals))
    register(PersonalDataKind("proposal_supports", _("Your supports of proposals"), _supports, _withdraw_open_supports))
