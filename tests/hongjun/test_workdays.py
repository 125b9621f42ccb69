"""The working-day calendar: weekends, the State Council's holidays and their 调休 days."""

import datetime

import pytest

from hongjun import workdays

D = datetime.date


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (D(2026, 10, 9), True),  # a Friday after 国庆
        (D(2026, 10, 10), True),  # 调休: a Saturday worked (国务院办公厅 2026 notice)
        (D(2026, 10, 11), False),  # the Sunday after it
        (D(2026, 9, 20), True),  # 调休: a Sunday worked before 国庆
        (D(2026, 10, 5), False),  # a Monday in 国庆
        (D(2026, 2, 14), True),  # 调休 Saturday before 春节
        (D(2026, 2, 23), False),  # a Monday, last day of 春节
        (D(2025, 10, 8), False),  # 国庆、中秋 2025 ran to 8 October
        (D(2025, 10, 11), True),  # 调休 Saturday 2025
        (D(2024, 2, 18), True),  # 调休 Sunday 2024
        (D(2024, 2, 16), False),  # a Friday in 春节 2024
        (D(2027, 2, 8), False),  # 2027: statutory 春节 (除夕 to 初三), provisional
        (D(2027, 2, 9), True),
        (D(2028, 1, 3), True),  # no data: Monday to Friday
        (D(2028, 1, 1), False),
    ],
)
def test_working_days_follow_the_notices(day, working):
    assert workdays.is_working_day(day) is working


def test_fifth_working_day_across_national_day_2026():
    # A notice posted on Monday 28 September 2026: 28, 29, 30 September, then 国庆 1–7
    # October off, 8 and 9 October are the 4th and 5th working days.
    assert workdays.nth_working_day(D(2026, 9, 28), 5) == D(2026, 10, 9)
    assert workdays.working_days_between(D(2026, 9, 28), D(2026, 10, 8)) == 4
    assert workdays.working_days_between(D(2026, 9, 28), D(2026, 10, 9)) == 5


def test_a_tiaoxiu_saturday_counts():
    # From Wednesday 7 October 2026: 8 Thu, 9 Fri, 10 Sat (worked), 12 Mon, 13 Tue.
    assert workdays.nth_working_day(D(2026, 10, 7), 5) == D(2026, 10, 13)
    # Without the worked Saturday the 5th would be Wednesday 14th.
    assert workdays.working_days_between(D(2026, 10, 10), D(2026, 10, 10)) == 1


def test_fifth_working_day_across_spring_festival_2026():
    # From Thursday 12 February 2026: 12, 13, 14 (Saturday worked), then 15–23 off: the
    # 4th working day is Tuesday 24, the 5th Wednesday 25 February.
    assert workdays.nth_working_day(D(2026, 2, 12), 5) == D(2026, 2, 25)
    assert workdays.add_working_days(D(2026, 2, 13), 1) == D(2026, 2, 14)


def test_a_period_starting_on_a_holiday_counts_from_the_next_working_day():
    assert workdays.nth_working_day(D(2026, 10, 1), 1) == D(2026, 10, 8)
    assert workdays.working_days_between(D(2026, 10, 9), D(2026, 10, 8)) == 0


def test_provisional_years_are_flagged():
    assert not workdays.is_provisional(D(2026, 12, 31))
    assert workdays.is_provisional(D(2027, 3, 1))
    assert workdays.is_provisional(D(2028, 3, 1))
    for year in (2024, 2025, 2026):
        assert "国务院办公厅" in workdays.HOLIDAY_YEARS[year].source
        # Every worked day is a weekend day, and no day is both off and worked.
        data = workdays.HOLIDAY_YEARS[year]
        assert all(d.weekday() >= 5 and d.year == year for d in data.worked_weekend_days)
        assert not data.days_off & data.worked_weekend_days
