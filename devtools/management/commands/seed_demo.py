"""Fill the demo company: every app adds its part, and a second run changes nothing."""

import random

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from affairs import demo as affairs_demo
from branches import demo as branches_demo
from branches import demo_activities
from dashboard import demo as dashboard_demo
from hongjun.models import AuditEntry
from initiatives import demo as initiatives_demo
from reminders import demo as reminders_demo
from safety.demo import hazards as demo_hazards
from safety.demo import pledges as safety_demo

# Each app's `seed(ctx)` in the order their records depend on each other. A later
# capability adds its module here, so the demo always shows the whole portal.
SEEDERS = [
    branches_demo.seed,
    demo_activities.seed,
    initiatives_demo.seed,
    safety_demo.seed,
    demo_hazards.seed,
    dashboard_demo.seed,
    # Last of the organisation's seeders: its transfers move members between branches.
    affairs_demo.seed,
    reminders_demo.seed,  # last: it replays the scans over what the others made
]

SEEDED = "demo.seeded"
# Seeders recorded under the module they lived in before it moved: a demo database seeded
# then counts them as done, as it would under their new name.
MOVED = {
    "hongjun.demo": "reminders.demo",
    "hongjun.dashboard.demo": "dashboard.demo",
    "branches.demo_affairs": "affairs.demo",
    "safety.demo": "safety.demo.pledges",
    "safety.demo_hazards": "safety.demo.hazards",
}
DEMO_PASSWORD = "redcollar-demo"  # noqa: S105 (public demo accounts, listed in the README)


class DemoContext:
    """What the seeders share: a fixed random generator, today, and what earlier ones made."""

    def __init__(self, today, stdout):
        self.rng = random.Random(2024)
        self.today = today
        self.password = DEMO_PASSWORD
        self.stdout = stdout
        self.made = {}


class Command(BaseCommand):
    help = "Create the demo company with a few months of history (idempotent)."

    def handle(self, *args, **options):
        ctx = DemoContext(timezone.localdate(), self.stdout)
        with transaction.atomic():
            # The organisation always runs (it is idempotent and fills `ctx.made` for the
            # others); every other part runs once, recorded in the audit log. Later parts
            # change the organisation (a transfer moves a member), so rerunning an earlier
            # part on top of them would pick other people and add records.
            organisation, *parts = SEEDERS
            organisation(ctx)
            done = {
                MOVED.get(name, name)
                for name in AuditEntry.objects.filter(action=SEEDED).values_list(
                    "object_repr", flat=True
                )
            }
            for seed in parts:
                if seed.__module__ in done:
                    continue
                seed(ctx)
                AuditEntry.objects.create(action=SEEDED, object_repr=seed.__module__)
        self.stdout.write(
            self.style.SUCCESS(
                "Demo company ready. Accounts: committee, "
                "secretary, member, admin; password " + DEMO_PASSWORD
            )
        )
