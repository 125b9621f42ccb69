"""Every change to 安全"三学": sessions with their invitees, attendance and scores, mentor pairs."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from branches.models import Member
from hongjun import access, audit

from ..models import MentorPair, StudyAttendance, StudySession

Mode = StudySession.Mode
SESSION_FIELDS = ["topic", "starts_at", "place", "material", "material_text"]


def current_apprentices(mentor, day):
    """The mentor's apprentices on `day`: a 导师带学 session invites exactly these."""
    return Member.objects.filter(
        pk__in=MentorPair.objects.filter(MentorPair.current_on(day), mentor=mentor).values(
            "apprentice_id"
        ),
        is_active=True,
    )


def _invitees(mode, data, host):
    """(branch, invited branches, invitees) of a new session, by its mode's rule."""
    active = Member.objects.filter(is_active=True)
    if mode == Mode.COMMITTEE_LED:
        chosen = list(data.get("invited_branches") or [])
        members = active.filter(branch__in=chosen) if chosen else active
        return None, chosen, members
    if mode == Mode.BRANCH_STUDY:
        return data["branch"], [], active.filter(branch=data["branch"])
    day = timezone.localdate(data["starts_at"])
    return host.branch, [], current_apprentices(host, day)


def create_session(mode, data, by):
    """Schedule (or record) a session of `mode`; its invitees follow the mode's rule:
    committee-led: everyone or the chosen branches' active members, expanded now;
    branch study: the branch's active members; mentor-led: the host's current apprentices.
    """
    access.require(mode in access.study_modes_for(by))
    host = access.actor(by).member
    if mode == Mode.BRANCH_STUDY:
        access.require(access.study_branches_for(by).filter(pk=data["branch"].pk).exists())
    with transaction.atomic():
        branch, chosen, members = _invitees(mode, data, host)
        member_ids = list(members.values_list("pk", flat=True))
        if not member_ids:
            raise ValidationError(_("Nobody would be invited to this session."))
        session = StudySession(
            mode=mode, host=host, branch=branch, **{f: data.get(f) or "" for f in SESSION_FIELDS}
        )
        session.starts_at = data["starts_at"]
        session.save()
        session.invited_branches.set(chosen)
        StudyAttendance.objects.bulk_create(
            StudyAttendance(session=session, member_id=pk) for pk in member_ids
        )
        audit.record(
            "study.created",
            session,
            by,
            {
                "mode": mode,
                "topic": session.topic,
                "starts_at": session.starts_at,
                "branch": branch,
                "invited_branches": chosen,
                "invitees": len(member_ids),
            },
        )
    return session


def record_attendance(session, rows, by):
    """Save who came and their scores; `rows` are (member id, attended, score or None).

    Everyone named must be invited; a score needs attendance (the form says so first, the
    database constraints make it true).
    """
    access.require(access.can_record_study_attendance(by, session))
    with transaction.atomic():
        current = {
            a.member_id: a
            for a in StudyAttendance.objects.select_for_update().filter(session=session)
        }
        changed = []
        for member_id, attended, score in rows:
            row = current.get(member_id)
            if row is None:
                raise ValidationError(_("Only invited members can be marked as present."))
            if score is not None and not attended:
                raise ValidationError(_("A quiz score needs the member to be present."))
            if (row.attended, row.quiz_score) != (attended, score):
                row.attended, row.quiz_score = attended, score
                changed.append(row)
        StudyAttendance.objects.bulk_update(changed, ["attended", "quiz_score"])
        audit.record(
            "study.attendance",
            session,
            by,
            {
                "changed": len(changed),
                "attended": sum(1 for a in current.values() if a.attended),
                "invited": len(current),
            },
        )
    return session


def create_mentor_pair(data, by):
    """Record a 导师带徒 pair of the branch; both people are its active members."""
    branch = data["branch"]
    access.require(access.can_edit_branch(by, branch))
    mentor, apprentice = data["mentor"], data["apprentice"]
    if mentor.pk == apprentice.pk:
        raise ValidationError(_("The mentor and the apprentice must be two different people."))
    if mentor.branch_id != branch.pk or apprentice.branch_id != branch.pk:
        raise ValidationError(_("Both the mentor and the apprentice must belong to the branch."))
    with transaction.atomic():
        pair = MentorPair.objects.create(
            branch=branch,
            mentor=mentor,
            apprentice=apprentice,
            starts_on=data["starts_on"],
            ends_on=data.get("ends_on"),
        )
        audit.record(
            "mentor_pair.created",
            pair,
            by,
            {
                "mentor": mentor,
                "apprentice": apprentice,
                "from": pair.starts_on,
                "until": pair.ends_on,
            },
        )
    return pair
