"""民主评议党员: one ballot each, counted without anyone seeing who voted how."""

import pytest
from django.db import IntegrityError, connection
from django.urls import reverse

from affairs.models import (
    Appraisal,
    AppraisalResult,
    BallotReceipt,
    SelfAssessment,
    VoteCount,
)
from hongjun.models import AuditEntry
from tests.factories import MemberFactory

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


def counts(appraisal):
    return {
        (c.subject_id, c.rating): c.ballots
        for c in VoteCount.objects.filter(appraisal=appraisal)
        if c.ballots
    }


def test_opening_makes_a_count_for_every_participant_and_rating(appraisal):
    assert VoteCount.objects.filter(appraisal=appraisal).count() == 2 * 4
    assert counts(appraisal) == {}


def test_ballot_stores_a_receipt_and_counts_without_the_voter(client_for, appraisal, sam, alice):
    assert ballot(client_for(alice), appraisal, [sam], rating="excellent").status_code == 302
    assert BallotReceipt.objects.get().voter == alice
    assert counts(appraisal) == {(sam.pk, "excellent"): 1}
    assert {f.name for f in VoteCount._meta.get_fields()} == {
        "id",
        "appraisal",
        "subject",
        "rating",
        "ballots",
    }
    assert SelfAssessment.objects.get().member == alice
    entry = AuditEntry.objects.get(action="appraisal.ballot_cast")
    assert "excellent" not in str(entry.changes.get("votes")) and entry.actor == alice.user


def test_second_ballot_is_refused_and_nothing_saved(client_for, appraisal, sam, alice):
    ballot(client_for(alice), appraisal, [sam])
    response = ballot(client_for(alice), appraisal, [sam], rating="unqualified")
    assert "您已经投过票" in response.content.decode()
    assert BallotReceipt.objects.count() == 1
    assert counts(appraisal) == {(sam.pk, "qualified"): 1}


def test_the_database_refuses_a_second_receipt(appraisal, alice):
    BallotReceipt.objects.create(appraisal=appraisal, voter=alice)
    with pytest.raises(IntegrityError):
        BallotReceipt.objects.create(appraisal=appraisal, voter=alice)


@pytest.fixture
def three(client_for, sam, alice):
    """A branch of three, each casting a different ballot through the web."""
    third = MemberFactory(name="韩洋", branch=sam.branch, user__username="hanyang")
    client_for(sam).post(reverse("affairs:appraisal_open", args=[sam.branch.pk]), {"year": 2025})
    appraisal = Appraisal.objects.get()
    people = [sam, alice, third]
    grades = {sam: "excellent", alice: "basic", third: "unqualified"}
    for voter in people:
        others = [m for m in people if m != voter]
        data = {"self_rating": "qualified", "summary": "年度总结"}
        data |= {f"r_{m.pk}": grades[voter] for m in others}
        response = client_for(voter).post(reverse("affairs:ballot", args=[appraisal.pk]), data)
        assert response.status_code == 302
    return appraisal, people, grades


def rows_of(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def test_the_dba_cannot_join_a_ballot_to_its_voter_by_transaction(three):
    """Each voter's receipt, self-assessment and audit entry share a transaction id; the
    counts a ballot touched would too, if a ballot touched only its own. Every count of the
    appraisal carries the last ballot's transaction, whatever it gave."""
    appraisal, people, _ = three
    count_xmins = rows_of(
        "SELECT DISTINCT xmin::text FROM affairs_votecount WHERE appraisal_id = %s",
        [appraisal.pk],
    )
    assert len(count_xmins) == 1  # all alike: nothing to tell the ballots apart
    for voter in people:
        (receipt_xmin,) = rows_of(
            f"SELECT xmin::text FROM {BallotReceipt._meta.db_table} WHERE voter_id = %s",
            [voter.pk],
        )[0]
        joined = rows_of(
            "SELECT subject_id, rating FROM affairs_votecount "
            "WHERE appraisal_id = %s AND xmin::text = %s",
            [appraisal.pk, receipt_xmin],
        )
        # Nothing for the first voters; every row, given or not, for the last.
        assert joined == [] or len(joined) == VoteCount.objects.count()


def test_no_row_keeps_a_ballot_together_or_in_casting_order(three):
    """A ballot adds no row (so a dump's row order has no ballots to show as blocks in
    casting order) and nothing stored carries a time or a sequence of the votes."""
    appraisal, people, _ = three
    assert VoteCount.objects.count() == len(people) * 4  # as many as at the opening
    columns = {
        row[0]
        for row in rows_of(
            "SELECT column_name FROM information_schema.columns WHERE table_name = %s",
            [VoteCount._meta.db_table],
        )
    }
    assert columns == {"id", "appraisal_id", "subject_id", "rating", "ballots"}
    # The counts are right all the same: each member got the two others' grades.
    assert sum(c.ballots for c in VoteCount.objects.all()) == 3 * 2
    assert counts(appraisal)[people[0].pk, "basic"] == 1


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
    # Two graded: a third of two, rounded down, allows no 优秀.
    refused = client_for(sam).post(
        appraisal.get_absolute_url(), {f"m_{sam.pk}": "excellent", f"m_{alice.pk}": "qualified"}
    )
    assert "2名中至多0名" in refused.content.decode()
    assert not AppraisalResult.objects.exists()
    client_for(sam).post(
        appraisal.get_absolute_url(), {f"m_{sam.pk}": "basic", f"m_{alice.pk}": "qualified"}
    )
    assert AppraisalResult.objects.count() == 2
    assert AuditEntry.objects.filter(action="appraisal.result_settled").count() == 2
    client_for(sam).post(reverse("affairs:appraisal_step", args=[appraisal.pk, "settled"]))
    appraisal.refresh_from_db()
    assert appraisal.status == "settled"
    listing = client_for(alice).get(reverse("affairs:appraisal_list"))
    [row] = listing.context["appraisals"]
    assert [(r, n, pct) for r, _label, n, pct in row.rating_counts][:3] == [
        ("excellent", 0, 0),
        ("qualified", 1, 50),
        ("basic", 1, 50),
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


def test_a_branch_with_this_years_appraisal_is_not_offered_another(client_for, sam):
    from django.utils import timezone

    client = client_for(sam)
    assert client.get(reverse("affairs:appraisal_list")).context["open_branches"] == [sam.branch]
    client.post(
        reverse("affairs:appraisal_open", args=[sam.branch.pk]),
        {"year": timezone.localdate().year},
    )
    assert client.get(reverse("affairs:appraisal_list")).context["open_branches"] == []
