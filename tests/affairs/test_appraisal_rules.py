"""民主评议党员 as the 组织部门 ask it: 预备党员 take part without a grade, 优秀 at most a
third of those graded (rounded down: 10 graded → 3), and the year it is held for."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from affairs.appraisal import services
from affairs.models import (
    EXCELLENT_SHARE,
    Appraisal,
    AppraisalResult,
    VoteCount,
    excellent_allowed,
)
from branches.models import Member
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def test_a_third_rounded_down_is_data_with_its_source():
    assert EXCELLENT_SHARE.value == 3 and "三分之一" in str(EXCELLENT_SHARE.source)
    assert [excellent_allowed(n) for n in (0, 2, 3, 9, 10, 11, 12)] == [0, 0, 1, 3, 3, 3, 4]


@pytest.fixture
def branch_of_eleven(sam, alice):
    """sam, alice, eight more full members and one 预备党员: ten graded, eleven voting."""
    full = [MemberFactory(branch=sam.branch) for _ in range(8)]
    probationary = MemberFactory(
        branch=sam.branch, name="郑预备", status=Member.Status.PROBATIONARY
    )
    return [sam, alice, *full], probationary


@pytest.fixture
def opened(client_for, sam, branch_of_eleven):
    client_for(sam).post(reverse("affairs:appraisal_open", args=[sam.branch.pk]), {"year": 2026})
    return Appraisal.objects.get()


def test_a_probationary_member_takes_part_and_is_not_rated(opened, branch_of_eleven):
    _graded, probationary = branch_of_eleven
    assert opened.participants.count() == 11
    assert list(opened.ungraded.all()) == [probationary]
    assert VoteCount.objects.filter(appraisal=opened).count() == 10 * 4
    assert not VoteCount.objects.filter(subject=probationary).exists()


def test_the_probationary_member_votes_on_the_graded_only(client_for, opened, branch_of_eleven):
    graded, probationary = branch_of_eleven
    client = client_for(probationary)
    page = client.get(reverse("affairs:ballot", args=[opened.pk])).content.decode()
    assert graded[1].name in page and f'name="r_{probationary.pk}"' not in page
    data = {"self_rating": "qualified", "summary": ""}
    data |= {f"r_{m.pk}": "qualified" for m in graded}
    assert client.post(reverse("affairs:ballot", args=[opened.pk]), data).status_code == 302
    # A graded member's ballot has no line for the 预备党员.
    voter = graded[1]
    page = client_for(voter).get(reverse("affairs:ballot", args=[opened.pk])).content.decode()
    assert f'name="r_{probationary.pk}"' not in page


def _close(client_for, sam, appraisal):
    client_for(sam).post(reverse("affairs:appraisal_step", args=[appraisal.pk, "closed"]))


def _results(graded, excellent):
    return {
        f"m_{m.pk}": "excellent" if i < excellent else "qualified" for i, m in enumerate(graded)
    }


def test_ten_graded_allow_three_excellent_and_the_form_refuses_four(
    client_for, sam, opened, branch_of_eleven
):
    graded, probationary = branch_of_eleven
    _close(client_for, sam, opened)
    page = client_for(sam).get(opened.get_absolute_url()).content.decode()
    assert "参加评定等次的10名党员中，“优秀”至多3名" in page
    assert "预备党员：参加评议，不评定等次" in page and "郑预备" in page
    refused = client_for(sam).post(opened.get_absolute_url(), _results(graded, 4))
    assert refused.status_code == 200
    assert "10名中至多3名" in refused.content.decode()
    assert not AppraisalResult.objects.exists()
    response = client_for(sam).post(opened.get_absolute_url(), _results(graded, 3))
    assert response.status_code == 302
    assert AppraisalResult.objects.filter(rating="excellent").count() == 3
    # Every graded member has a result: it publishes, with no result for the 预备党员.
    client_for(sam).post(reverse("affairs:appraisal_step", args=[opened.pk, "settled"]))
    opened.refresh_from_db()
    assert opened.status == "settled"
    assert not AppraisalResult.objects.filter(member=probationary).exists()


def test_the_service_refuses_a_fourth_excellent_one_at_a_time(sam, opened, branch_of_eleven):
    graded, probationary = branch_of_eleven
    services.close_appraisal(opened, by=sam.user)
    for member in graded[:3]:
        services.settle_result(opened, member, {"rating": "excellent"}, by=sam.user)
    with pytest.raises(ValidationError):
        services.settle_result(opened, graded[3], {"rating": "excellent"}, by=sam.user)
    assert AppraisalResult.objects.filter(rating="excellent").count() == 3
    with pytest.raises(ValidationError):
        services.settle_result(opened, probationary, {"rating": "qualified"}, by=sam.user)


def test_swapping_who_is_excellent_in_one_form_is_allowed(
    client_for, sam, opened, branch_of_eleven
):
    graded, _ = branch_of_eleven
    _close(client_for, sam, opened)
    client_for(sam).post(opened.get_absolute_url(), _results(graded, 3))
    swapped = _results(graded, 3)
    swapped[f"m_{graded[0].pk}"] = "qualified"
    swapped[f"m_{graded[5].pk}"] = "excellent"
    assert client_for(sam).post(opened.get_absolute_url(), swapped).status_code == 302
    assert AppraisalResult.objects.get(member=graded[5]).rating == "excellent"


def test_the_detail_page_keeps_its_queries_with_more_members(
    client_for, sam, opened, branch_of_eleven, django_assert_max_num_queries
):
    _close(client_for, sam, opened)
    client = client_for(sam)
    with django_assert_max_num_queries(30) as small:
        client.get(opened.get_absolute_url())
    for _ in range(15):
        member = MemberFactory(branch=sam.branch)
        opened.participants.add(member)
        services.open_counts(opened, [member])
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(opened.get_absolute_url())
