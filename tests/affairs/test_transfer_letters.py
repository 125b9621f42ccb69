"""组织关系介绍信 on a move out (validity at most three months, 党费交至, the 回执 that closes
it, the expired letter flagged and reminded) and a member received from outside."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from affairs import reminders as affairs_reminders
from affairs.models import LETTER_VALIDITY, BranchMembership, Transfer, letter_latest_valid_until
from branches.models import Member
from hongjun.models import AuditEntry
from reminders.models import Reminder
from tests.factories import PartyGroupFactory

D = datetime.date
SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))
pytestmark = pytest.mark.django_db


def at(*args):
    return datetime.datetime(*args, tzinfo=SHANGHAI)


def move_out(client, member, **data):
    payload = {
        "kind": "out",
        "destination": "包头市某公司党委",
        "letter_no": "霍铝转字第12号",
        "letter_issued_on": "2026-12-07",
        "letter_valid_until": "2027-03-07",
        "dues_paid_until": "2026-11",
        "reason": "调离本公司",
    } | data
    return client.post(reverse("affairs:transfer_create", args=[member.pk]), payload)


def accept(client, transfer):
    return client.post(reverse("affairs:transfer_decide", args=[transfer.pk, "accepted"]))


def test_the_validity_rule_is_data_with_its_source():
    assert LETTER_VALIDITY.value == 3 and "介绍信" in str(LETTER_VALIDITY.source)
    assert letter_latest_valid_until(D(2026, 12, 7)) == D(2027, 3, 7)
    # The end of a short month: 30 November + 3 months is the last day of February.
    assert letter_latest_valid_until(D(2026, 11, 30)) == D(2027, 2, 28)


def test_a_move_out_carries_its_letter_and_dues_month(client_for, sam, alice):
    with time_machine.travel(at(2026, 12, 7, 10), tick=False):
        assert move_out(client_for(sam), alice).status_code == 302
    transfer = Transfer.objects.get()
    assert (transfer.letter_issued_on, transfer.letter_valid_until) == (
        D(2026, 12, 7),
        D(2027, 3, 7),
    )
    assert transfer.dues_paid_until == D(2026, 11, 1)
    entry = AuditEntry.objects.get(action="transfer.requested")
    assert entry.changes["letter_valid_until"] == "2027-03-07"


def test_a_letter_valid_one_day_beyond_three_months_is_refused(client_for, sam, alice):
    with time_machine.travel(at(2026, 12, 7, 10), tick=False):
        response = move_out(client_for(sam), alice, letter_valid_until="2027-03-08")
    assert response.status_code == 200
    assert "介绍信有效期最长3个月" in response.content.decode()
    assert "2027-03-07" in response.content.decode()
    assert not Transfer.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"letter_issued_on": ""}, "请填写介绍信的开具日期"),
        ({"dues_paid_until": ""}, "请填写党费交至的月份"),
        ({"letter_valid_until": "2026-12-01"}, "介绍信的有效期不能早于开具日期"),
        ({"dues_paid_until": "2027-01"}, "党费交至的月份不能晚于介绍信开具的月份"),
    ],
)
def test_an_incomplete_letter_is_refused_with_a_message(client_for, sam, alice, overrides, message):
    with time_machine.travel(at(2026, 12, 7, 10), tick=False):
        response = move_out(client_for(sam), alice, **overrides)
    assert message in response.content.decode()
    assert not Transfer.objects.exists()


def test_the_receipt_closes_the_move_and_only_the_sender_or_committee_records_it(
    client_for, sam, alice, bob, carol
):
    with time_machine.travel(at(2026, 12, 7, 10), tick=False):
        move_out(client_for(sam), alice)
        transfer = Transfer.objects.get()
        accept(client_for(carol), transfer)
        page = client_for(sam).get(reverse("affairs:transfer_list")).content.decode()
        assert "已转出，待回执" in page
    url = reverse("affairs:transfer_receipt", args=[transfer.pk])
    receipt = {"receipt_on": "2026-12-20", "receipt_by": "包头市某公司党委组织部"}
    with time_machine.travel(at(2026, 12, 21, 10), tick=False):
        assert client_for(bob).post(url, receipt).status_code == 404
        assert client_for(sam).get(url).status_code == 405
        response = client_for(sam).post(url, {**receipt, "receipt_on": "2026-12-22"})
        assert "回执日期不能晚于今天" in response.content.decode()
        assert client_for(sam).post(url, receipt).status_code == 302
    transfer.refresh_from_db()
    assert transfer.receipt_on == D(2026, 12, 20) and transfer.receipt_by.startswith("包头")
    assert AuditEntry.objects.filter(action="transfer.receipt").count() == 1
    with time_machine.travel(at(2026, 12, 22, 10), tick=False):
        client_for(sam).post(url, receipt)
    assert AuditEntry.objects.filter(action="transfer.receipt").count() == 1


def test_an_expired_letter_without_receipt_is_flagged_and_reminded(client_for, sam, alice, carol):
    with time_machine.travel(at(2026, 12, 7, 10), tick=False):
        move_out(client_for(sam), alice, letter_valid_until="2027-01-06")
        transfer = Transfer.objects.get()
        accept(client_for(carol), transfer)
    with time_machine.travel(at(2027, 1, 6, 10), tick=False):
        page = client_for(sam).get(reverse("affairs:transfer_list")).content.decode()
        assert "letter-expired" not in page  # valid through its last day
        assert affairs_reminders.transfer_letter_expired(D(2027, 1, 6)) == []
    with time_machine.travel(at(2027, 1, 7, 10), tick=False):
        page = client_for(sam).get(reverse("affairs:transfer_list")).content.decode()
        assert "letter-expired" in page and "介绍信已于2027-01-06过期，未收到回执" in page
    rows = affairs_reminders.transfer_letter_expired(D(2027, 1, 7))
    assert {r.recipient_id for r in rows} == {sam.user_id, carol.user_id}
    assert all("未收到回执" in r.subject for r in rows)
    assert affairs_reminders.transfer_letter_expired(D(2027, 2, 5)) != []  # a month later
    assert affairs_reminders.transfer_letter_expired(D(2027, 1, 8)) == []
    Reminder.objects.bulk_create(rows)
    with time_machine.travel(at(2027, 1, 8, 10), tick=False):
        client_for(sam).post(
            reverse("affairs:transfer_receipt", args=[transfer.pk]),
            {"receipt_on": "2027-01-08", "receipt_by": "包头市某公司党委"},
        )
        page = client_for(sam).get(reverse("affairs:transfer_list")).content.decode()
    assert "letter-expired" not in page
    assert not Reminder.objects.filter(read_at__isnull=True).exists()
    assert affairs_reminders.transfer_letter_expired(D(2027, 2, 5)) == []


def receive(client, branch, **data):
    payload = {
        "name": "王建国",
        "gender": "m",
        "employee_no": "H20999",
        "status": "full",
        "joined_on": "2012-07-01",
        "post": "电解工",
        "phone": "",
        "branch": str(branch.pk),
        "party_group": "",
        "origin": "中铝包头铝业有限公司党委",
        "letter_no": "包铝转字第31号",
        "letter_issued_on": "2026-11-20",
        "letter_valid_until": "2027-02-20",
        "dues_paid_until": "2026-10",
        "received_on": "2026-12-07",
    } | data
    return client.post(reverse("affairs:member_receive"), payload)


def test_a_member_from_outside_is_received_into_a_branch_and_group(client_for, sam, alice):
    group = PartyGroupFactory(branch=sam.branch, name="第二党小组")
    with time_machine.travel(at(2026, 12, 7, 10), tick=False):
        assert client_for(sam).get(reverse("affairs:member_receive")).status_code == 200
        response = receive(client_for(sam), sam.branch, party_group=str(group.pk))
    assert response.status_code == 302
    member = Member.objects.get(employee_no="H20999")
    assert (member.branch, member.party_group, member.is_active) == (sam.branch, group, True)
    assert member.user is None
    row = BranchMembership.objects.get(member=member)
    assert (row.branch, row.start, row.end) == (sam.branch, D(2026, 12, 7), None)
    transfer = Transfer.objects.get(member=member)
    assert (transfer.kind, transfer.status, transfer.from_branch) == ("in", "accepted", None)
    assert transfer.origin == "中铝包头铝业有限公司党委" and transfer.moved_on == D(2026, 12, 7)
    assert {"member.received", "transfer.received"} <= set(
        AuditEntry.objects.values_list("action", flat=True)
    )
    page = client_for(sam).get(reverse("affairs:transfer_list")).content.decode()
    assert "王建国" in page and "中铝包头铝业有限公司党委" in page
    detail = client_for(sam).get(transfer.get_absolute_url()).content.decode()
    assert "包铝转字第31号" in detail and "2026-10" in detail


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"received_on": "2027-02-21"}, "介绍信已于2027-02-20过期"),
        ({"letter_valid_until": "2027-02-21"}, "介绍信有效期最长3个月"),
        ({"employee_no": "EXISTING"}, "已是本公司党员"),
    ],
)
def test_a_member_is_not_received_on_a_bad_letter(client_for, sam, alice, overrides, message):
    alice.employee_no = "EXISTING"
    alice.save()
    with time_machine.travel(at(2027, 3, 1, 10), tick=False):
        response = receive(client_for(sam), sam.branch, **overrides)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Transfer.objects.exists()
    assert Member.objects.count() == 2


def test_a_group_of_another_branch_is_refused(client_for, sam, alice, carol, branch_b):
    other = PartyGroupFactory(branch=branch_b)
    with time_machine.travel(at(2026, 12, 7, 10), tick=False):
        response = receive(client_for(carol), sam.branch, party_group=str(other.pk))
    assert "该党小组不属于" in response.content.decode()
    assert not Member.objects.filter(employee_no="H20999").exists()


def test_a_plain_member_cannot_receive_and_another_branch_is_not_offered(
    client_for, alice, sam, bob
):
    assert client_for(alice).get(reverse("affairs:member_receive")).status_code == 403
    with time_machine.travel(at(2026, 12, 7, 10), tick=False):
        response = receive(client_for(sam), bob.branch)
    assert response.status_code == 200
    assert not Member.objects.filter(employee_no="H20999").exists()


def test_the_transfer_list_keeps_its_queries_with_more_transfers(
    client_for, sam, carol, django_assert_max_num_queries
):
    from tests.factories import MemberFactory

    def add(n):
        for _ in range(n):
            member = MemberFactory(branch=sam.branch)
            Transfer.objects.create(
                member=member,
                kind="out",
                from_branch=sam.branch,
                destination="外单位党委",
                letter_no="转字",
                letter_issued_on=D(2026, 11, 1),
                letter_valid_until=D(2026, 12, 1),
                dues_paid_until=D(2026, 10, 1),
                status="accepted",
            )

    client = client_for(sam)
    add(2)
    with django_assert_max_num_queries(8) as small:
        client.get(reverse("affairs:transfer_list"))
    add(20)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert "letter-expired" in client.get(reverse("affairs:transfer_list")).content.decode()
