"""Recompute every pledge signature's digest and the chain; name what was changed or removed.

Exit status 0 when the chain is intact, 1 (CommandError) otherwise. With no options the
chain is also compared with the latest witness of its head (`hongjun.integrity`: the
daily witness in WITNESS_DIR and in the audit log), so a chain cut at the end or emptied
is reported. Prints the chain's head: it may also be noted down by hand and passed back
later with `--since-head`.
"""

from django.core.management.base import BaseCommand, CommandError

from hongjun import integrity
from hongjun.models import AuditEntry
from safety.models import PledgeChain, PledgeSignature, PledgeVersion
from safety.pledges import chain


class Command(BaseCommand):
    help = "Check the pledge signature chain: every digest, every link, and the head."

    def add_arguments(self, parser):
        parser.add_argument(
            "--since-head",
            metavar="HEX",
            help="A head digest printed by an earlier run; it must still be in the chain.",
        )

    def handle(self, *args, since_head=None, **options):
        if since_head is not None:
            since_head = since_head.strip().lower()
            if len(since_head) != 64 or any(c not in "0123456789abcdef" for c in since_head):
                raise CommandError("--since-head takes the 64 hex digits of a printed head.")
        texts = {v.pk: chain.text_digest(v) for v in PledgeVersion.objects.all()}
        witness = integrity.latest_witness("pledges", "count")
        report = chain.verify(
            PledgeSignature.objects.order_by("seq").iterator(chunk_size=2000),
            texts,
            chain_row=PledgeChain.objects.filter(pk=1).first(),
            since_head=since_head,
            witness=witness,
        )
        for kind, seq, message in report.problems:
            self.stdout.write(f"PROBLEM {kind}: {message}{self._audit_hint(kind, seq)}")
        self.stdout.write(f"signatures: {report.count}")
        self.stdout.write(f"head: #{report.head_seq} {report.head_digest}")
        if witness is None:
            self.stdout.write("no witness of the head yet (hongjun.tasks.witness_heads)")
        else:
            self.stdout.write(
                f"latest witness: #{witness['count']} on {witness.get('at')} "
                f"({witness.get('source')})"
            )
        if report.since_head_seq is not None:
            self.stdout.write(
                f"the earlier head is #{report.since_head_seq}; "
                f"{report.head_seq - report.since_head_seq} signatures added since"
            )
        if not report.ok:
            raise CommandError(f"the pledge chain is broken: {len(report.problems)} problem(s)")
        self.stdout.write(self.style.SUCCESS("the pledge chain is intact"))

    def _audit_hint(self, kind, seq):
        """Who a removed signature belonged to, as the audit log remembers it (if it does)."""
        if kind != "removed" or seq is None:
            return ""
        entry = AuditEntry.objects.filter(action="pledge.signed", changes__seq=seq).first()
        if entry is None:
            return ""
        return (
            f" (the audit log has #{seq} as {entry.changes.get('member_name')}, "
            f"version {entry.changes.get('version')}, signature id {entry.object_id})"
        )
