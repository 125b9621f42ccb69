"""The audit log's witness: a DBA with triggers off who removes or edits entries is caught."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from hongjun import integrity
from hongjun.models import AuditEntry


def verify_audit(*args):
    out = io.StringIO()
    try:
        call_command("verify_audit", *args, stdout=out)
    except CommandError as failed:
        return False, out.getvalue() + str(failed)
    return True, out.getvalue()


def as_dba(sql):
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(sql)
        cursor.execute("SET LOCAL session_replication_role = DEFAULT")


@pytest.fixture
def log(db, settings, tmp_path):
    settings.WITNESS_DIR = str(tmp_path)
    entries = [
        AuditEntry.objects.create(action="branch.updated", object_repr=f"支部{n}", changes={"n": n})
        for n in range(6)
    ]
    integrity.witness_heads()
    return entries


def test_truncate_of_the_audit_log_is_refused(log):
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("TRUNCATE hongjun_auditentry")
    assert AuditEntry.objects.count() == 8  # six entries and the two witnesses


def test_an_intact_log_verifies(log):
    AuditEntry.objects.create(action="branch.updated", object_repr="later")
    ok, out = verify_audit()
    assert ok, out
    assert "latest witness: #" in out


def test_no_witness_yet_is_said_not_failed(db):
    ok, out = verify_audit()
    assert ok
    assert "no witness of the audit log yet" in out


def test_the_witness_file_holds_count_last_id_and_hash(log, tmp_path):
    lines = [json.loads(x) for x in (tmp_path / "witness.jsonl").read_text().splitlines()]
    audit = next(line for line in lines if line["kind"] == "audit")
    assert (audit["count"], audit["last_id"]) == (6, log[-1].pk)
    assert len(audit["digest"]) == 64


def test_truncation_with_triggers_off_is_detected(log):
    as_dba("TRUNCATE hongjun_auditentry")
    ok, out = verify_audit()
    assert not ok
    assert "the log was emptied" in out
    assert "witness.jsonl" in out


def test_an_entry_deleted_with_triggers_off_is_detected(log):
    as_dba(f"DELETE FROM hongjun_auditentry WHERE id = {log[2].pk}")
    ok, out = verify_audit()
    assert not ok
    assert "1 of the 6 entries" in out


def test_the_end_cut_with_triggers_off_is_detected(log):
    as_dba(f"DELETE FROM hongjun_auditentry WHERE id >= {log[4].pk}")
    ok, out = verify_audit()
    assert not ok
    assert "removed from the end" in out


def test_an_entry_edited_with_triggers_off_is_detected(log):
    as_dba(f"UPDATE hongjun_auditentry SET object_repr = '别的' WHERE id = {log[1].pk}")
    ok, out = verify_audit()
    assert not ok
    assert "changed or inserted" in out


def test_a_deleted_user_leaves_the_witness_intact(log, alice):
    entry = AuditEntry.objects.create(action="member.updated", actor=alice.user)
    integrity.witness_heads()
    alice.user.delete()
    entry.refresh_from_db()
    assert entry.actor is None
    assert verify_audit()[0]


def test_witness_option_writes_a_new_head(log):
    ok, _out = verify_audit("--witness")
    assert ok
    assert AuditEntry.objects.filter(action="integrity.witnessed").count() == 4
