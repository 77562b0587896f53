"""The registry of personal-data kinds: what we hold about a participant, how to export and erase it.

The core registers its own kinds (account, verification, comments, votes on contributions...);
each method app lists its kinds (ideas, ballots, responses...) in its method manifest, which
registers them from ``ready()``. "Download my data" exports every kind; deleting an account erases
every kind (withdrawing what is still open, anonymising the rest) and then unlinks the participant.
A method that is not installed holds no data, so its kinds are simply absent.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from wagtail_participation import clock
from wagtail_participation.registry import Registry


@dataclass(frozen=True)
class PersonalDataKind:
    """One kind of personal data. ``export(participant)`` returns JSON-able rows; ``erase(participant)``
    runs on deletion. Kinds are listed (and erased) by ``order``, then in the order registered."""

    code: str
    label: str
    export: Callable
    erase: Callable | None = None
    order: int = 100


_registry: Registry[PersonalDataKind] = Registry("personal data kinds")


def register(kind: PersonalDataKind) -> PersonalDataKind:
    return _registry.register(kind)


def unregister(code: str) -> PersonalDataKind | None:
    return _registry.unregister(code)


def kinds() -> list[PersonalDataKind]:
    return _registry.all()


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


# Where the core's kinds are listed: the account first; the contributions layer after the ideas
# app's "Your ideas" (order 60); every method's kinds after that (default order 100).
ORDER_ACCOUNT = 10
ORDER_CONTRIBUTIONS = 70


def register_core_kinds():
    register(PersonalDataKind("account", _("Your account"), _account, order=ORDER_ACCOUNT))
    register(
        PersonalDataKind(
            "public_name", _("Your public name"), _public_name, _erase_public_name, order=ORDER_ACCOUNT + 1
        )
    )
    register(
        PersonalDataKind(
            "verification", _("Your verification"), _verification, _erase_verification, order=ORDER_ACCOUNT + 2
        )
    )
    register(PersonalDataKind("invitation_codes", _("Invitation codes you used"), _codes, order=ORDER_ACCOUNT + 3))
    register(
        PersonalDataKind("census", _("Your match with the register of residents"), _census, order=ORDER_ACCOUNT + 4)
    )
    register(PersonalDataKind("comments", _("Your comments"), _comments, order=ORDER_CONTRIBUTIONS))
    register(
        PersonalDataKind(
            "review_requests",
            _("Your requests to review a moderator's decision"),
            _review_requests,
            order=ORDER_CONTRIBUTIONS + 1,
        )
    )
    register(
        PersonalDataKind(
            "idea_votes", _("Your votes on ideas"), _votes, _withdraw_open_votes, order=ORDER_CONTRIBUTIONS + 2
        )
    )
