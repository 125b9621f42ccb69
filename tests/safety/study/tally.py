"""The 三学 tallies as they should be, counted again from the invitations.

Shared by the PostgreSQL tests and the SQLite check, which imports it in a subprocess.
"""

from collections import Counter

from safety.models import StudyAttendance, StudyTally


def stored():
    """{(session_id, branch_id): (invited, present, scored, score_sum)} as the triggers
    keep it."""
    return {
        (t.session_id, t.branch_id): (t.invited, t.present, t.scored, t.score_sum)
        for t in StudyTally.objects.all()
    }


def expected():
    """The same, counted one invitation at a time, by the member's branch now."""
    invited, present, scored, score_sum = Counter(), Counter(), Counter(), Counter()
    for row in StudyAttendance.objects.select_related("member"):
        key = (row.session_id, row.member.branch_id)
        invited[key] += 1
        present[key] += row.attended
        if row.quiz_score is not None:
            scored[key] += 1
            score_sum[key] += row.quiz_score
    return {key: (invited[key], present[key], scored[key], score_sum[key]) for key in invited}
