"""Build the company-scale data set for the benchmark (PostgreSQL, an empty database)."""

import time

from django.core.management.base import BaseCommand, CommandError

from devtools import company


class Command(BaseCommand):
    help = (
        "Fill an empty PostgreSQL database with a generated company: by default 150 branches, "
        "8,000 members and five years of records (see docs/performance.md)."
    )

    def add_arguments(self, parser):
        defaults = company.Scale()
        for name in ("branches", "members", "years", "hazards", "initiatives", "reminders"):
            parser.add_argument(f"--{name}", type=int, default=getattr(defaults, name))
        parser.add_argument("--seed", type=int, default=defaults.seed)

    def handle(self, *args, **options):
        scale = company.Scale(
            **{
                name: options[name]
                for name in (
                    "branches",
                    "members",
                    "years",
                    "hazards",
                    "initiatives",
                    "reminders",
                    "seed",
                )
            }
        )
        if scale.branches < 1 or scale.members < 12 * scale.branches:
            raise CommandError("Give at least one branch and twelve members a branch.")
        began = time.monotonic()
        try:
            made = company.build(scale, stdout=self.stdout)
        except RuntimeError as error:
            raise CommandError(str(error)) from error
        took = time.monotonic() - began
        for name, count in made.counts.items():
            self.stdout.write(f"{name:>20}: {count:,}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Company built in {took:.1f} s. Accounts: committee, secretary, member, "
                f"admin; password {company.PASSWORD}"
            )
        )
