"""The core's own retention rules (the schedule is in :mod:`wagtail_participation.retention`).

Why each default is what it is, and what is deliberately kept, is in docs/retention.md.
"""

from __future__ import annotations

from datetime import timedelta

from django.db.models import F
from django.utils.translation import gettext_lazy as _

from wagtail_participation import clock, conf, statuses
from wagtail_participation.retention import ANONYMISE, DELETE, RetentionRule, delete_in_chunks

PUBLIC_TASK = _("Public task (GDPR art. 6(1)(e)): involving residents in the city's decisions")
CONSENT = _("Consent (GDPR art. 6(1)(a)): the person asked for it")


# -- prepared exports --------------------------------------------------------------------------------
def _exports(cutoff):
    from wagtail_participation.housekeeping import export_models

    return [model.objects.filter(created_at__lt=cutoff) for model in export_models()]


def _count_exports(cutoff) -> int:
    return sum(queryset.count() for queryset in _exports(cutoff))


def _delete_exports(cutoff) -> int:
    deleted = 0
    for queryset in _exports(cutoff):
        for export in queryset:
            if export.file:
                export.file.delete(save=False)
            export.delete()
            deleted += 1
    return deleted


# -- anonymous tokens ------------------------------------------------------------------------------------
def unreferenced(participants, ignore=()):
    """The participants of the queryset that no row points at (apart from the models in ``ignore``).

    Asks Django for every relation to ``Participant``, the method apps' included, so a method added
    later is covered without the core naming it: a participant with a vote, ballot, answer, comment,
    report or support is never "unused"."""
    from wagtail_participation.models import Participant

    # include_hidden: most relations to the participant have no reverse name (related_name="+").
    relations = [
        field
        for field in Participant._meta.get_fields(include_hidden=True)
        if field.is_relation and field.auto_created and not field.concrete
    ]
    for relation in relations:
        if relation.related_model in ignore:
            continue
        if relation.many_to_many:
            through = relation.field.remote_field.through
            column = next(f.attname for f in through._meta.fields if f.related_model is Participant)
            pointing = through._base_manager.values(column)
        else:
            column = relation.field.attname
            pointing = relation.related_model._base_manager.filter(**{f"{column}__isnull": False}).values(column)
        participants = participants.exclude(pk__in=pointing)
    return participants


def _token_participants(cutoff):
    from wagtail_participation.models import Participant

    return Participant.objects.filter(user__isnull=True, token__isnull=False, created_at__lt=cutoff)


def _unused_tokens(cutoff):
    from wagtail_participation.models import Verification

    # A declared area without any contribution is no reason to keep a token: it goes with it.
    return unreferenced(_token_participants(cutoff), ignore=(Verification,))


def _expired_tokens(cutoff):
    """Tokens whose cookie can no longer be presented (issued more than TOKEN_MAX_AGE before the
    cutoff: the signed cookie carries its issue time) and that carry a contribution. Unused ones
    are the ``unused_tokens`` rule's: deleted, not anonymised."""
    max_age = timedelta(seconds=conf.get("TOKEN_MAX_AGE"))
    used = _token_participants(cutoff - max_age)
    return used.exclude(pk__in=_unused_tokens(cutoff - max_age).values("pk"))


def _anonymise_tokens(cutoff) -> int:
    # The participant row stays, so every vote, ballot, answer and support keeps its count; only
    # the token that linked it to a browser goes (as when an account is deleted).
    return _expired_tokens(cutoff).update(token=None, anonymised_at=clock.now())


# -- follows (e-mail when the city answers) -------------------------------------------------------------
FINAL_STATUSES = (statuses.IMPLEMENTED, statuses.REJECTED)


def _final_answers():
    """The city's answers that gave a contribution the final status it still has."""
    from wagtail_participation.models import OfficialUpdate

    return OfficialUpdate.objects.filter(status_after__in=FINAL_STATUSES, contribution__status=F("status_after"))


def _answered_follows(cutoff):
    from wagtail_participation.models import Follow

    answered = _final_answers().filter(created_at__lt=cutoff).values("contribution_id")
    return Follow.objects.filter(contribution_id__in=answered)


def closed_before(cutoff, records) -> list[int]:
    """The ids of ``records`` whose method closed before ``cutoff`` (a method's close is computed
    from its dates or its project's phases, so this is Python over the few records at hand)."""
    return [record.pk for record in records if (closes := record.closes()) is not None and closes < cutoff]


def _unanswered_follows(cutoff):
    """Follows of contributions that never got a final answer, once their method has been closed
    for the period (the ``follows`` rule handles those with one: the two never overlap)."""
    from wagtail_participation.models import Follow, MethodRecord

    followed = Follow.objects.values("contribution__record_id")
    closed = closed_before(cutoff, MethodRecord.objects.filter(pk__in=followed))
    # A final status set without an answer (no answer e-mail went out) counts as unanswered here.
    answered = _final_answers().values("contribution_id")
    return Follow.objects.filter(contribution__record_id__in=closed).exclude(contribution_id__in=answered)


# -- the register of residents ---------------------------------------------------------------------------
def _unclaimed_census_rows(cutoff):
    from wagtail_participation.models import CensusEntry

    return CensusEntry.objects.filter(claimed_by__isnull=True, census_import__uploaded_at__lt=cutoff)


def _resolved_refusals(cutoff):
    from wagtail_participation.models import CensusClaimRefusal

    return CensusClaimRefusal.objects.filter(resolved=True, refused_at__lt=cutoff)


def _counting(queryset_of):
    return lambda cutoff: queryset_of(cutoff).count()


def _deleting(queryset_of):
    return lambda cutoff: delete_in_chunks(queryset_of(cutoff))


def core_rules() -> list[RetentionRule]:
    return [
        RetentionRule(
            code="exports",
            label=_("Prepared exports (spreadsheets of contributions and answers)"),
            purpose=_("Staff analyse the input of a method"),
            legal_basis=PUBLIC_TASK,
            counts_from=_("The export was prepared"),
            at_expiry=DELETE,
            default_days=lambda: conf.get("EXPORT_RETENTION_DAYS"),
            count=_count_exports,
            apply=_delete_exports,
            order=10,
        ),
        RetentionRule(
            code="unused_tokens",
            label=_("Anonymous tokens that never took part"),
            purpose=_("Recognise an anonymous visitor's browser, so they take part once"),
            legal_basis=PUBLIC_TASK,
            counts_from=_("The token was issued"),
            at_expiry=DELETE,
            default_days=90,
            count=_counting(_unused_tokens),
            apply=_deleting(_unused_tokens),
            order=20,
        ),
        RetentionRule(
            code="anonymous_tokens",
            label=_("Anonymous tokens with contributions"),
            purpose=_("Recognise an anonymous visitor's browser, so they take part once"),
            legal_basis=PUBLIC_TASK,
            counts_from=_("The token's cookie expired (the token-age setting after it was issued)"),
            at_expiry=ANONYMISE,
            default_days=0,
            count=_counting(_expired_tokens),
            apply=_anonymise_tokens,
            order=21,
        ),
        RetentionRule(
            code="follows",
            label=_("Follows: e-mail me when the city answers"),
            purpose=_("Tell the person the outcome of an idea or proposal they follow"),
            legal_basis=CONSENT,
            counts_from=_("The city's answer gave the contribution a final status (implemented or rejected)"),
            at_expiry=DELETE,
            default_days=30,
            count=_counting(_answered_follows),
            apply=_deleting(_answered_follows),
            may_keep=True,
            order=30,
        ),
        RetentionRule(
            code="unanswered_follows",
            label=_("Follows of contributions that never got a final answer"),
            purpose=_("Tell the person the outcome of an idea or proposal they follow"),
            legal_basis=CONSENT,
            counts_from=_("The method closed"),
            at_expiry=DELETE,
            default_days=730,
            count=_counting(_unanswered_follows),
            apply=_deleting(_unanswered_follows),
            may_keep=True,
            order=31,
        ),
        RetentionRule(
            code="census_rows",
            label=_("Unclaimed rows of the register of residents (keyed digests)"),
            purpose=_("Let residents prove where they live"),
            legal_basis=PUBLIC_TASK,
            counts_from=_("The extract was uploaded"),
            at_expiry=DELETE,
            default_days=180,
            count=_counting(_unclaimed_census_rows),
            apply=_deleting(_unclaimed_census_rows),
            order=40,
        ),
        RetentionRule(
            code="census_refusals",
            label=_("Resolved refused register claims"),
            purpose=_("Staff look into a register row claimed twice"),
            legal_basis=PUBLIC_TASK,
            counts_from=_("The claim was refused (only claims staff marked resolved)"),
            at_expiry=DELETE,
            default_days=90,
            count=_counting(_resolved_refusals),
            apply=_deleting(_resolved_refusals),
            may_keep=True,
            order=41,
        ),
    ]
