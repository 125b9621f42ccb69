"""Fill the demo company: every app adds its part, and a second run changes nothing."""

import random

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from branches import demo as branches_demo
from branches import demo_activities
from hongjun.dashboard import demo as dashboard_demo
from initiatives import demo as initiatives_demo
from safety import demo as safety_demo
from safety import demo_hazards

# Each app's `seed(ctx)` in the order their records depend on each other. A later
# capability adds its module here, so the demo always shows the whole portal.
SEEDERS = [
    branches_demo.seed,
    demo_activities.seed,
    initiatives_demo.seed,
    safety_demo.seed,
    demo_hazards.seed,
    dashboard_demo.seed,
]

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
            for seed in SEEDERS:
                seed(ctx)
        self.stdout.write(
            self.style.SUCCESS(
                "Demo company ready. Accounts: committee, "
                "secretary, member, admin; password " + DEMO_PASSWORD
            )
        )
