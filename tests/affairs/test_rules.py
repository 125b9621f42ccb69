"""The rules kept as data: step intervals and deadlines, dues bands, at every boundary."""

import datetime
from decimal import Decimal

import pytest

from affairs.models import (
    DUES_BANDS,
    NO_INCOME_DUES,
    RECRUITMENT_STEPS,
    DuesCategory,
    Rating,
    RecruitmentRecord,
    Stage,
    add_months,
    dues_for_income,
    earliest_after,
)
from affairs.recruitment.queries import plan
from affairs.recruitment.services import check_step_date

D = datetime.date
TODAY = D(2026, 6, 1)


def test_stages_and_steps_are_defined_once_in_order():
    assert Stage.values == [
        "applicant",
        "activist",
        "candidate",
        "probationary",
        "full",
        "cancelled",
    ]
    stages = [s.stage for s in RECRUITMENT_STEPS]
    assert [Stage.values.index(s) for s in stages] == sorted(Stage.values.index(s) for s in stages)
    assert Rating.values == ["excellent", "qualified", "basic", "unqualified"]


@pytest.mark.parametrize(
    ("activist", "candidate", "allowed"),
    [
        (D(2024, 5, 10), D(2025, 5, 10), True),  # exactly one year
        (D(2024, 5, 10), D(2025, 5, 9), False),  # a day short
        (D(2024, 2, 29), D(2025, 2, 28), False),  # leap day: the year is not yet full
        (D(2024, 2, 29), D(2025, 3, 1), True),
    ],
)
def test_a_year_as_activist_before_becoming_candidate(activist, candidate, allowed):
    dates = {"application": D(2023, 1, 1), "talk": D(2023, 1, 5), "activist": activist}
    dates |= {"contacts": activist, "candidate": candidate}
    problem = check_step_date("candidate", candidate, dates, TODAY)
    assert (problem is None) is allowed
    if not allowed:
        assert "不能早于" in problem


@pytest.mark.parametrize(
    ("vote", "conversion_vote", "allowed"),
    [
        (D(2025, 3, 1), D(2026, 3, 1), True),  # exactly one year (党章 第七条)
        (D(2025, 3, 1), D(2026, 2, 28), False),
    ],
)
def test_a_year_of_probation_before_the_full_membership_vote(vote, conversion_vote, allowed):
    dates = {"vote": vote, "oath": vote, "conversion_request": vote}
    problem = check_step_date("conversion_vote", conversion_vote, dates, TODAY)
    assert (problem is None) is allowed


def test_talk_deadline_is_a_month_after_application_clamped_in_february():
    # 31 January + one month: 29 February in a leap year, 28 February otherwise.
    assert add_months(D(2024, 1, 31), 1) == D(2024, 2, 29)
    assert add_months(D(2023, 1, 31), 1) == D(2023, 2, 28)
    p = plan({"application": RecruitmentRecord(done_on=D(2024, 1, 31))}, D(2024, 3, 1))
    assert p.step.code == "talk"
    assert p.deadline == D(2024, 2, 29)
    assert p.overdue
    assert not plan(
        {"application": RecruitmentRecord(done_on=D(2024, 1, 31))}, D(2024, 2, 29)
    ).overdue


def test_earliest_after_never_shortens_an_interval():
    assert earliest_after(D(2024, 2, 29), 12) == D(2025, 3, 1)
    assert earliest_after(D(2024, 2, 29), 48) == D(2028, 2, 29)
    assert earliest_after(D(2025, 1, 31), 1) == D(2025, 3, 1)


def test_future_date_and_out_of_order_date_are_refused():
    assert check_step_date("talk", D(2026, 6, 2), {"application": D(2026, 5, 1)}, TODAY)
    assert check_step_date("talk", D(2026, 4, 30), {"application": D(2026, 5, 1)}, TODAY)
    assert check_step_date("talk", D(2026, 5, 1), {"application": D(2026, 5, 1)}, TODAY) is None


@pytest.mark.parametrize(
    ("income", "category", "dues", "rate"),
    [
        ("0", DuesCategory.IN_SERVICE, "0.00", "0.5"),
        ("3000", DuesCategory.IN_SERVICE, "15.00", "0.5"),  # the edge belongs to the lower band
        ("3000.01", DuesCategory.IN_SERVICE, "30.00", "1"),
        ("5000", DuesCategory.IN_SERVICE, "50.00", "1"),
        ("5000.01", DuesCategory.IN_SERVICE, "75.00", "1.5"),
        ("10000", DuesCategory.IN_SERVICE, "150.00", "1.5"),
        ("10000.01", DuesCategory.IN_SERVICE, "200.00", "2"),
        ("1000000", DuesCategory.IN_SERVICE, "20000.00", "2"),
        ("5000", DuesCategory.RETIRED, "25.00", "0.5"),
        ("5000.01", DuesCategory.RETIRED, "50.00", "1"),
        ("4321.50", DuesCategory.IN_SERVICE, "43.22", "1"),  # half-up to the fen
    ],
)
def test_dues_bands_at_their_edges(income, category, dues, rate):
    assert dues_for_income(Decimal(income), category) == (Decimal(dues), Decimal(rate))


def test_members_without_income_pay_the_fixed_amount():
    assert dues_for_income(Decimal("0"), DuesCategory.NO_INCOME) == (Decimal("0.20"), None)
    assert Decimal("0.20") == NO_INCOME_DUES
    assert DUES_BANDS[DuesCategory.IN_SERVICE][-1][0] is None
