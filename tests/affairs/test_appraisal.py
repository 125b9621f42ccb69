"""民主评议党员: one ballot each, counted without anyone seeing who voted how."""

import pytest
from django.db import IntegrityError, connection
from django.urls import reverse

from affairs.models import (
    Appraisal,
    AppraisalResult,
    BallotReceipt,
    SelfAssessment,
    Vote,
)
from hongjun.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def appraisal(client_for, sam, alice):
    client_for(sam).post(reverse("affairs:appraisal_open", args=[sam.branch.pk]), {"year": 2025})
    return Appraisal.objects.get()


def ballot(client, appraisal, others, rating="qualified", self_rating="excellent"):
    data = {"self_rating": self_rating, "summary": "年度总结"}
    data |= {f"r_{m.pk}": rating for m in others}
    return client.post(reverse("affairs:ballot", args=[appraisal.pk]), data)


def test_open_appraisal_takes_the_branch_members(appraisal, sam, alice):
    assert set(appraisal.participants.all()) == {sam, alice}
    assert appraisal.status == "open"


def test_ballot_stores_a_receipt_and_votes_without_the_voter(client_for, appraisal, sam, alice):
    assert ballot(client_for(alice), appraisal, [sam], rating="excellent").status_code == 302
    assert BallotReceipt.objects.get().voter == alice
    vote = Vote.objects.get()
    assert (vote.subject, vote.rating) == (sam, "excellent")
    assert {f.name for f in Vote._meta.get_fields()} == {"id", "appraisal", "subject", "rating"}
    assert SelfAssessment.objects.get().member == alice
    entry = AuditEntry.objects.get(action="appraisal.ballot_cast")
    assert "excellent" not in str(entry.changes.get("votes")) and entry.actor == alice.user


def test_second_ballot_is_refused_and_nothing_saved(client_for, appraisal, sam, alice):
    ballot(client_for(alice), appraisal, [sam])
    response = ballot(client_for(alice), appraisal, [sam], rating="unqualified")
    assert "您已经投过票" in response.content.decode()
    assert Vote.objects.count() == 1 and BallotReceipt.objects.count() == 1
    assert not Vote.objects.filter(rating="unqualified").exists()


def test_the_database_refuses_a_second_receipt(appraisal, alice):
    BallotReceipt.objects.create(appraisal=appraisal, voter=alice)
    with pytest.raises(IntegrityError):
        BallotReceipt.objects.create(appraisal=appraisal, voter=alice)


def test_votes_carry_no_order_that_could_lead_to_a_voter(client_for, appraisal, sam, alice):
    ballot(client_for(alice), appraisal, [sam])
    ballot(client_for(sam), appraisal, [alice])
    ids = [v.id for v in Vote.objects.all()]
    assert all(i.version == 4 for i in ids)  # random keys, not a sequence
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = %s",
            [Vote._meta.db_table],
        )
        columns = {row[0] for row in cursor.fetchall()}
    assert columns == {"id", "appraisal_id", "subject_id", "rating"}


def test_counts_hidden_while_open_then_settled_and_published(client_for, appraisal, sam, alice):
    ballot(client_for(alice), appraisal, [sam], rating="excellent")
    page = client_for(sam).get(appraisal.get_absolute_url())
    assert page.context["tallies"] == []
    client_for(sam).post(reverse("affairs:appraisal_step", args=[appraisal.pk, "closed"]))
    page = client_for(sam).get(appraisal.get_absolute_url())
    tally = {t.member: t for t in page.context["tallies"]}
    assert dict(tally[sam].counts)["excellent"] == 1
    # Publishing needs every result settled.
    client_for(sam).post(reverse("affairs:appraisal_step", args=[appraisal.pk, "settled"]))
    appraisal.refresh_from_db()
    assert appraisal.status == "closed"
    client_for(sam).post(
        appraisal.get_absolute_url(), {f"m_{sam.pk}": "excellent", f"m_{alice.pk}": "qualified"}
    )
    assert AppraisalResult.objects.count() == 2
    assert AuditEntry.objects.filter(action="appraisal.result_settled").count() == 2
    client_for(sam).post(reverse("affairs:appraisal_step", args=[appraisal.pk, "settled"]))
    appraisal.refresh_from_db()
    assert appraisal.status == "settled"
    listing = client_for(alice).get(reverse("affairs:appraisal_list"))
    [row] = listing.context["appraisals"]
    assert [(r, n, pct) for r, _label, n, pct in row.rating_counts][:2] == [
        ("excellent", 1, 50),
        ("qualified", 1, 50),
    ]


def test_member_cannot_manage_other_branch_cannot_see_get_on_post_only_405(
    client_for, appraisal, sam, alice, bob
):
    step = reverse("affairs:appraisal_step", args=[appraisal.pk, "closed"])
    assert client_for(alice).post(step).status_code == 403
    assert client_for(bob).post(step).status_code == 404
    assert client_for(bob).get(appraisal.get_absolute_url()).status_code == 404
    assert client_for(bob).get(reverse("affairs:ballot", args=[appraisal.pk])).status_code == 404
    assert client_for(sam).get(step).status_code == 405
    open_url = reverse("affairs:appraisal_open", args=[sam.branch.pk])
    assert client_for(alice).post(open_url, {"year": 2026}).status_code == 403
    appraisal.refresh_from_db()
    assert appraisal.status == "open" and Appraisal.objects.count() == 1


def test_a_second_appraisal_for_the_year_is_refused(client_for, appraisal, sam):
    response = client_for(sam).post(
        reverse("affairs:appraisal_open", args=[sam.branch.pk]), {"year": 2025}, follow=True
    )
    assert "2025 年度的民主评议已经开始" in response.content.decode()
    assert Appraisal.objects.count() == 1
