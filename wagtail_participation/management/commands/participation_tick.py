"""Time-driven work, safe to run from cron every few minutes: running it twice changes nothing."""

from django.core.management.base import BaseCommand

from wagtail_participation import housekeeping
from wagtail_participation import snapshots as results
from wagtail_participation.proposals import services as proposals


class Command(BaseCommand):
    help = "Do the work that falls due as time passes (provisional result snapshots at close, proposal notifications, expired exports). Idempotent."

    def handle(self, *args, **options):
        taken = 0
        for record in results.due_records():
            if results.take_provisional(record) is not None:
                taken += 1
        self.stdout.write(f"participation_tick: {taken} provisional snapshot(s) taken")
        purged = housekeeping.purge_expired_exports()
        self.stdout.write(f"participation_tick: {purged} expired export(s) deleted")
        # Citizen proposals: notifications due as time passes (each kind once per proposal).
        self.stdout.write(f"participation_tick: {proposals.tick()} proposal notification(s) sent")
