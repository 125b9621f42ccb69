"""The demo's transfers, talks, per-group meetings and appraisals follow the rules."""

import datetime

from django.core.management import call_command
from django.db.models import Count, Q
from django.utils import timezone

from affairs.models import Appraisal, AppraisalResult, Talk, Transfer, excellent_allowed
from affairs.talks.queries import coverage
from affairs.transfers.queries import expired_letters
from branches import compliance
from branches.models import Activity, Branch, Member


def test_demo_letters_move_in_talks_groups_and_appraisals(db):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    today = timezone.localdate()
    # Letters: every move out carries one of three months at most; one came back with its
    # 回执, one ran out without.
    outs = Transfer.objects.filter(kind="out")
    assert outs.count() >= 3
    for t in outs:
        assert t.letter_issued_on and t.dues_paid_until
        assert t.letter_valid_until <= t.letter_issued_on + datetime.timedelta(days=92)
    assert outs.filter(receipt_on__isnull=False).exists()
    assert any(t.letter_expired(today) for t in expired_letters())
    # A member received from outside, in a branch and a group, with history from that day.
    received = Transfer.objects.get(kind="in")
    member = received.member
    assert member.party_group and member.party_group.branch == member.branch
    assert member.memberships.get().start == received.moved_on
    assert not Talk.objects.filter(
        Q(talker=member) | Q(talkee=member), held_on__lt=received.moved_on
    ).exists()
    # Talks: the secretary's with most members; not every branch fully covered.
    assert Talk.objects.filter(held_on__year=today.year).count() > 20
    rows = coverage(Branch.objects.all(), today.year)
    assert all(r.covered > 0 for r in rows if r.members > 2)
    assert any(not r.complete for r in rows)
    # Appraisals: 优秀 within a third of those graded; no grade for a 预备党员.
    for appraisal in Appraisal.objects.annotate(
        graded=Count("participants", distinct=True) - Count("ungraded", distinct=True),
        excellent=Count("results", filter=Q(results__rating="excellent"), distinct=True),
    ):
        assert appraisal.excellent <= excellent_allowed(appraisal.graded), appraisal
    assert not AppraisalResult.objects.filter(member__status=Member.Status.PROBATIONARY).exists()
    # 组织生活会: last year's held in January of this year, counted for last year.
    january = Activity.objects.filter(kind="life_meeting", starts_at__month=1).first()
    assert january and january.for_year == january.starts_at.year - 1
    # One branch's second group missed last month's 党小组会: the branch is overdue on it.
    branch = Branch.objects.get(name="电解二车间党支部")
    [row] = compliance.compliance_for([branch], on=today)
    groups = next(r for r in row.rules if r.rule.kind == "group_meeting")
    assert groups.previous.state == compliance.OVERDUE
