"""The committee browses and filters the audit log; nobody else sees it."""

import pytest
from django.urls import reverse

from hongjun import audit
from hongjun.models import AuditEntry


def make_entries(branch, by, n):
    for i in range(n):
        audit.record("branch.updated", branch, by, {"meeting_place": ["", f"室{i}"]})


def test_committee_sees_and_filters_entries(client_for, carol, sam, bob):
    audit.record("branch.updated", sam.branch, sam.user, {"unit": ["旧", "新"]})
    audit.record("member.created", bob, bob.user, {"name": "包博"})
    client = client_for(carol)
    body = client.get(reverse("audit_log")).content.decode()
    assert "孙明 修改了党支部" in body and "包博 添加了党员 包博" in body
    # The kind "branches and members" holds both; the person filter keeps sam's entry.
    filtered = client.get(reverse("audit_log"), {"kind": "organisation"}).content.decode()
    assert "孙明 修改了党支部" in filtered and "包博 添加了党员" in filtered
    by_actor = client.get(reverse("audit_log"), {"person": "孙明"}).content.decode()
    assert "孙明 修改了党支部" in by_actor and "包博 添加了党员" not in by_actor


@pytest.mark.parametrize("who", ["alice", "sam"])
def test_others_get_403(client_for, request, who):
    assert client_for(request.getfixturevalue(who)).get(reverse("audit_log")).status_code == 403


def test_bad_filter_values_give_a_message_not_an_error(client_for, carol):
    response = client_for(carol).get(
        reverse("audit_log"), {"since": "2026-02-31", "branch": "abc", "kind": "nope"}
    )
    assert response.status_code == 200
    assert "输入一个有效的日期" in response.content.decode()


@pytest.mark.parametrize("n", [3, 60])
def test_audit_log_queries_fixed(client_for, carol, sam, n, django_assert_max_num_queries):
    make_entries(sam.branch, sam.user, n)
    client = client_for(carol)
    with django_assert_max_num_queries(9):
        response = client.get(reverse("audit_log"))
    assert response.status_code == 200
    assert AuditEntry.objects.count() == n
