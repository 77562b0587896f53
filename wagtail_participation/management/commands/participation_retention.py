"""The retention schedule: each kind of personal data, its period, and what is due."""

from django.core.management.base import BaseCommand

from wagtail_participation import retention


class Command(BaseCommand):
    help = "List the retention schedule (each kind of personal data, its period, what is due now and in the next 30 days). With --apply, delete or anonymise what is due now (participation_tick does this too)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Only say what would be deleted or anonymised now (the default)."
        )
        parser.add_argument("--apply", action="store_true", help="Delete or anonymise what is due now.")

    def handle(self, *args, **options):
        if options["apply"] and not options["dry_run"]:
            for outcome in retention.enforce():
                self.stdout.write(outcome.line())
            return
        for rule, period, due_now, due_soon in retention.forecast(30):
            if period is None:
                self.stdout.write(f"{rule.code}: kept (no period set)")
                continue
            verb = {retention.DELETE: "deleted", retention.ANONYMISE: "anonymised"}[rule.at_expiry]
            self.stdout.write(
                f"{rule.code}: {period} day(s) after: {rule.counts_from}; "
                f"{due_now} would be {verb} now, {due_soon} within 30 days"
            )
