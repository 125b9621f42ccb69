"""Every indicator against figures counted by hand on the known company (see conftest)."""

import datetime
from decimal import Decimal

from branches.compliance import period_of
from branches.models import ActivityKind, Branch
from dashboard import indicators
from hongjun.themes import Theme
from initiatives.models import Initiative
from safety.pledges import queries as safety_queries

from .conftest import TODAY

Q1 = period_of("quarter", datetime.date(2026, 1, 1))
MAY = period_of("month", datetime.date(2026, 5, 1))
YEAR_2024 = period_of("year", datetime.date(2024, 1, 1))


def figures(known, period, is_company=False):
    branches = [known.a, known.b, known.office]
    return indicators.collect(branches, period, TODAY, is_company=is_company)


def test_compliance_counts_met_and_missed_cadence_periods(known):
    f = figures(known, Q1)
    a = f.compliance[known.a.pk]
    # 支委会: January and February met, March missed; 党员大会: Q1 met.
    assert (a.done, a.overdue, a.due, a.rate) == (3, 1, 0, 75.0)
    assert a.by_rule == {"committee_meeting": [2, 3], "general_meeting": [1, 1]}
    b = f.compliance[known.b.pk]
    assert (b.done, b.overdue, b.rate) == (0, 4, 0.0)


def test_compliance_of_a_running_period_leaves_unmet_periods_out(known):
    a = figures(known, MAY).compliance[known.a.pk]
    # May's 支委会 and Q2's 党员大会 are still running and not met: neither met nor missed.
    assert (a.done, a.overdue, a.due, a.rate) == (0, 0, 2, None)


def test_a_quarterly_rule_in_a_month_view_is_judged_on_its_quarter(known):
    march = period_of("month", datetime.date(2026, 3, 1))
    a = figures(known, march).compliance[known.a.pk]
    assert a.by_rule == {"committee_meeting": [0, 1], "general_meeting": [1, 1]}


def test_activities_by_kind_and_theme_count_held_only(known):
    a = figures(known, Q1).activities[known.a.pk]
    assert a.total == 4
    assert dict(a.by_kind) == {
        ActivityKind.COMMITTEE_MEETING: 2,
        ActivityKind.PARTY_LECTURE: 1,
        ActivityKind.GENERAL_MEETING: 1,
    }
    assert dict(a.by_theme) == {Theme.SAFETY: 2, Theme.TALENT: 1, Theme.GREEN: 1}


def test_first_topic_coverage_counts_meetings_not_lectures(known):
    a = figures(known, Q1).activities[known.a.pk]
    assert (a.first_topic, a.meetings, a.first_topic_rate) == (2, 3, 66.7)


def test_attendance_rate_is_present_over_expected(known):
    t = figures(known, Q1).attendance[known.a.pk]
    assert (t.present, t.excused, t.absent, t.expected, t.rate) == (5, 1, 1, 7, 71.4)


def test_pledge_rate_uses_the_version_in_force_at_the_periods_end(known):
    f = figures(known, Q1)
    assert f.pledge_version == known.v1
    a, b, office = (f.pledges[x.pk] for x in (known.a, known.b, known.office))
    # Active members only: the one who left is not counted.
    assert (a.signed, a.members, a.rate) == (1, 3, 33.3)
    assert (b.signed, b.members, b.rate) == (1, 1, 100.0)
    assert (office.signed, office.members, office.rate) == (0, 1, 0.0)
    year = figures(known, period_of("year", TODAY))
    assert year.pledge_version == known.v2
    assert year.pledges[known.a.pk].signed == 0


def test_pledge_counts_are_those_of_the_signing_rate_pages(known):
    """The dashboard counts by branch id; the rates page, which its numbers link to, by
    branch row: the same members and signatures."""
    f = figures(known, Q1)
    rows = safety_queries.branch_rates(
        f.pledge_version, Branch.objects.filter(pk__in=[b.pk for b in f.branches])
    )
    assert {r.pk: (r.active_count, r.signed_count) for r in rows} == {
        pk: (p.members, p.signed) for pk, p in f.pledges.items()
    }


def test_no_pledge_published_by_then_gives_no_rate(known):
    f = figures(known, YEAR_2024)
    assert f.pledge_version is None
    assert f.pledges[known.a.pk].rate is None


def test_safety_counts_zones_violations_and_days(known):
    s = figures(known, Q1).safety[known.a.pk]
    # Z3 was set up after the quarter; Z1 had the February violation.
    assert (s.zones, s.zones_with_violation, s.clean_rate) == (2, 1, 50.0)
    assert s.violations == 1
    assert s.by_severity == {"minor": 0, "serious": 1, "severe": 0}
    assert (
        s.days_without_violation == (datetime.date(2026, 3, 31) - datetime.date(2026, 2, 15)).days
    )


def test_days_without_violation_of_the_running_month_count_to_today(known):
    s = figures(known, MAY).safety[known.a.pk]
    assert (s.zones, s.violations, s.clean_rate) == (3, 0, 100.0)
    assert s.days_without_violation == (TODAY - datetime.date(2026, 2, 15)).days == 94


def test_a_branch_without_zones_has_no_days(known):
    s = figures(known, Q1).safety[known.b.pk]
    assert (s.zones, s.days_without_violation, s.clean_rate) == (0, None, None)


def test_initiatives_running_in_the_period_by_theme_and_status(known):
    f = figures(known, Q1, is_company=True)
    a = f.initiatives[known.a.pk]
    # The 2025 project and the draft are out; the cancelled one shows but is not carried.
    assert dict(a.by_theme_status) == {
        (Theme.GREEN, Initiative.Status.IN_PROGRESS): 1,
        (Theme.INNOVATION, Initiative.Status.CANCELLED): 1,
    }
    assert a.carried == 1
    assert dict(f.initiatives[None].by_theme_status) == {
        (Theme.SAFETY, Initiative.Status.PUBLISHED): 1
    }
    assert None not in figures(known, Q1).initiatives


def test_outcomes_add_up_reports_made_in_the_period(known):
    totals = {(r["theme"], r["unit"]): r["total"] for r in figures(known, Q1).outcomes}
    assert totals == {("green", "kwh"): Decimal("1000"), ("green", "t_co2"): Decimal("0.5")}
    year = {
        (r["theme"], r["unit"]): r["total"]
        for r in figures(known, period_of("year", TODAY)).outcomes
    }
    assert year[("green", "kwh")] == Decimal("1200")


def test_outcomes_of_a_branch_scope_leave_other_branches_out(known):
    only_b = indicators.collect([known.b], Q1, TODAY)
    assert only_b.outcomes == []


def test_green_power_of_the_quarter_against_the_target(known):
    g = figures(known, Q1).green_power
    assert g.months == [
        (datetime.date(2026, 1, 1), 30.0),
        (datetime.date(2026, 2, 1), 32.5),
        (datetime.date(2026, 3, 1), 35.0),
    ]
    assert (g.latest, g.average, g.gap, g.target) == (
        (datetime.date(2026, 3, 1), 35.0),
        32.5,
        5.0,
        40,
    )
    assert len(g.trend) == 18 and g.trend[0] == (datetime.date(2024, 10, 1), None)


def test_totals_add_branches_up_and_keep_the_fewest_days(known):
    f = figures(known, Q1)
    c, t, p = f.total("compliance"), f.total("attendance"), f.total("pledges")
    assert (c.done, c.overdue, c.rate) == (3, 9, 25.0)
    assert (t.present, t.expected) == (5, 7)
    assert (p.signed, p.members, p.rate) == (2, 5, 40.0)
    assert f.total("safety").days_without_violation == 44


def test_an_empty_period_gives_nothing_to_divide(known):
    f = figures(known, YEAR_2024)
    a = f.activities[known.a.pk]
    assert (a.total, a.first_topic_rate) == (0, None)
    assert f.attendance[known.a.pk].rate is None
    assert f.safety[known.a.pk].days_without_violation is None
    assert f.outcomes == [] and f.green_power.latest is None
    # 2024 ended long ago: every cadence period was missed.
    assert f.compliance[known.a.pk].rate == 0.0


def test_hazards_open_and_overdue_by_severity(known):
    h = figures(known, Q1).hazards[known.a.pk]
    # Reported by 31 March and open today: H1 (major), H3 (serious), H5 (general, 2025).
    assert h.open_by_severity == {"general": 1, "serious": 1, "major": 1}
    assert h.overdue_by_severity == {"general": 1, "serious": 0, "major": 1}
    # Reported in the quarter: H1, H2, H3; of those only H1 is overdue now.
    assert (h.reported, h.late, h.in_time_rate) == (3, 1, 66.7)


def test_hazards_of_the_year_include_those_reported_since(known):
    h = figures(known, period_of("year", TODAY)).hazards[known.a.pk]
    assert (h.open, h.overdue, h.reported, h.late) == (4, 2, 4, 1)
    assert figures(known, Q1).hazards[known.b.pk].in_time_rate is None


def test_study_participation_by_mode_counts_each_members_own_branch(known):
    f = figures(known, Q1)
    a = f.study[known.a.pk]
    assert a.by_mode == {"committee_led": [2, 1], "branch_study": [3, 2], "mentor": [1, 1]}
    assert (a.invited, a.present, a.rate) == (6, 4, 66.7)
    assert f.study[known.b.pk].by_mode["committee_led"] == [1, 1]


def test_study_sessions_still_to_come_do_not_count(known):
    a = figures(known, period_of("year", TODAY)).study[known.a.pk]
    assert a.by_mode["branch_study"] == [3, 2]
