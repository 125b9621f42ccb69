"""Each 三学 session's tally by branch, kept by the database's triggers whoever writes."""

from branches.models import Member
from safety.models import StudyAttendance
from tests.factories import MemberFactory, StudyAttendanceFactory, StudySessionFactory
from tests.safety.study.tally import expected, stored


def test_invitations_and_presence_are_counted_by_branch(branch_a, branch_b, alice, sam):
    session = StudySessionFactory(branch=branch_a)
    StudyAttendanceFactory(session=session, member=alice, attended=True)
    StudyAttendanceFactory(session=session, member=sam)
    StudyAttendance.objects.bulk_create(
        StudyAttendance(session=session, member=m)
        for m in MemberFactory.create_batch(3, branch=branch_b)
    )
    assert stored() == {
        (session.pk, branch_a.pk): (2, 1, 0, 0),
        (session.pk, branch_b.pk): (3, 0, 0, 0),
    }


def test_marking_presence_and_removing_an_invitation_recount(branch_a, alice, sam):
    session = StudySessionFactory(branch=branch_a)
    StudyAttendanceFactory(session=session, member=alice)
    StudyAttendanceFactory(session=session, member=sam)
    StudyAttendance.objects.filter(member=alice).update(attended=True)
    assert stored() == {(session.pk, branch_a.pk): (2, 1, 0, 0)}
    StudyAttendance.objects.filter(member=sam).delete()
    assert stored() == {(session.pk, branch_a.pk): (1, 1, 0, 0)}
    StudyAttendance.objects.all().delete()
    assert stored() == {}


def test_a_member_who_moves_counts_in_the_new_branch(branch_a, branch_b, alice, sam):
    first, second = StudySessionFactory(branch=branch_a), StudySessionFactory(branch=branch_a)
    for session in (first, second):
        StudyAttendanceFactory(session=session, member=alice, attended=True)
        StudyAttendanceFactory(session=session, member=sam)
    alice.branch = branch_b
    alice.save()
    assert stored() == {
        (first.pk, branch_a.pk): (1, 0, 0, 0),
        (first.pk, branch_b.pk): (1, 1, 0, 0),
        (second.pk, branch_a.pk): (1, 0, 0, 0),
        (second.pk, branch_b.pk): (1, 1, 0, 0),
    }
    # An update that moves nobody leaves the tallies as they are.
    Member.objects.filter(pk=sam.pk).update(name="孙明明")
    assert stored() == expected()


def test_deleting_a_session_or_a_member_takes_them_out(branch_a, alice, sam):
    session, other = StudySessionFactory(branch=branch_a), StudySessionFactory(branch=branch_a)
    StudyAttendanceFactory(session=session, member=alice)
    StudyAttendanceFactory(session=other, member=alice)
    StudyAttendanceFactory(session=other, member=sam)
    session.delete()
    assert stored() == {(other.pk, branch_a.pk): (2, 0, 0, 0)}
    MemberFactory(branch=branch_a).delete()
    assert stored() == expected()


def test_quiz_scores_are_counted_and_summed_by_branch(branch_a, branch_b, alice, sam):
    # For the participation page's average score: how many were scored and their sum.
    session = StudySessionFactory(branch=branch_a)
    StudyAttendanceFactory(session=session, member=alice, attended=True, quiz_score=90)
    StudyAttendanceFactory(session=session, member=sam, attended=True)
    assert stored() == {(session.pk, branch_a.pk): (2, 2, 1, 90)}
    StudyAttendance.objects.filter(member=sam).update(quiz_score=75)
    assert stored() == {(session.pk, branch_a.pk): (2, 2, 2, 165)}
    # A member who moves takes their score to the new branch.
    alice.branch = branch_b
    alice.save()
    assert stored() == {
        (session.pk, branch_a.pk): (1, 1, 1, 75),
        (session.pk, branch_b.pk): (1, 1, 1, 90),
    }
    StudyAttendance.objects.filter(member=sam).update(quiz_score=None)
    assert (
        stored()
        == expected()
        == {
            (session.pk, branch_a.pk): (1, 1, 0, 0),
            (session.pk, branch_b.pk): (1, 1, 1, 90),
        }
    )
