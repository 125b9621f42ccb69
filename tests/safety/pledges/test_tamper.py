"""Tamper evidence: the trigger refuses, the chain catches what goes around it."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from safety.models import PledgeChain, PledgeSignature
from safety.pledges import chain


def verify(*args):
    out = io.StringIO()
    try:
        call_command("verify_pledges", *args, stdout=out)
    except CommandError as failed:
        return False, out.getvalue() + str(failed)
    return True, out.getvalue()


def raw(sql, params=()):
    """Run SQL as a superuser would, with the protecting triggers switched off."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(sql, params)
        cursor.execute("SET LOCAL session_replication_role = DEFAULT")


@pytest.fixture
def five(pledge, branch_a, sign):
    from tests.factories import MemberFactory

    return [sign(MemberFactory(branch=branch_a), pledge) for _ in range(5)]


def test_intact_chain_verifies_and_prints_its_head(five):
    ok, out = verify()
    assert ok
    assert f"head: #5 {five[-1].digest}" in out
    assert "signatures: 5" in out
    assert "intact" in out
    assert [s.prev_digest for s in five[1:]] == [s.digest for s in five[:-1]]


def test_trigger_refuses_update_and_delete(five):
    for sql in (
        "UPDATE safety_pledgesignature SET typed_name = 'x' WHERE seq = 2",
        "DELETE FROM safety_pledgesignature WHERE seq = 2",
    ):
        with (
            pytest.raises(DatabaseError, match="never changed or removed"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql)
    assert PledgeSignature.objects.get(seq=2).typed_name == five[1].typed_name


def test_trigger_refuses_editing_a_published_text(pledge):
    with (
        pytest.raises(DatabaseError, match="never edited"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE safety_pledgeversion SET text = 'x' WHERE id = %s", [pledge.pk])


def test_changed_and_removed_records_are_named(five):
    raw("UPDATE safety_pledgesignature SET typed_name = '王五' WHERE seq = 2")
    raw("DELETE FROM safety_pledgesignature WHERE seq = 4")
    ok, out = verify()
    assert not ok
    assert f"#2 (id {five[1].pk}) changed" in out
    assert f"#4 removed before #5 (id {five[4].pk})" in out
    # The audit log still knows whose signature #4 was.
    assert five[3].member.name in out


def test_a_consistently_rewritten_record_is_named_by_its_successor(five):
    row = five[2]
    row.typed_name = "王五"
    row.digest = chain.digest_of(row)
    raw(
        "UPDATE safety_pledgesignature SET typed_name = %s, digest = %s WHERE id = %s",
        [row.typed_name, row.digest, row.pk],
    )
    ok, out = verify()
    assert not ok
    assert "#3 rewritten" in out


def test_trigger_dropped_inside_the_transaction_is_still_caught(five):
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER safety_pledgesignature_immutable ON safety_pledgesignature")
        cursor.execute("UPDATE safety_pledgesignature SET ip_address = '1.2.3.4' WHERE seq = 1")
    ok, out = verify()
    assert not ok
    assert "#1 (id" in out
    assert "changed" in out


def test_edited_pledge_text_is_caught(five, pledge):
    raw("UPDATE safety_pledgeversion SET text = text || '（补充）' WHERE id = %s", [pledge.pk])
    ok, out = verify()
    assert not ok
    assert f"version {pledge.pk}: its text is no longer the text signed" in out


def test_removal_from_the_end_is_caught_by_the_head_row_and_an_earlier_head(five):
    noted_head = five[-1].digest
    raw("DELETE FROM safety_pledgesignature WHERE seq = 5")
    ok, out = verify("--since-head", noted_head)
    assert not ok
    assert "the chain head says #5" in out
    assert f"the earlier head {noted_head} is no longer in the chain" in out


def test_removal_from_the_end_with_the_head_row_forged_needs_the_noted_head(five):
    noted_head = five[-1].digest
    raw("DELETE FROM safety_pledgesignature WHERE seq = 5")
    raw(
        "UPDATE safety_pledgechain SET length = 4, head_digest = %s WHERE id = 1",
        [five[3].digest],
    )
    assert verify()[0]  # without the noted head the truncated chain looks whole …
    ok, out = verify("--since-head", noted_head)  # … the head noted outside says otherwise
    assert not ok
    assert "no longer in the chain" in out


def test_earlier_head_still_in_the_chain_counts_what_was_added(five):
    ok, out = verify("--since-head", five[1].digest.upper())
    assert ok
    assert "the earlier head is #2; 3 signatures added since" in out


def test_since_head_must_be_a_digest():
    ok, out = verify("--since-head", "xyz")
    assert not ok
    assert "64 hex digits" in out


def test_ipv6_and_long_user_agents_survive_the_round_trip(alice, pledge, sign):
    sign(alice, pledge, ip="2001:0db8:0000:0000:0000:0000:0000:0001", user_agent="U" * 900)
    stored = PledgeSignature.objects.get()
    assert stored.ip_address == "2001:db8::1"
    assert len(stored.user_agent) == 500
    assert verify()[0]


def test_chain_head_row_follows_every_signature(five):
    head = PledgeChain.objects.get()
    assert (head.length, head.head_digest) == (5, five[-1].digest)
