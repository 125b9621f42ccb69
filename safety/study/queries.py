"""Reads for the 三学 pages: session lists, a session with its attendance, participation."""

from django.db.models import (
    BooleanField,
    Case,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.utils import timezone

from branches.models import Branch
from hongjun.subqueries import sum_of

from ..models import MentorPair, StudyAttendance, StudySession, StudyTally

Mode = StudySession.Mode


def session_rows(sessions, member=None):
    """Sessions with host, branch, invited and present counts, and `member`'s own row
    (attended, score) as annotations: one query for any number of sessions.

    The counts add up the session's tallies by branch (`StudyTally`), as subqueries that
    PostgreSQL works out for the page's rows only: counting the invitations over a join
    grouped all 3,000 sessions and their 160,000 invitations of a company to show 20
    (docs/performance.md).
    """
    tallies = StudyTally.objects.all()
    qs = sessions.select_related("host", "branch").annotate(
        invited_count=sum_of(tallies, "session", "invited"),
        present_count=sum_of(tallies, "session", "present"),
    )
    if member is not None:
        # Without the model's ordering, which joined the member and the session to sort
        # the one row found by the unique (session, member) index.
        mine = StudyAttendance.objects.filter(session=OuterRef("pk"), member=member).order_by()
        qs = qs.annotate(
            my_invited=Subquery(mine.values("pk")[:1]),
            my_attended=Subquery(mine.values("attended")[:1]),
            my_score=Subquery(mine.values("quiz_score")[:1]),
        )
    return qs


def upcoming_and_past(sessions, member=None, now=None):
    """(upcoming soonest first, past latest first) querysets."""
    now = now or timezone.now()
    rows = session_rows(sessions, member)
    return (
        rows.filter(starts_at__gte=now).order_by("starts_at", "id"),
        rows.filter(starts_at__lt=now).order_by("-starts_at", "-id"),
    )


def session_page(pk, sessions):
    """One session with host, branch and invited branches (two queries)."""
    return (
        sessions.select_related("host__branch", "branch")
        .prefetch_related(Prefetch("invited_branches", queryset=Branch.objects.order_by("order")))
        .get(pk=pk)
    )


def attendance_rows(session):
    """The session's invitees with their branch, by branch then name (one query)."""
    return list(
        StudyAttendance.objects.filter(session=session)
        .select_related("member__branch")
        .order_by("member__branch__order", "member__branch__name", "member__name", "id")
    )


def participation(since=None, until=None, now=None):
    """Per branch and mode: invitations, presences and the average quiz score of the
    sessions that have taken place (an upcoming session has nobody present yet).

    Two queries: the branches (those with no sessions show zeros), and the tallies of
    their sessions (`StudyTally`) added up by branch and mode, 3,000 rows for a company's
    five years where counting the invitations grouped 160,000 of them joined to their
    members and sessions (70 ms). Returns (rows, totals) where each row is a Branch with
    `.by_mode` = [(mode, invited, present, rate, average score)] in Mode order.
    """
    period = Q(session__starts_at__lt=now or timezone.now())
    if since:
        period &= Q(session__starts_at__date__gte=since)
    if until:
        period &= Q(session__starts_at__date__lte=until)
    sums = (
        StudyTally.objects.filter(period)
        .values_list("branch_id", "session__mode")
        .annotate(Sum("invited"), Sum("present"), Sum("scored"), Sum("score_sum"))
        .order_by()
    )
    figures = {(branch, mode): counts for branch, mode, *counts in sums}
    branches = list(Branch.objects.only("name").order_by("order", "name"))
    modes = list(Mode)
    totals = {mode: [0, 0] for mode in modes}
    nothing = (0, 0, 0, 0)
    for branch in branches:
        branch.by_mode = []
        for mode in modes:
            invited, present, scored, score_sum = figures.get((branch.pk, mode.value), nothing)
            totals[mode][0] += invited
            totals[mode][1] += present
            score = score_sum / scored if scored else None
            branch.by_mode.append((mode, invited, present, _rate(present, invited), score))
    total_rows = [(mode, *totals[mode], _rate(*reversed(totals[mode]))) for mode in modes]
    return branches, total_rows


# A participation rate under this is marked on the page, as the page's note says.
LOW_RATE = 80


def _rate(present, invited):
    return round(100 * present / invited) if invited else None


def mentor_pair_rows(pairs, today=None):
    """Pairs with mentor, apprentice and branch, current ones first (one query)."""
    today = today or timezone.localdate()
    return (
        pairs.select_related("mentor", "apprentice", "branch")
        .annotate(
            is_current=Case(
                When(MentorPair.current_on(today), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
        .order_by("-is_current", "branch__order", "mentor__name", "-starts_on")
    )
