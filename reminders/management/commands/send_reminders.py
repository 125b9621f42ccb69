"""Run the reminder scans and deliver what is due, in this process (no broker needed).

On the embedded default (no Redis) this is how reminders reach the inbox; with Redis it
is a manual catch-up that is safe to run beside the workers (claims keep it to once).
"""

import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from reminders import services


class Command(BaseCommand):
    help = "Run the reminder scans for today and deliver every due reminder in-process."

    def add_arguments(self, parser):
        parser.add_argument(
            "--date", type=datetime.date.fromisoformat, help="Scan as of this day (YYYY-MM-DD)."
        )
        parser.add_argument("--no-scan", action="store_true", help="Only deliver.")

    def handle(self, *args, date=None, no_scan=False, **options):
        today = date or timezone.localdate()
        if not no_scan:
            # kick=False: we deliver right below rather than queueing a task.
            offered = services.run_scans(today, kick=False)
            for code, count in offered.items():
                self.stdout.write(f"scan {code}: {count} due")
        total = {}
        more = True
        while more:
            counts, more = services.deliver_due()
            for state, n in counts.items():
                total[state] = total.get(state, 0) + n
            if not counts:
                break
        summary = ", ".join(f"{k} {v}" for k, v in sorted(total.items())) or "nothing due"
        self.stdout.write(self.style.SUCCESS(f"Reminders delivered: {summary}"))
