"""Every change to the organisation and its activities: permission check, one transaction, an
audit entry."""

import secrets

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from hongjun import access, audit

from . import records
from .models import (
    Activity,
    ActivityAttachment,
    Attendance,
    Branch,
    CalendarToken,
    CommitteeElection,
    Member,
    Role,
    TrainingRecord,
)

BRANCH_FIELDS = ["unit", "meeting_place", "description"]
MEMBER_FIELDS = [
    "name",
    "gender",
    "employee_no",
    "status",
    "category",
    "birth_date",
    "ethnicity",
    "native_place",
    "education",
    "post",
    "joined_on",
    "full_member_on",
    "introducers",
    "party_group",
    "phone",
]


def update_branch(branch, data, by):
    access.require(access.can_edit_branch(by, branch))
    with transaction.atomic():
        # The form has already copied its data onto `branch`: compare with the stored row.
        branch = Branch.objects.select_for_update().get(pk=branch.pk)
        changes = audit.diff(branch, data, BRANCH_FIELDS)
        for name in BRANCH_FIELDS:
            setattr(branch, name, data[name])
        branch.save(update_fields=BRANCH_FIELDS)
        audit.record("branch.updated", branch, by, changes)
    return branch


def create_member(branch, data, by):
    """Add a member to `branch` with a login account; returns (member, initial password).

    The account's username is the employee number; the initial password is shown once to
    the secretary, who hands it over, and the member changes it after the first login.
    """
    access.require(access.can_edit_branch(by, branch))
    password = secrets.token_urlsafe(9)
    with transaction.atomic():
        user = get_user_model().objects.create_user(username=data["employee_no"], password=password)
        member = Member(branch=branch, user=user, **{f: data[f] for f in MEMBER_FIELDS})
        details = {f: data[f] for f in MEMBER_FIELDS}
        if data.get("id_number"):
            member.id_number = data["id_number"]
            details["id_number"] = member.id_number_masked
        member.save()
        audit.record("member.created", member, by, details)
    return member, password


def update_member(member, data, by):
    """Save the member's record; a new 身份证号 is sealed, and the audit entry says it
    changed with the masked numbers only (the log is read by many; the number is not)."""
    access.require(access.can_edit_member(by, member))
    with transaction.atomic():
        member = Member.objects.select_for_update().get(pk=member.pk)
        changes = audit.diff(member, data, MEMBER_FIELDS)
        for name in MEMBER_FIELDS:
            setattr(member, name, data[name])
        fields = list(MEMBER_FIELDS)
        if data.get("id_number") and data["id_number"] != member.id_number:
            before = member.id_number_masked
            member.id_number = data["id_number"]
            changes["id_number"] = [before, member.id_number_masked]
            fields += ["id_number_sealed", "id_number_fingerprint"]
        member.save(update_fields=fields)
        if "employee_no" in changes and member.user_id:
            member.user.username = member.employee_no
            member.user.save(update_fields=["username"])
        audit.record("member.updated", member, by, changes)
    return member


def reveal_id_number(member, by):
    """The member's full 身份证号 for `by` (the committee), written to the audit log in the
    same transaction: nobody reads it without a trace."""
    access.require(access.can_see_id_number(by, member))
    with transaction.atomic():
        number = member.id_number
        audit.record("member.id_number_viewed", member, by, {})
    return number


def record_training(member, data, by):
    """A training record of `member` (学时 from outside the branch's activities)."""
    access.require(access.can_record_training(by, member))
    with transaction.atomic():
        training = TrainingRecord.objects.create(member=member, **data)
        audit.record("training.recorded", member, by, {k: data[k] for k in TRAINING_FIELDS})
    return training


TRAINING_FIELDS = ["kind", "title", "organiser", "started_on", "hours"]


def record_election(branch, data, elected, by):
    """A 支部委员会 election (换届): its record, and the new 委员 in place of the old.

    `elected` is [(member, role kind, title)]. The branch's previous 支委会 roles end
    (their offices pass to the new committee); the new roles link to the election, whose
    term ends `term_years` after it was held (支部工作条例 第二十一条).
    """
    access.require(access.can_record_election(by, branch))
    with transaction.atomic():
        Branch.objects.select_for_update().get(pk=branch.pk)
        held_on, years = data["held_on"], data["term_years"]
        election = CommitteeElection.objects.create(
            branch=branch,
            held_on=held_on,
            term_years=years,
            ends_on=records.years_after(held_on, years),
            note=data.get("note", ""),
        )
        Role.objects.filter(branch=branch, kind__in=Role.BRANCH_KINDS).delete()
        Role.objects.bulk_create(
            Role(member=m, kind=kind, branch=branch, title=title, election=election)
            for m, kind, title in elected
        )
        audit.record(
            "election.recorded",
            election,
            by,
            {
                "held_on": held_on,
                "term_years": years,
                "elected": [
                    f"{m.name} {title or Role.Kind(kind).label}" for m, kind, title in elected
                ],
            },
        )
    return election


# Activities ---------------------------------------------------------------------------

ACTIVITY_FIELDS = [
    "kind",
    "theme",
    "status",
    "starts_at",
    "ends_at",
    "place",
    "host",
    "party_group",
    "topic",
    "for_year",
    "content",
    "first_topic",
    "first_topic_text",
]


# Fields a caller may leave out: the 年度 a 组织生活会 is for (the year it is held).
OPTIONAL_ACTIVITY_FIELDS = {"for_year": None}


def _attendance_rows(activity, attendance):
    """The rows to store: none for a planned activity; only the group for a group meeting."""
    if activity.status != Activity.Status.HELD:
        return []
    rows = [
        Attendance(
            activity=activity, member=a["member"], status=a["status"], reason=a.get("reason", "")
        )
        for a in attendance
    ]
    if activity.party_group_id:
        rows = [r for r in rows if r.member.party_group_id == activity.party_group_id]
    return rows


def _store_evidence(activity, files):
    stored = []
    for kind, upload in files:
        ActivityAttachment.objects.create(
            activity=activity,
            kind=kind,
            file=upload,
            original_name=upload.name[:200],
            size=upload.size,
        )
        stored.append(upload.name)
    return stored


def create_activity(branch, data, attendance, files, by):
    """Record an activity with its attendance and evidence: all of it or, on failure, none.

    `attendance` is [{member, status, reason}] over the roster; `files` is [(kind, file)].
    """
    access.require(access.can_log_activity(by, branch))
    data = {**OPTIONAL_ACTIVITY_FIELDS, **data}
    with transaction.atomic():
        activity = Activity(branch=branch, created_by=by, **{f: data[f] for f in ACTIVITY_FIELDS})
        activity.save()
        rows = Attendance.objects.bulk_create(_attendance_rows(activity, attendance))
        stored = _store_evidence(activity, files)
        audit.record(
            "activity.created",
            activity,
            by,
            {
                **{f: data[f] for f in ACTIVITY_FIELDS},
                "attendance": {r.member.name: _attendance_label(r) for r in rows},
                "attachments_added": stored,
            },
        )
    return activity


def update_activity(activity, data, attendance, files, by):
    """Change an activity, its attendance and evidence; the audit entry lists every change,
    attendance included ({member: [before, after]})."""
    access.require(access.can_edit_activity(by, activity))
    data = {**OPTIONAL_ACTIVITY_FIELDS, **data}
    with transaction.atomic():
        activity = Activity.objects.select_for_update().get(pk=activity.pk)
        changes = audit.diff(activity, data, ACTIVITY_FIELDS)
        for name in ACTIVITY_FIELDS:
            setattr(activity, name, data[name])
        activity.save()

        before = {
            a.member_id: a
            for a in activity.attendances.select_related("member").select_for_update(of=("self",))
        }
        after = {r.member.pk: r for r in _attendance_rows(activity, attendance)}
        attendance_changes = {}
        for pk, old in before.items():
            new = after.get(pk)
            if new is None:
                attendance_changes[old.member.name] = [_attendance_label(old), None]
            elif (old.status, old.reason) != (new.status, new.reason):
                attendance_changes[old.member.name] = [
                    _attendance_label(old),
                    _attendance_label(new),
                ]
                old.status, old.reason = new.status, new.reason
                old.save(update_fields=["status", "reason"])
        Attendance.objects.filter(
            pk__in=[old.pk for pk, old in before.items() if pk not in after]
        ).delete()
        added = [row for pk, row in after.items() if pk not in before]
        Attendance.objects.bulk_create(added)
        for row in added:
            attendance_changes[row.member.name] = [None, _attendance_label(row)]
        if attendance_changes:
            changes["attendance"] = attendance_changes

        removed = list(data.get("remove_attachments") or [])
        if removed:
            changes["attachments_removed"] = [a.original_name for a in removed]
            for attachment in removed:
                attachment.file.delete(save=False)
                attachment.delete()
        stored = _store_evidence(activity, files)
        if stored:
            changes["attachments_added"] = stored
        audit.record("activity.updated", activity, by, changes)
    return activity


def _attendance_label(row):
    label = str(Attendance.Status(row.status).label)
    return f"{label}（{row.reason}）" if row.reason else label


def create_calendar_token(member, by):
    """A new private feed URL for `member`; the old one, if any, stops working."""
    access.require(access.can_see_contact(by, member))
    with transaction.atomic():
        revoked = CalendarToken.objects.filter(member=member, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        token = CalendarToken.objects.create(member=member, token=secrets.token_urlsafe(24))
        audit.record("calendar_token.created", member, by, {"replaced": bool(revoked)})
    return token


def revoke_calendar_token(member, by):
    access.require(access.can_see_contact(by, member))
    with transaction.atomic():
        revoked = CalendarToken.objects.filter(member=member, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        if revoked:
            audit.record("calendar_token.revoked", member, by)
    return bool(revoked)
