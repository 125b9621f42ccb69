"""A secretary's 支部排名: their branch's rank in the company and its 党总支, and the
company's median, never another branch's name or figures."""

import pytest

from dashboard.score import BranchScore, standing
from tests.factories import ActivityFactory, BranchFactory, GeneralBranchFactory

from .test_pages import Q1, get


def test_secretary_sees_the_branch_rank_in_the_company_without_the_others(client_for, sam, known):
    response = get(client_for(sam), f"{Q1}&scope=branch:{known.a.pk}")
    body = response.content.decode()
    assert "本支部得分 61.3，在全公司 3 个党支部中排第 1 名；全公司得分中位数为 20。" in body
    assert "其他支部的名称和数据不在此显示" in body
    assert known.b.name not in body and known.office.name not in body
    assert 'id="chart-ranking"' not in body  # a one-bar chart ranked nothing


def test_a_tie_shares_the_rank_and_the_general_branch_is_ranked_too(client_for, bob, known):
    general = GeneralBranchFactory(name="电解党总支")
    for branch in (known.a, known.b):
        branch.general_branch = general
        branch.save()
    body = get(client_for(bob), f"{Q1}&scope=branch:{known.b.pk}").content.decode()
    assert "在全公司 3 个党支部中排第 2 名" in body  # tied with the office branch at 0
    assert "在电解党总支的 2 个党支部中排第 2 名。" in body
    assert known.a.name not in body


def test_the_committee_keeps_the_full_ranking(client_for, carol, known):
    body = get(client_for(carol), f"{Q1}&scope=company").content.decode()
    assert 'id="chart-ranking"' in body and "本支部得分" not in body
    assert known.a.name in body and known.b.name in body


def test_standing_ranks_ties_and_takes_the_median():
    branches = [BranchFactory.build(pk=n, general_branch_id=None) for n in range(1, 5)]
    scores = [BranchScore(b, {}, {}, s) for b, s in zip(branches, [90, 70, 70, 10], strict=True)]
    for rank, row in zip([1, 2, 2, 4], scores, strict=True):
        row.rank = rank
    mine = standing(branches[2], scores)
    assert (mine.score, mine.rank, mine.of, mine.median, mine.general) == (70, 2, 4, 70, None)
    assert standing(branches[3], scores).rank == 4
    assert standing(branches[0], scores[:3]).median == 70  # an odd count: the middle one


@pytest.mark.parametrize("size", [1, 5])
def test_secretary_dashboard_queries_do_not_grow_with_the_company(
    client_for, sam, known, size, django_assert_max_num_queries
):
    for _ in range(size):
        ActivityFactory(branch=BranchFactory())
    client = client_for(sam)
    # The branch's page (18) and the company's figures for the rank (12 more): not
    # O(branches).
    with django_assert_max_num_queries(31):
        response = get(client, f"{Q1}&scope=branch:{known.a.pk}")
    assert response.context["standing"].of == 3 + size
