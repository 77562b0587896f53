"""Time-driven work, safe to run from cron every few minutes: running it twice changes nothing."""

from django.core.management.base import BaseCommand

from wagtail_participation import proposals, results


class Command(BaseCommand):
    help = "Do the work that falls due as time passes (provisional result snapshots at close, proposal notifications). Idempotent."

    def handle(self, *args, **options):
        taken = 0
        for record in results.due_records():
            if results.take_provisional(record) is not None:
                taken += 1
        # Citizen proposals: notifications due as time passes (each kind once per proposal).
        self.stdout.write(f"participation_tick: {proposals.tick()} proposal notification(s) sent")
        self.stdout.write(f"participation_tick: {taken} provisional snapshot(s) taken")
