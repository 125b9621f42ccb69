"""民主评议党员 reads: ballots cast, the tally, open ballots for a member."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q

from affairs.models import (
    Appraisal,
    AppraisalResult,
    BallotReceipt,
    Rating,
    SelfAssessment,
    VoteCount,
)
from branches.models import Member

# Reminders look this far ahead for steps that fall due.
REMINDER_WINDOW = datetime.timedelta(days=14)


# 民主评议党员 ----------------------------------------------------------------------------


def appraisals_with_rates(appraisals):
    """Appraisals with participants, ballots and results counted by rating (one query)."""
    counts = {
        f"n_{r}": Count("results", filter=Q(results__rating=r), distinct=True)
        for r in Rating.values
    }
    rows = list(
        appraisals.select_related("branch")
        .annotate(
            n_participants=Count("participants", distinct=True),
            n_ballots=Count("receipts", distinct=True),
            n_results=Count("results", distinct=True),
            **counts,
        )
        .order_by("-year", "branch__order", "branch__name")
    )
    for a in rows:
        a.rating_counts = [
            (r, label, getattr(a, f"n_{r}"), _percent(getattr(a, f"n_{r}"), a.n_results))
            for r, label in Rating.choices
        ]
        a.turnout = _percent(a.n_ballots, a.n_participants)
    return rows


def _percent(part, whole):
    return round(100 * part / whole) if whole else None


@dataclass
class SubjectTally:
    member: Member
    counts: list
    self_rating: str | None = None
    result: object = None


def ungraded_participants(appraisal):
    """The 预备党员 who take part without a grade, by name (one query)."""
    return list(appraisal.ungraded.order_by("name"))


def graded_participants(appraisal):
    """The participants who are graded and rated on ballots, by name (one query)."""
    return list(
        appraisal.participants.exclude(pk__in=appraisal.ungraded.values("pk")).order_by("name")
    )


def appraisal_tally(appraisal):
    """The graded participants (not the 预备党员) with the votes they received per rating,
    their self-assessment and the settled result. Five queries; votes are only ever
    counted, never listed."""
    participants = graded_participants(appraisal)
    votes = {
        (subject, rating): n
        for subject, rating, n in VoteCount.objects.filter(appraisal=appraisal).values_list(
            "subject_id", "rating", "ballots"
        )
    }
    selfs = dict(
        SelfAssessment.objects.filter(appraisal=appraisal).values_list("member_id", "rating")
    )
    results = {r.member_id: r for r in AppraisalResult.objects.filter(appraisal=appraisal)}
    labels = dict(Rating.choices)
    return [
        SubjectTally(
            member=m,
            counts=[(r, votes.get((m.pk, r), 0)) for r in Rating.values],
            self_rating=labels.get(selfs.get(m.pk)),
            result=results.get(m.pk),
        )
        for m in participants
    ]


def has_voted(appraisal, member):
    return BallotReceipt.objects.filter(appraisal=appraisal, voter=member).exists()


def open_ballots_for(member):
    """Open appraisals of the member's branch where they take part, with `.voted` (one query)."""
    if member is None:
        return []
    return list(
        Appraisal.objects.filter(status=Appraisal.Status.OPEN, participants=member)
        .select_related("branch")
        .annotate(
            voted=Exists(BallotReceipt.objects.filter(appraisal=OuterRef("pk"), voter=member))
        )
    )
