"""Time-driven work, safe to run from cron every few minutes: running it twice changes nothing."""

from django.core.management.base import BaseCommand

from wagtail_participation import housekeeping, retention, snapshots


class Command(BaseCommand):
    help = "Do the work that falls due as time passes (provisional result snapshots at close, the retention schedule: expired exports, tokens, follows, register rows and each installed method's personal data, and each installed method's periodic work such as proposal notifications). Idempotent."

    def handle(self, *args, **options):
        taken = 0
        for record in snapshots.due_records():
            if snapshots.take_provisional(record) is not None:
                taken += 1
        self.stdout.write(f"participation_tick: {taken} provisional snapshot(s) taken")
        # After the snapshots, so a method that closed long ago has its results stored before any
        # of its personal data is anonymised (anonymising changes no count anyway: docs/retention.md).
        for outcome in retention.enforce():
            self.stdout.write("participation_tick: " + outcome.line())
        # Each installed method's own periodic work (proposals: notifications due as time passes).
        for job in housekeeping.jobs():
            self.stdout.write("participation_tick: " + job.report % {"count": job.run()})
