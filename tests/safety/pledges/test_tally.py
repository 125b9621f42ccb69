"""The pledge tally of each version and branch, kept by the database's triggers."""

from branches.models import Branch, Member
from safety.pledges import queries
from tests.factories import MemberFactory
from tests.safety.pledges.tally import expected, stored


def test_each_signature_counts_in_its_members_branch(pledge, sign, alice, sam, bob):
    sign(alice, pledge)
    sign(sam, pledge)
    sign(bob, pledge)
    assert stored() == {(pledge.pk, alice.branch_id): 2, (pledge.pk, bob.branch_id): 1}


def test_a_member_who_moves_takes_the_signature_along(pledge, sign, alice, sam, branch_b):
    sign(alice, pledge)
    sign(sam, pledge)
    alice.branch = branch_b
    alice.save()
    assert stored() == {(pledge.pk, sam.branch_id): 1, (pledge.pk, branch_b.pk): 1}
    # An update that moves nobody leaves the tallies as they are.
    Member.objects.filter(pk=sam.pk).update(phone="13800000000")
    assert stored() == expected()


def test_a_member_who_leaves_no_longer_counts(pledge, sign, alice, sam):
    sign(alice, pledge)
    sign(sam, pledge)
    Member.objects.filter(pk=alice.pk).update(is_active=False)
    assert stored() == {(pledge.pk, sam.branch_id): 1}
    Member.objects.filter(pk=alice.pk).update(is_active=True)
    assert stored() == {(pledge.pk, sam.branch_id): 2}


def test_the_tallies_are_the_signing_rate_pages_counts(pledge, sign, alice, sam, bob):
    for member in [alice, sam, *MemberFactory.create_batch(3, branch=bob.branch)]:
        sign(member, pledge)
    rows = queries.branch_rates(pledge, Branch.objects.all())
    assert {(pledge.pk, r.pk): r.signed_count for r in rows if r.signed_count} == stored()
