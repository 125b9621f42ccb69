"""The pledge tallies as they should be, counted again from the signatures.

Shared by the PostgreSQL tests and the SQLite check, which imports it in a subprocess.
"""

from collections import Counter

from safety.models import PledgeSignature, PledgeTally


def stored():
    """{(version_id, branch_id): signed} as the triggers keep it."""
    return {(t.version_id, t.branch_id): t.signed for t in PledgeTally.objects.all()}


def expected():
    """The same, counted one signature at a time: active members, by their branch now."""
    return dict(
        Counter(
            (s.version_id, s.member.branch_id)
            for s in PledgeSignature.objects.select_related("member")
            if s.member.is_active
        )
    )
