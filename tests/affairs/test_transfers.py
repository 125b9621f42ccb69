"""组织关系转接: started by the old branch, accepted by the new one or the committee; the
member's history stays theirs and the rosters follow the date of the move."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from affairs.models import BranchMembership, DuesPayment, Transfer
from affairs.transfers.queries import members_of
from hongjun.models import AuditEntry
from tests.factories import BranchFactory, GeneralBranchFactory, MemberFactory, RoleFactory

D = datetime.date
pytestmark = pytest.mark.django_db


def start(client, member, **data):
    payload = {"kind": "internal", "reason": "工作调动"} | data
    return client.post(reverse("affairs:transfer_create", args=[member.pk]), payload)


def decide(client, transfer, to):
    return client.post(reverse("affairs:transfer_decide", args=[transfer.pk, to]), {"note": ""})


def test_move_within_a_branch_group_accepted_by_new_secretary(client_for, sam, bob, alice):
    DuesPayment.objects.create(
        member=alice, branch=alice.branch, month=D(2024, 1, 1), amount=10, paid_on=D(2024, 1, 5)
    )
    with time_machine.travel(datetime.datetime(2024, 6, 1, 9), tick=False):
        assert start(client_for(sam), alice, to_branch=bob.branch.pk).status_code == 302
        transfer = Transfer.objects.get()
        assert transfer.status == "requested" and transfer.from_branch == sam.branch
        # Not yet moved: the old secretary still sees alice, the new one sees the request.
        assert client_for(bob).get(transfer.get_absolute_url()).status_code == 200
        assert decide(client_for(bob), transfer, "accepted").status_code == 302
    alice.refresh_from_db()
    transfer.refresh_from_db()
    assert alice.branch == bob.branch and transfer.moved_on == D(2024, 6, 1)
    rows = list(BranchMembership.objects.filter(member=alice).order_by("start"))
    assert [(r.branch, r.end) for r in rows] == [(sam.branch, D(2024, 6, 1)), (bob.branch, None)]
    # Rosters follow the date of the move.
    assert alice in members_of(sam.branch, D(2024, 5, 31))
    assert alice not in members_of(sam.branch, D(2024, 6, 1))
    assert alice in members_of(bob.branch, D(2024, 6, 1))
    assert alice not in members_of(bob.branch, D(2024, 5, 31))
    # Her dues history is hers, now read by the new branch and no longer by the old one.
    page = client_for(bob).get(reverse("affairs:member_dues", args=[alice.pk]) + "?year=2024")
    assert page.status_code == 200 and "10.00" in page.content.decode()
    assert client_for(sam).get(reverse("affairs:member_dues", args=[alice.pk])).status_code == 404
    assert DuesPayment.objects.count() == 1
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"transfer.requested", "transfer.accepted", "member.transferred"} <= actions


def test_transfer_to_the_branch_the_member_is_in_is_refused(client_for, sam, alice):
    response = start(client_for(sam), alice, to_branch=sam.branch.pk)
    assert response.status_code == 200
    assert "该党员已在" in response.content.decode()
    assert not Transfer.objects.exists()


def test_between_general_branches_only_the_committee_accepts(client_for, sam, alice, carol):
    other = BranchFactory(general_branch=GeneralBranchFactory())
    secretary = MemberFactory(branch=other)
    RoleFactory(member=secretary, branch=other)
    start(client_for(sam), alice, to_branch=other.pk)
    transfer = Transfer.objects.get()
    decide(client_for(secretary), transfer, "accepted")
    transfer.refresh_from_db()
    assert transfer.status == "requested"
    decide(client_for(carol), transfer, "accepted")
    transfer.refresh_from_db()
    alice.refresh_from_db()
    assert transfer.status == "accepted" and alice.branch == other


def test_out_of_the_company_needs_the_letter_number(client_for, sam, alice, carol):
    response = start(client_for(sam), alice, kind="out", destination="某公司党委")
    assert "请填写组织关系介绍信编号" in response.content.decode()
    assert not Transfer.objects.exists()
    start(
        client_for(sam),
        alice,
        kind="out",
        destination="某公司党委",
        letter_no="转字第8号",
        letter_issued_on="2026-11-02",
        letter_valid_until="2027-01-31",
        dues_paid_until="2026-10",
    )
    transfer = Transfer.objects.get()
    assert transfer.letter_no == "转字第8号" and transfer.to_branch is None
    decide(client_for(sam), transfer, "accepted")  # the sender cannot accept
    transfer.refresh_from_db()
    assert transfer.status == "requested"
    decide(client_for(carol), transfer, "accepted")
    alice.refresh_from_db()
    assert not alice.is_active and alice.branch == sam.branch
    assert BranchMembership.objects.get(member=alice).end is not None


def test_sender_cancels_and_a_second_open_transfer_is_refused(client_for, sam, bob, alice):
    start(client_for(sam), alice, to_branch=bob.branch.pk)
    response = start(client_for(sam), alice, to_branch=bob.branch.pk)
    assert "已有一笔待接收的转接" in response.content.decode()
    transfer = Transfer.objects.get()
    decide(client_for(sam), transfer, "cancelled")
    transfer.refresh_from_db()
    assert transfer.status == "cancelled"
    alice.refresh_from_db()
    assert alice.branch == sam.branch


def test_scoping_404_403_405(client_for, sam, bob, alice, carol):
    start(client_for(sam), alice, to_branch=carol.branch.pk)
    transfer = Transfer.objects.get()
    assert client_for(bob).get(transfer.get_absolute_url()).status_code == 404
    assert decide(client_for(bob), transfer, "accepted").status_code == 404
    assert client_for(alice).get(transfer.get_absolute_url()).status_code == 200  # her own
    assert decide(client_for(alice), transfer, "accepted").status_code == 403
    assert (
        client_for(alice).get(reverse("affairs:transfer_create", args=[alice.pk])).status_code
        == 403
    )
    assert (
        client_for(bob).get(reverse("affairs:transfer_create", args=[alice.pk])).status_code == 404
    )
    url = reverse("affairs:transfer_decide", args=[transfer.pk, "accepted"])
    assert client_for(carol).get(url).status_code == 405
    transfer.refresh_from_db()
    assert transfer.status == "requested"
