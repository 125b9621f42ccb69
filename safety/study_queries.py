"""Reads for the 三学 pages: session lists, a session with its attendance, participation."""

from django.db.models import (
    Avg,
    BooleanField,
    Case,
    Count,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
    When,
)
from django.utils import timezone

from branches.models import Branch

from .models import MentorPair, StudyAttendance, StudySession

Mode = StudySession.Mode


def session_rows(sessions, member=None):
    """Sessions with host, branch, invited and present counts, and `member`'s own row
    (attended, score) as annotations: one query for any number of sessions."""
    qs = sessions.select_related("host", "branch").annotate(
        invited_count=Count("attendances", distinct=True),
        present_count=Count("attendances", filter=Q(attendances__attended=True), distinct=True),
    )
    if member is not None:
        mine = StudyAttendance.objects.filter(session=OuterRef("pk"), member=member)
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

    One aggregate query over all branches (those with no sessions show zeros); returns
    (rows, totals) where each row is a Branch with `.by_mode` = [(mode, invited, present,
    rate, average score)] in Mode order.
    """
    period = Q(members__study_attendances__session__starts_at__lt=now or timezone.now())
    if since:
        period &= Q(members__study_attendances__session__starts_at__date__gte=since)
    if until:
        period &= Q(members__study_attendances__session__starts_at__date__lte=until)
    annotations = {}
    for mode in Mode.values:
        in_mode = period & Q(members__study_attendances__session__mode=mode)
        present = in_mode & Q(members__study_attendances__attended=True)
        annotations[f"{mode}__invited"] = Count("members__study_attendances", filter=in_mode)
        annotations[f"{mode}__present"] = Count("members__study_attendances", filter=present)
        annotations[f"{mode}__score"] = Avg(
            "members__study_attendances__quiz_score", filter=present
        )
    branches = list(Branch.objects.annotate(**annotations).order_by("order", "name"))
    totals = {mode: [0, 0] for mode in Mode.values}
    for branch in branches:
        branch.by_mode = []
        for mode in Mode:
            invited = getattr(branch, f"{mode.value}__invited")
            present = getattr(branch, f"{mode.value}__present")
            score = getattr(branch, f"{mode.value}__score")
            totals[mode.value][0] += invited
            totals[mode.value][1] += present
            branch.by_mode.append((mode, invited, present, _rate(present, invited), score))
    total_rows = [
        (mode, *totals[mode.value], _rate(*reversed(totals[mode.value]))) for mode in Mode
    ]
    return branches, total_rows


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
