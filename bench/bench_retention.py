"""The retention schedule at city scale: how long the tick's retention pass takes as tokens grow.

Per size: that many anonymous tokens issued 400 days ago (their cookies expired), half of them with
a vote on an idea; the pass deletes the unused half and anonymises the rest. Prints the time of
the dry run (counting) and of the real pass, and checks that the vote counter did not move.
Throwaway SQLite database; run with ``make bench``.
"""

import time
import uuid
from datetime import timedelta

import _django

_django.setup()

from django.utils import timezone  # noqa: E402
from wagtail.models import Locale  # noqa: E402

from wagtail_participation import retention  # noqa: E402
from wagtail_participation.ideas.models import Idea  # noqa: E402
from wagtail_participation.models import ContributionVote, MethodRecord, Participant  # noqa: E402

SIZES = (10_000, 100_000)


def main():
    locale = Locale.objects.get_or_create(language_code="en")[0]
    record = MethodRecord.objects.create(page_model="participation_ideas.ideaboardpage", source_locale=locale)
    idea = Idea.objects.create(record=record, title="Bench", body="Bench", language="en", created_at=timezone.now())
    print(f"{'tokens':>8} {'dry run s':>10} {'pass s':>8} {'deleted':>8} {'anonymised':>10}")
    for size in SIZES:
        issued = timezone.now() - timedelta(days=400)
        Participant.objects.filter(token__isnull=False).delete()
        ContributionVote.objects.all().delete()
        Idea.objects.filter(pk=idea.pk).update(up_votes=0, score=0)
        people = Participant.objects.bulk_create(
            [Participant(token=uuid.uuid4()) for _ in range(size)], batch_size=5000
        )
        Participant.objects.update(created_at=issued)
        ContributionVote.objects.bulk_create(
            [
                ContributionVote(contribution=idea, participant=p, value=1, weight=1.0, created_at=issued)
                for p in people[: size // 2]
            ],
            batch_size=5000,
        )
        idea.refresh_from_db()
        before = idea.up_votes
        start = time.perf_counter()
        retention.enforce(dry_run=True)
        dry = time.perf_counter() - start
        start = time.perf_counter()
        outcomes = {outcome.rule.code: outcome.count for outcome in retention.enforce()}
        applied = time.perf_counter() - start
        idea.refresh_from_db()
        assert idea.up_votes == before, (before, idea.up_votes)
        print(
            f"{size:>8} {dry:>10.2f} {applied:>8.2f} {outcomes['unused_tokens']:>8} {outcomes['anonymous_tokens']:>10}"
        )


if __name__ == "__main__":
    main()
