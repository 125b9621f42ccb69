"""Append-only for real: TRUNCATE refused, the chain head guarded, and what a DBA does with
triggers switched off caught by the witness of the head kept outside the table."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from hongjun import integrity
from hongjun.models import AuditEntry
from hongjun.tasks import witness_heads
from safety.models import PledgeChain, PledgeSignature
from tests.factories import MemberFactory


def verify():
    out = io.StringIO()
    try:
        call_command("verify_pledges", stdout=out)
    except CommandError as failed:
        return False, out.getvalue() + str(failed)
    return True, out.getvalue()


def refused(sql, params=()):
    """Run `sql` as the portal's database user would; True if an append-only trigger
    refused it."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            # The foreign keys' deferred checks first: TRUNCATE refuses to run past them.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(sql, params)
    except DatabaseError as error:
        message = str(error)
        assert "append-only" in message or "chain head" in message, message
        return True
    return False


def as_dba(*statements):
    """Run SQL as a superuser with every trigger switched off, as in the issue."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET LOCAL session_replication_role = replica")
        for sql in statements:
            cursor.execute(sql)
        cursor.execute("SET LOCAL session_replication_role = DEFAULT")


@pytest.fixture
def five(pledge, branch_a, sign):
    return [sign(MemberFactory(branch=branch_a), pledge) for _ in range(5)]


@pytest.fixture
def witness_dir(settings, tmp_path):
    settings.WITNESS_DIR = str(tmp_path / "witness")
    return tmp_path / "witness"


@pytest.mark.parametrize(
    "table",
    ["safety_pledgesignature", "safety_pledgeversion", "safety_pledgechain", "hongjun_auditentry"],
)
def test_truncate_is_refused(five, table):
    assert refused(f"TRUNCATE {table} CASCADE")
    assert PledgeSignature.objects.count() == 5


@pytest.mark.parametrize(
    "sql",
    [
        "DELETE FROM safety_pledgechain",
        "UPDATE safety_pledgechain SET length = 4",
        "UPDATE safety_pledgechain SET length = 0, head_digest = repeat('0', 64)",
        "UPDATE safety_pledgechain SET head_digest = repeat('f', 64)",
        "UPDATE safety_pledgechain SET length = 6",
        "INSERT INTO safety_pledgechain (id, length, head_digest) VALUES (2, 0, repeat('0', 64))",
    ],
)
def test_the_chain_head_only_moves_forward_to_the_last_signature(five, sql):
    assert refused(sql)
    head = PledgeChain.objects.get()
    assert (head.length, head.head_digest) == (5, five[-1].digest)


def test_signing_still_moves_the_head(five, pledge, branch_a, sign):
    sixth = sign(MemberFactory(branch=branch_a), pledge)
    assert PledgeChain.objects.get().length == 6 == sixth.seq


def test_the_daily_task_writes_the_head_to_a_file_and_the_audit_log(five, witness_dir):
    witness_heads.apply()
    lines = [json.loads(x) for x in (witness_dir / "witness.jsonl").read_text().splitlines()]
    pledges = next(line for line in lines if line["kind"] == "pledges")
    assert (pledges["count"], pledges["head"]) == (5, five[-1].digest)
    entry = AuditEntry.objects.get(action="integrity.witnessed", changes__kind="pledges")
    assert entry.changes["count"] == 5
    assert entry.object_repr == "签署链链头"
    ok, out = verify()
    assert ok, out
    assert "latest witness: #5" in out


def test_chain_emptied_with_triggers_off_is_reported_with_no_options(five, witness_dir):
    witness_heads.apply()
    as_dba("TRUNCATE safety_pledgesignature, safety_pledgechain")
    ok, out = verify()
    assert not ok
    assert "the chain had reached #5" in out
    assert "the table now ends at #0" in out


def test_chain_cut_at_the_end_and_head_forged_is_reported(five, witness_dir):
    witness_heads.apply()
    as_dba(
        "DELETE FROM safety_pledgesignature WHERE seq >= 4",
        f"UPDATE safety_pledgechain SET length = 3, head_digest = '{five[2].digest}'",
    )
    ok, out = verify()
    assert not ok
    assert "the chain had reached #5" in out


def test_the_file_remembers_when_the_audit_log_was_emptied_too(five, witness_dir):
    witness_heads.apply()
    as_dba("TRUNCATE safety_pledgesignature, safety_pledgechain, hongjun_auditentry")
    ok, out = verify()
    assert not ok
    assert "the chain had reached #5" in out
    assert str(witness_dir) in out


def test_the_audit_log_witness_serves_without_a_file(five, settings):
    settings.WITNESS_DIR = ""
    integrity.witness_heads()
    as_dba("TRUNCATE safety_pledgesignature, safety_pledgechain")
    ok, out = verify()
    assert not ok
    assert "(audit log)" in out


def test_a_chain_grown_since_the_witness_is_intact(five, witness_dir, pledge, branch_a, sign):
    witness_heads.apply()
    sign(MemberFactory(branch=branch_a), pledge)
    ok, out = verify()
    assert ok, out
