"""Compare the audit log with the latest witness of its head; name entries removed or changed.

Exit status 0 when the log still holds every entry witnessed (and each unchanged), 1
(CommandError) otherwise. `--witness` writes a new witness of every head now (what beat's
daily `hongjun.tasks.witness_heads` does).
"""

from django.core.management.base import BaseCommand, CommandError

from hongjun import integrity


class Command(BaseCommand):
    help = "Check the audit log against the latest witness of its head (count, last id, hash)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--witness",
            action="store_true",
            help="Afterwards, write the heads of the audit log and the pledge chain now.",
        )

    def handle(self, *args, witness=False, **options):
        latest = integrity.latest_witness("audit", "last_id")
        head = integrity.audit_head()
        self.stdout.write(f"entries: {head['count']}, last id #{head['last_id']}")
        if latest is None:
            self.stdout.write("no witness of the audit log yet (hongjun.tasks.witness_heads)")
        else:
            self.stdout.write(
                f"latest witness: #{latest['last_id']} ({latest['count']} entries) on "
                f"{latest.get('at')} ({latest.get('source')})"
            )
        problems = integrity.check_audit(latest)
        for problem in problems:
            self.stdout.write(f"PROBLEM removed: {problem}")
        if problems:
            raise CommandError(f"the audit log is not whole: {len(problems)} problem(s)")
        if witness:
            integrity.witness_heads()
            self.stdout.write("witness written")
        self.stdout.write(self.style.SUCCESS("the audit log holds every entry witnessed"))
