"""The working-day calendar: weekends, the State Council's public holidays and their 调休 days.

A 公示 of "不少于5个工作日" is counted on this calendar. Each year is data taken from the
国务院办公厅's notice on that year's holidays (named beside it): the days off (放假, 调休
included) and the weekend days that are worked instead (调休上班). A day is a working day
when it is a Monday to Friday not in the year's days off, or a weekend day in its worked days.

A year without a notice yet (2027 until the 国务院办公厅 publishes it) holds the statutory
holidays of the 《全国年节及纪念日放假办法》 (2024 revision, 国务院令第795号) on their dates,
without 调休, and is marked provisional; years outside the table count weekends only. The
pages say when a count rests on a provisional year (`is_provisional`).
"""

import datetime
from dataclasses import dataclass

D = datetime.date
ONE_DAY = datetime.timedelta(days=1)


def _span(first, last):
    """Every day from `first` to `last`, both included."""
    return {first + datetime.timedelta(days=n) for n in range((last - first).days + 1)}


@dataclass(frozen=True)
class HolidayYear:
    """One year's holidays as its notice sets them."""

    year: int
    source: str
    days_off: frozenset
    worked_weekend_days: frozenset
    provisional: bool = False


def _year(year, source, off, worked, provisional=False):
    days = set()
    for first, last in off:
        days |= _span(first, last)
    return HolidayYear(year, source, frozenset(days), frozenset(worked), provisional)


HOLIDAY_YEARS = {
    y.year: y
    for y in [
        _year(
            2024,
            "国务院办公厅关于2024年部分节假日安排的通知（国办发明电〔2023〕7号）",
            [
                (D(2024, 1, 1), D(2024, 1, 1)),  # 元旦
                (D(2024, 2, 10), D(2024, 2, 17)),  # 春节
                (D(2024, 4, 4), D(2024, 4, 6)),  # 清明节
                (D(2024, 5, 1), D(2024, 5, 5)),  # 劳动节
                (D(2024, 6, 10), D(2024, 6, 10)),  # 端午节
                (D(2024, 9, 15), D(2024, 9, 17)),  # 中秋节
                (D(2024, 10, 1), D(2024, 10, 7)),  # 国庆节
            ],
            [
                D(2024, 2, 4),
                D(2024, 2, 18),
                D(2024, 4, 7),
                D(2024, 4, 28),
                D(2024, 5, 11),
                D(2024, 9, 14),
                D(2024, 9, 29),
                D(2024, 10, 12),
            ],
        ),
        _year(
            2025,
            "国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号）",
            [
                (D(2025, 1, 1), D(2025, 1, 1)),  # 元旦
                (D(2025, 1, 28), D(2025, 2, 4)),  # 春节
                (D(2025, 4, 4), D(2025, 4, 6)),  # 清明节
                (D(2025, 5, 1), D(2025, 5, 5)),  # 劳动节
                (D(2025, 5, 31), D(2025, 6, 2)),  # 端午节
                (D(2025, 10, 1), D(2025, 10, 8)),  # 国庆节、中秋节
            ],
            [D(2025, 1, 26), D(2025, 2, 8), D(2025, 4, 27), D(2025, 9, 28), D(2025, 10, 11)],
        ),
        _year(
            2026,
            "国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日）",
            [
                (D(2026, 1, 1), D(2026, 1, 3)),  # 元旦
                (D(2026, 2, 15), D(2026, 2, 23)),  # 春节
                (D(2026, 4, 4), D(2026, 4, 6)),  # 清明节
                (D(2026, 5, 1), D(2026, 5, 5)),  # 劳动节
                (D(2026, 6, 19), D(2026, 6, 21)),  # 端午节
                (D(2026, 9, 25), D(2026, 9, 27)),  # 中秋节
                (D(2026, 10, 1), D(2026, 10, 7)),  # 国庆节
            ],
            [
                D(2026, 1, 4),
                D(2026, 2, 14),
                D(2026, 2, 28),
                D(2026, 5, 9),
                D(2026, 9, 20),
                D(2026, 10, 10),
            ],
        ),
        _year(
            2027,
            "《全国年节及纪念日放假办法》第二条（国务院令第795号）的法定假日；"
            "2027年的放假调休通知发布后按通知更新",
            [
                (D(2027, 1, 1), D(2027, 1, 1)),  # 元旦
                (D(2027, 2, 5), D(2027, 2, 8)),  # 春节：除夕至正月初三
                (D(2027, 4, 5), D(2027, 4, 5)),  # 清明节
                (D(2027, 5, 1), D(2027, 5, 2)),  # 劳动节
                (D(2027, 6, 9), D(2027, 6, 9)),  # 端午节
                (D(2027, 9, 15), D(2027, 9, 15)),  # 中秋节
                (D(2027, 10, 1), D(2027, 10, 3)),  # 国庆节
            ],
            [],
            provisional=True,
        ),
    ]
}


def is_provisional(day):
    """True when `day`'s year has no 国务院办公厅 notice in the table (its count may change)."""
    year = HOLIDAY_YEARS.get(day.year)
    return year is None or year.provisional


def is_working_day(day):
    year = HOLIDAY_YEARS.get(day.year)
    if year is not None:
        if day in year.worked_weekend_days:
            return True
        if day in year.days_off:
            return False
    return day.weekday() < 5


def working_days_between(first, last):
    """The number of working days from `first` to `last`, both included (0 if last < first)."""
    count = 0
    day = first
    while day <= last:
        count += is_working_day(day)
        day += ONE_DAY
    return count


def add_working_days(day, n):
    """The `n`th working day after `day` (`day` itself not counted); n ≥ 1."""
    while n > 0:
        day += ONE_DAY
        n -= is_working_day(day)
    return day


def nth_working_day(first, n):
    """The day on which a period starting on `first` (counted if it is a working day)
    reaches its `n`th working day: a 公示 from `first` of 5 working days ends on
    `nth_working_day(first, 5)`."""
    return add_working_days(first - ONE_DAY, n)
