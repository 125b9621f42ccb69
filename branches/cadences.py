"""The default cadence rules as data: each required activity's minimum and its source.

The `Cadence` table is the truth the portal judges by: the committee edits its rows in the
admin. This constant is what a fresh database starts with and what the demo and the company
generators schedule by, so the three agree. Migration 0003 seeded the table from a frozen
copy of these rows (a migration must not import code that changes after it has run);
`tests/branches/test_cadences.py` holds the two equal. Changing a default is a change here
and a data migration for the databases already seeded.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class DefaultCadence:
    """One rule: at least `minimum` held activities of `kind` per `period` (month, quarter,
    year), as `source` asks. `held_in` is the month of the period (1 = its first) in which
    the generators hold it: the 2nd month of a quarter for the general meeting, December for
    the yearly meetings (the 条例 puts 组织生活会 in the fourth quarter)."""

    kind: str
    period: str
    minimum: int
    source: str
    held_in: int = 1

    def is_held_in(self, month):
        """Whether the generators hold it in calendar month `month` (1–12)."""
        length = {"month": 1, "quarter": 3, "year": 12}[self.period]
        return (month - 1) % length + 1 == self.held_in


# The 支部工作条例 (2018) article, or the older 三会一课 rule a company still applies.
REGULATION = "中国共产党支部工作条例（试行）"

DEFAULTS = (
    # 党员大会 "一般每季度召开1次", 支委会 "一般每月召开1次", 党小组会 "一般每月召开1次".
    DefaultCadence("general_meeting", "quarter", 1, f"{REGULATION}第十一条", held_in=2),
    DefaultCadence("committee_meeting", "month", 1, f"{REGULATION}第十二条"),
    DefaultCadence("group_meeting", "month", 1, f"{REGULATION}第十三条"),
    # The 条例 asks the secretary for one 党课 a year; quarterly is the 三会一课 rule.
    DefaultCadence("party_lecture", "quarter", 1, "“三会一课”制度：党课每季度一次", held_in=3),
    DefaultCadence("theme_day", "month", 1, f"{REGULATION}第二十条"),
    DefaultCadence("life_meeting", "year", 1, f"{REGULATION}第二十一条", held_in=12),
    DefaultCadence("appraisal", "year", 1, f"{REGULATION}第二十二条", held_in=12),
)
BY_KIND = {rule.kind: rule for rule in DEFAULTS}

# How a kind is counted, where not by the branch's held activities of the period.
#
# 党小组会 is each 党小组's own meeting: a branch with three groups has met the rule for a
# period only when every group held its minimum (a branch without groups counts its group
# meetings as one group's).
PER_GROUP_KINDS = {"group_meeting": f"{REGULATION}第十三条：党小组会一般每月召开1次"}
# 组织生活会 and 民主评议 are held for a 年度 (often in January for the year before): an
# activity counts for its `for_year` (the year held when empty), and a closed 民主评议 record
# (`affairs.Appraisal`) counts as that year's 民主评议 without an activity besides.
FOR_YEAR_KINDS = {
    "life_meeting": f"{REGULATION}第二十一条：每年至少召开1次组织生活会",
    "appraisal": f"{REGULATION}第二十二条：一般每年开展1次民主评议党员",
}


def held_in(kind, month):
    """Whether the generators hold a `kind` with a default rule in calendar month `month`."""
    return BY_KIND[kind].is_held_in(month)
