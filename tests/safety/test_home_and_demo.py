"""The pledge prompt on the home page, and the demo's chain."""

import io

from django.core.management import call_command
from django.urls import reverse

from safety.models import PledgeSignature, SafetyZone, Violation
from safety.pledges import queries


def test_unsigned_member_sees_the_prompt_first_on_home(client_for, alice, pledge):
    body = client_for(alice).get(reverse("home")).content.decode()
    assert "请签署本年度安全承诺书" in body
    assert body.index("请签署本年度安全承诺书") < body.index("我的支部")
    assert reverse("safety:sign") in body


def test_prompt_goes_away_once_signed(client_for, alice, pledge, sign):
    sign(alice, pledge)
    assert "请签署本年度安全承诺书" not in client_for(alice).get(reverse("home")).content.decode()


def test_no_prompt_without_a_published_pledge(client_for, alice):
    assert "请签署本年度安全承诺书" not in client_for(alice).get(reverse("home")).content.decode()


def test_prompt_costs_one_query(alice, pledge, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert queries.pledge_prompt(alice) == pledge


def test_demo_seeds_twice_with_a_verifying_chain(db):
    call_command("seed_demo", stdout=io.StringIO())
    counts = (
        PledgeSignature.objects.count(),
        SafetyZone.objects.count(),
        Violation.objects.count(),
    )
    call_command("seed_demo", stdout=io.StringIO())
    assert counts == (
        PledgeSignature.objects.count(),
        SafetyZone.objects.count(),
        Violation.objects.count(),
    )
    current = queries.current_version()
    assert not current.signatures.filter(member__user__username="member").exists()
    # About 70 % of the members who have an account (only they can sign) signed this year's.
    with_account = current.signatures.model.member.field.related_model.objects.filter(
        user__isnull=False
    )
    assert 0.6 < current.signatures.count() / with_account.count() < 0.8
    out = io.StringIO()
    call_command("verify_pledges", stdout=out)
    assert "intact" in out.getvalue()
