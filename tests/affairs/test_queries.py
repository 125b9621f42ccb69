"""The party affairs pages keep a fixed number of queries whatever the data size.

Each page is measured with one and with eight of everything per branch (applicants,
members with a year of dues, transfers, ballots); the bound is the same for both, so a
query per applicant, member, month, transfer or vote fails the test.
"""

import datetime

import pytest
import time_machine
from django.db.models import F
from django.urls import reverse

from affairs.models import (
    Appraisal,
    BallotReceipt,
    DuesBase,
    DuesPayment,
    Transfer,
    VoteCount,
)
from tests.factories import MemberFactory, applicant_with_steps

D = datetime.date


@pytest.fixture(autouse=True)
def june_2025():
    with time_machine.travel(datetime.datetime(2025, 6, 15, 10, 0), tick=False):
        yield


def grow(branch, other, n):
    people = [MemberFactory(branch=branch) for _ in range(n)]
    for i, member in enumerate(people):
        applicant_with_steps(
            branch,
            {"application": D(2024, 1, 2), "talk": D(2024, 1, 9), "activist": D(2024, 3, 1)}
            if i % 2
            else {"application": D(2025, 6, 1)},
        )
        DuesBase.objects.create(
            member=member, income=5000, monthly_dues=50, rate=1, valid_from=D(2025, 1, 1)
        )
        for month in range(1, 6):
            DuesPayment.objects.create(
                member=member,
                branch=branch,
                month=D(2025, month, 1),
                amount=50,
                paid_on=D(2025, month, 5),
                proxy="家属" if month == 2 else "",
                proxy_consent_by="支部书记" if month == 2 else "",
                proxy_consent_on=D(2025, 2, 1) if month == 2 else None,
            )
        Transfer.objects.create(member=member, kind="internal", from_branch=branch, to_branch=other)
    appraisal, _ = Appraisal.objects.get_or_create(
        branch=branch, year=2024, defaults={"opened_on": D(2024, 12, 1), "status": "closed"}
    )
    appraisal.participants.add(*people)
    for voter in people:
        BallotReceipt.objects.create(appraisal=appraisal, voter=voter)
        for subject in people:
            if subject != voter:
                count, _ = VoteCount.objects.get_or_create(
                    appraisal=appraisal, subject=subject, rating="qualified"
                )
                VoteCount.objects.filter(pk=count.pk).update(ballots=F("ballots") + 1)
    Appraisal.objects.get_or_create(branch=branch, year=2025, defaults={"opened_on": D(2025, 6, 1)})
    Appraisal.objects.get(branch=branch, year=2025).participants.add(*people)
    return appraisal


@pytest.fixture(params=[1, 8], ids=["small", "large"])
def company(request, sam, bob, carol, alice):
    grow(sam.branch, bob.branch, request.param)
    grow(bob.branch, sam.branch, request.param)
    Appraisal.objects.get(branch=sam.branch, year=2025).participants.add(alice, sam)
    return request.param


def pages(sam, alice):
    appraisal = Appraisal.objects.get(branch=sam.branch, year=2024)
    applicant = sam.branch.applicants.filter(stage="applicant").order_by("pk").last()
    transfer = Transfer.objects.filter(from_branch=sam.branch).first()
    return {
        "hub": reverse("affairs:hub"),
        "recruitment": reverse("affairs:recruitment_list"),
        "applicant": applicant.get_absolute_url(),
        "ledger": reverse("affairs:dues_ledger", args=[sam.branch.pk]),
        "export": reverse("affairs:dues_export", args=[sam.branch.pk]),
        "member_dues": reverse("affairs:member_dues", args=[alice.pk]),
        "transfers": reverse("affairs:transfer_list"),
        "transfer": transfer.get_absolute_url(),
        "appraisals": reverse("affairs:appraisal_list"),
        "appraisal": appraisal.get_absolute_url(),
        "ballot": reverse(
            "affairs:ballot", args=[Appraisal.objects.get(branch=sam.branch, year=2025).pk]
        ),
    }


# Session, user and actor (2) come first on every page; the bounds are the page's own reads
# plus those, measured, with no allowance for growth: not O(applicants, members, votes).
BOUNDS = {
    "hub": 12,
    "recruitment": 9,
    "applicant": 12,  # with the two ContentType lookups of its timeline, cached after once
    "ledger": 9,
    "export": 8,
    "member_dues": 10,
    "transfers": 7,
    "transfer": 9,
    "appraisals": 8,
    "appraisal": 15,
    "ballot": 9,
}


@pytest.mark.parametrize("page", list(BOUNDS))
def test_secretary_pages_queries_fixed(
    company, client_for, sam, alice, django_assert_max_num_queries, page
):
    client = client_for(sam)
    url = pages(sam, alice)[page]
    with django_assert_max_num_queries(BOUNDS[page]):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    ("page", "bound"),
    [("hub", 11), ("dues_home", 9), ("recruitment", 9), ("transfers", 7), ("appraisals", 7)],
)
def test_committee_pages_queries_fixed(
    company, client_for, carol, django_assert_max_num_queries, page, bound
):
    client = client_for(carol)
    url = reverse("affairs:dues_home") if page == "dues_home" else pages_for_committee(page)
    with django_assert_max_num_queries(bound):
        assert client.get(url).status_code == 200


def pages_for_committee(page):
    return reverse(
        {
            "hub": "affairs:hub",
            "recruitment": "affairs:recruitment_list",
            "transfers": "affairs:transfer_list",
            "appraisals": "affairs:appraisal_list",
        }[page]
    )


def test_member_pages_queries_fixed(company, client_for, alice, django_assert_max_num_queries):
    client = client_for(alice)
    for url, bound in [
        (reverse("affairs:hub"), 6),
        (reverse("affairs:member_dues", args=[alice.pk]), 10),
        (reverse("affairs:appraisal_list"), 7),
    ]:
        with django_assert_max_num_queries(bound):
            assert client.get(url).status_code == 200
