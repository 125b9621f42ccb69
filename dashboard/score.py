"""The branches' score (三领三创): each indicator as 0–100 points, weighted by the committee.

score = Σ weight × points / 100, with the weights in percent adding up to 100 and the
points rounded to one decimal as the page shows them. An indicator
without any record for a branch (no meeting due yet, no members, no zone) gives 0 points:
nothing recorded, nothing earned. The page prints this module's explanations beside the
ranking, so the committee can check every figure by hand.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dashboard.models import ScoreWeight

# Points per project a branch carries in the period, up to 100.
POINTS_PER_INITIATIVE = 50


@dataclass(frozen=True)
class Indicator:
    code: str
    label: str
    pillar: str  # where it sits in 三领三创
    rule: str  # how the points are computed, for the page
    default_weight: int

    def points(self, figures, branch_id):
        return INDICATOR_POINTS[self.code](figures, branch_id)


def _or_zero(value):
    return 0.0 if value is None else float(value)


INDICATOR_POINTS = {
    "compliance": lambda f, b: _or_zero(f.compliance[b].rate),
    "attendance": lambda f, b: _or_zero(f.attendance[b].rate),
    "first_topic": lambda f, b: _or_zero(f.activities[b].first_topic_rate),
    "study": lambda f, b: _or_zero(f.study[b].rate),
    "pledge": lambda f, b: _or_zero(f.pledges[b].rate),
    "safety": lambda f, b: _or_zero(f.safety[b].clean_rate),
    "hazards": lambda f, b: _or_zero(f.hazards[b].in_time_rate),
    "initiatives": lambda f, b: float(min(100, POINTS_PER_INITIATIVE * f.initiatives[b].carried)),
}

INDICATORS = [
    Indicator(
        "compliance",
        _("Required meetings held"),
        _("Organisational guidance"),
        _("Required meetings met ÷ required meetings met or missed in the period × 100"),
        20,
    ),
    Indicator(
        "attendance",
        pgettext_lazy("dashboard", "Attendance rate"),
        _("Organisational guidance"),
        _("Members present ÷ members expected at held activities × 100"),
        10,
    ),
    Indicator(
        "first_topic",
        _("First agenda item coverage"),
        _("Ideological guidance"),
        _("Meetings that opened with the first agenda item ÷ meetings held × 100"),
        10,
    ),
    Indicator(
        "study",
        _("Safety study participation"),
        _("Ideological guidance"),
        _("Members present ÷ members invited at the three-study sessions held × 100"),
        10,
    ),
    Indicator(
        "pledge",
        _("Pledge signing rate"),
        _("Value creation"),
        _("Active members who signed the pledge in force ÷ active members × 100"),
        10,
    ),
    Indicator(
        "safety",
        _("Zones without violation"),
        _("Value creation"),
        _("Responsibility zones without a violation in the period ÷ zones × 100"),
        10,
    ),
    Indicator(
        "hazards",
        _("Hazards fixed in time"),
        _("Value creation"),
        _("Hazards reported in the period and not overdue now ÷ hazards reported × 100"),
        15,
    ),
    Indicator(
        "initiatives",
        _("Projects carried"),
        _("Mechanism innovation"),
        _("50 points per demonstration or listed project the branch carries, at most 100"),
        15,
    ),
]
BY_CODE = {i.code: i for i in INDICATORS}


def weights():
    """{indicator code: weight in percent}: the committee's rows, else the defaults (one query).

    An indicator without a row weighs 0 once the committee has saved its own weights.
    """
    saved = dict(ScoreWeight.objects.values_list("indicator", "weight"))
    if not saved:
        return {i.code: i.default_weight for i in INDICATORS}
    return {i.code: saved.get(i.code, 0) for i in INDICATORS}


@dataclass
class BranchScore:
    branch: object
    points: dict  # code → 0–100
    weighted: dict  # code → points × weight / 100
    score: float
    rank: int = 0


def score(figures, weight_of):
    """Each branch's points, weighted points and score, ranked best first (no query).

    Ties share a rank; the order among them is the branches' own.
    """
    result = []
    for branch in figures.branches:
        points = {i.code: round(i.points(figures, branch.pk), 1) for i in INDICATORS}
        # From the points as shown, in decimals rounded halves up: the page checks by hand.
        exact = {code: Decimal(str(points[code])) * weight_of[code] / 100 for code in points}
        weighted = {c: float(v.quantize(Decimal("0.01"), ROUND_HALF_UP)) for c, v in exact.items()}
        score_ = float(sum(exact.values()).quantize(Decimal("0.1"), ROUND_HALF_UP))
        result.append(BranchScore(branch, points, weighted, score_))
    result.sort(key=lambda s: -s.score)
    previous = None
    for position, row in enumerate(result, start=1):
        row.rank = previous.rank if previous and previous.score == row.score else position
        previous = row
    return result


@dataclass(frozen=True)
class Standing:
    """Where one branch stands: its rank among the company's branches and its 党总支's, and
    the company's median score. Ranks and a median only: a secretary reads no other
    branch's name or figures (hongjun.access), so no other row is shown, not even
    anonymised (in a 党总支 of three branches an anonymous row is a known one)."""

    score: float
    rank: int
    of: int
    median: float
    general: object = None
    general_rank: int = 0
    general_of: int = 0


def _ranked(scores):
    """Ranks of `scores` (best first), ties sharing a rank, as `score` gives them."""
    ranks, previous = [], None
    for position, value in enumerate(sorted(scores, reverse=True), start=1):
        ranks.append(ranks[-1] if previous == value else position)
        previous = value
    return dict(zip(sorted(scores, reverse=True), ranks, strict=True))


def standing(branch, company_scores):
    """`branch`'s Standing among `company_scores` (every branch's `score`, no query)."""
    mine = next(s for s in company_scores if s.branch.pk == branch.pk)
    values = sorted(s.score for s in company_scores)
    middle = len(values) // 2
    median = values[middle] if len(values) % 2 else (values[middle - 1] + values[middle]) / 2
    result = {
        "score": mine.score,
        "rank": mine.rank,
        "of": len(company_scores),
        "median": round(median, 1),
    }
    if branch.general_branch_id:
        siblings = [
            s.score
            for s in company_scores
            if s.branch.general_branch_id == branch.general_branch_id
        ]
        result.update(
            general=branch.general_branch,
            general_rank=_ranked(siblings)[mine.score],
            general_of=len(siblings),
        )
    return Standing(**result)
