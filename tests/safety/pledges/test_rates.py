"""Signing rate per branch, and who has not signed: the committee, secretaries for theirs."""

from django.urls import reverse

from branches.models import Member
from safety.pledges import queries
from tests.factories import BranchFactory, MemberFactory

RATES = reverse("safety:rates")


def rate_url(branch, version=None):
    url = reverse("safety:rate_branch", args=[branch.pk])
    return f"{url}?version={version.pk}" if version else url


def test_rate_per_branch_counts_active_members(alice, sam, bob, carol, pledge, sign):
    MemberFactory(branch=alice.branch, is_active=False)  # left the company: not counted
    sign(alice, pledge)
    sign(bob, pledge)
    rows = {r.name: r for r in queries.branch_rates(pledge, alice.branch.__class__.objects.all())}
    a, b = rows["电解一车间党支部"], rows["铸造车间党支部"]
    assert (a.active_count, a.signed_count, a.unsigned_count, a.rate) == (2, 1, 1, 50)
    assert (b.active_count, b.signed_count, b.rate) == (1, 1, 100)
    assert rows["机关第一党支部"].rate == 0


def test_committee_sees_every_branch_and_totals(client_for, alice, sam, bob, carol, pledge, sign):
    sign(alice, pledge)
    response = client_for(carol).get(RATES)
    body = response.content.decode()
    for name in ("电解一车间党支部", "铸造车间党支部", "机关第一党支部"):
        assert name in body
    assert response.context["totals"] == {"members": 4, "signed": 1, "unsigned": 3, "rate": 25}


def test_secretary_sees_only_own_branch(client_for, alice, sam, bob, pledge):
    response = client_for(sam).get(RATES)
    assert [r.name for r in response.context["rows"]] == ["电解一车间党支部"]
    assert client_for(sam).get(rate_url(sam.branch)).status_code == 200
    assert client_for(sam).get(rate_url(bob.branch)).status_code == 404


def test_drill_down_lists_who_has_not_signed(client_for, alice, sam, pledge, sign):
    sign(sam, pledge)
    response = client_for(sam).get(rate_url(sam.branch, pledge))
    assert [m.name for m in response.context["unsigned"]] == ["李爱丽"]
    assert [m.name for m in response.context["signed"]] == ["孙明"]
    assert "尚未签署" in response.content.decode()


def test_rates_for_an_earlier_version(client_for, alice, sam, carol, pledge, sign):
    from safety.pledges import services
    from tests.factories import PledgeVersionFactory

    sign(alice, pledge)
    newer = services.publish_version(PledgeVersionFactory(year=2026), by=carol.user)
    client = client_for(sam)
    assert client.get(RATES).context["version"] == newer
    old = client.get(f"{RATES}?version={pledge.pk}").context["rows"][0]
    assert old.signed_count == 1
    assert client.get(f"{RATES}?version=999999").status_code == 404


def test_members_may_not_see_rates(client_for, alice, pledge):
    assert client_for(alice).get(RATES).status_code == 403
    assert client_for(alice).get(rate_url(alice.branch)).status_code == 404


def test_rate_pages_stay_within_fixed_queries(
    client_for, carol, pledge, sign, django_assert_max_num_queries
):
    # Not O(branches, members): one query for all branches' counts, two for a roster.
    client = client_for(carol)
    for size in (1, 4):
        branches = [BranchFactory() for _ in range(size)]
        for branch in branches:
            for i in range(size):
                member = MemberFactory(branch=branch)
                if i % 2:
                    sign(member, pledge)
        with django_assert_max_num_queries(7):
            assert client.get(RATES).status_code == 200
        with django_assert_max_num_queries(9):
            assert client.get(rate_url(branches[-1])).status_code == 200
    assert Member.objects.count() > 15
