"""How the audit log and every timeline read to the committee: one sentence per action code,
the labels of the details, and each entry's who, when and before → after (data, one place)."""

import json
import re
from collections import defaultdict
from datetime import datetime

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db.models import CharField, Q
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# The sentence for each action code. %(actor)s is the person who acted (by name), %(subject)s
# the record (for a transfer, a payment or a signature: the member it is about).
SENTENCES = {
    # 组织关系转接
    "transfer.requested": pgettext_lazy(
        "audit", "%(actor)s started the organisation transfer of %(subject)s"
    ),
    "transfer.accepted": pgettext_lazy(
        "audit", "%(actor)s received the organisation transfer of %(subject)s"
    ),
    "transfer.rejected": pgettext_lazy(
        "audit", "%(actor)s turned down the organisation transfer of %(subject)s"
    ),
    "transfer.cancelled": pgettext_lazy(
        "audit", "%(actor)s withdrew the organisation transfer of %(subject)s"
    ),
    "member.transferred": pgettext_lazy(
        "audit", "%(actor)s moved the organisation relation of %(subject)s"
    ),
    "transfer.receipt": pgettext_lazy(
        "audit", "%(actor)s recorded the receipt for the organisation transfer of %(subject)s"
    ),
    "transfer.received": pgettext_lazy(
        "audit", "%(actor)s received %(subject)s into the company with a transfer letter"
    ),
    "member.received": pgettext_lazy(
        "audit", "%(actor)s received %(subject)s from outside the company"
    ),
    # 谈心谈话 (never the gist: the log is the committee's to read)
    "talk.recorded": pgettext_lazy("audit", "%(actor)s recorded the talk %(subject)s"),
    # 民主评议党员
    "appraisal.opened": pgettext_lazy("audit", "%(actor)s opened the appraisal %(subject)s"),
    "appraisal.closed": pgettext_lazy(
        "audit", "%(actor)s ended the democratic evaluation of %(subject)s"
    ),
    "appraisal.settled": pgettext_lazy(
        "audit", "%(actor)s published the appraisal results of %(subject)s"
    ),
    "appraisal.result_settled": pgettext_lazy(
        "audit", "%(actor)s settled the appraisal grade of %(subject)s"
    ),
    "appraisal.ballot_cast": pgettext_lazy("audit", "A ballot was cast in %(subject)s"),
    # 发展党员
    "applicant.created": pgettext_lazy("audit", "%(actor)s registered the applicant %(subject)s"),
    "applicant.stage": pgettext_lazy("audit", "%(actor)s changed the stage of %(subject)s"),
    "applicant.account_given": pgettext_lazy(
        "audit", "%(actor)s gave %(subject)s an account on the portal"
    ),
    "recruitment.application": pgettext_lazy(
        "audit", "%(actor)s recorded the application of %(subject)s"
    ),
    "recruitment_plan.set": pgettext_lazy(
        "audit", "%(actor)s set the annual recruitment plan %(subject)s"
    ),
    "recruitment.corrected": pgettext_lazy("audit", "%(actor)s corrected a step of %(subject)s"),
    "recruitment.withdrawn": pgettext_lazy("audit", "%(actor)s withdrew a step of %(subject)s"),
    # 党费
    "dues.declared": pgettext_lazy("audit", "%(actor)s set the dues base of %(subject)s"),
    "dues.paid": pgettext_lazy("audit", "%(actor)s recorded a dues payment of %(subject)s"),
    "dues.reversed": pgettext_lazy("audit", "%(actor)s reversed a dues payment of %(subject)s"),
    # 组织与组织生活
    "branch.updated": pgettext_lazy("audit", "%(actor)s edited the branch %(subject)s"),
    "roster.imported": pgettext_lazy(
        "audit", "%(actor)s imported the organisation and roster from %(subject)s"
    ),
    "member.created": pgettext_lazy("audit", "%(actor)s added the member %(subject)s"),
    "member.updated": pgettext_lazy("audit", "%(actor)s edited the member %(subject)s"),
    "member.id_number_viewed": pgettext_lazy(
        "audit", "%(actor)s viewed the full identity card number of %(subject)s"
    ),
    "election.recorded": pgettext_lazy(
        "audit", "%(actor)s recorded the branch committee election %(subject)s"
    ),
    "training.recorded": pgettext_lazy("audit", "%(actor)s recorded the training %(subject)s"),
    "activity.created": pgettext_lazy("audit", "%(actor)s recorded the activity %(subject)s"),
    "activity.updated": pgettext_lazy("audit", "%(actor)s edited the activity %(subject)s"),
    "calendar_token.created": pgettext_lazy("audit", "%(actor)s turned on the calendar feed"),
    "calendar_token.revoked": pgettext_lazy("audit", "%(actor)s turned off the calendar feed"),
    # 示范项目、揭榜项目
    "initiative.created": pgettext_lazy("audit", "%(actor)s created the project %(subject)s"),
    "initiative.updated": pgettext_lazy("audit", "%(actor)s edited the project %(subject)s"),
    "initiative.published": pgettext_lazy(
        "audit", "%(actor)s put the project %(subject)s on the list"
    ),
    "initiative.started": pgettext_lazy("audit", "%(actor)s started the project %(subject)s"),
    "initiative.awarded": pgettext_lazy(
        "audit", "%(actor)s chose who takes on the project %(subject)s"
    ),
    "initiative.work_started": pgettext_lazy(
        "audit", "%(actor)s began work on the project %(subject)s"
    ),
    "initiative.submitted": pgettext_lazy(
        "audit", "%(actor)s submitted the project %(subject)s for acceptance"
    ),
    "initiative.accepted": pgettext_lazy("audit", "%(actor)s accepted the project %(subject)s"),
    "initiative.returned": pgettext_lazy(
        "audit", "%(actor)s returned the project %(subject)s for rework"
    ),
    "initiative.cancelled": pgettext_lazy("audit", "%(actor)s cancelled the project %(subject)s"),
    "initiative.milestone_added": pgettext_lazy(
        "audit", "%(actor)s added a milestone to %(subject)s"
    ),
    "initiative.milestone_done": pgettext_lazy(
        "audit", "%(actor)s marked a milestone of %(subject)s done"
    ),
    "initiative.progress_reported": pgettext_lazy(
        "audit", "%(actor)s reported progress on %(subject)s"
    ),
    "application.submitted": pgettext_lazy("audit", "%(actor)s applied for %(subject)s"),
    # 安全
    "pledge_version.created": pgettext_lazy("audit", "%(actor)s drafted the pledge %(subject)s"),
    "pledge_version.updated": pgettext_lazy("audit", "%(actor)s edited the pledge %(subject)s"),
    "pledge_version.published": pgettext_lazy(
        "audit", "%(actor)s published the pledge %(subject)s"
    ),
    "pledge.signed": pgettext_lazy("audit", "%(subject)s signed the pledge"),
    "zone.created": pgettext_lazy("audit", "%(actor)s set up the responsibility zone %(subject)s"),
    "zone.updated": pgettext_lazy("audit", "%(actor)s edited the responsibility zone %(subject)s"),
    "violation.recorded": pgettext_lazy("audit", "%(actor)s recorded the violation %(subject)s"),
    "hazard.reported": pgettext_lazy("audit", "%(actor)s reported the hazard %(subject)s"),
    "hazard.assigned": pgettext_lazy(
        "audit", "%(actor)s assigned the fix of the hazard %(subject)s"
    ),
    "hazard.submitted": pgettext_lazy(
        "audit", "%(actor)s submitted the fix of the hazard %(subject)s"
    ),
    "hazard.closed": pgettext_lazy("audit", "%(actor)s checked and closed the hazard %(subject)s"),
    "hazard.returned": pgettext_lazy(
        "audit", "%(actor)s sent the fix of the hazard %(subject)s back"
    ),
    "study.created": pgettext_lazy("audit", "%(actor)s scheduled the study session %(subject)s"),
    "study.attendance": pgettext_lazy(
        "audit", "%(actor)s recorded attendance of the study session %(subject)s"
    ),
    "mentor_pair.created": pgettext_lazy("audit", "%(actor)s paired the mentor %(subject)s"),
    # 账户、提醒、看板
    "account.two_factor_enabled": pgettext_lazy("audit", "%(actor)s turned on two-factor sign-in"),
    "account.enrolment_code_issued": pgettext_lazy(
        "audit", "%(actor)s issued a two-factor enrolment code for %(subject)s"
    ),
    "account.enrolment_code_used": pgettext_lazy(
        "audit", "%(actor)s used a two-factor enrolment code"
    ),
    "account.two_factor_disabled": pgettext_lazy(
        "audit", "%(actor)s turned off two-factor sign-in"
    ),
    "account.directory_linked": pgettext_lazy(
        "audit", "%(actor)s signed in with a company account, linked to the member %(subject)s"
    ),
    "account.profile_updated": pgettext_lazy("audit", "%(actor)s changed their contact details"),
    "reminder_preferences.updated": pgettext_lazy(
        "audit", "%(actor)s changed their reminder settings"
    ),
    "reminder.retried": pgettext_lazy("audit", "%(actor)s sent the reminder %(subject)s again"),
    "export.requested": pgettext_lazy("audit", "%(actor)s exported %(subject)s"),
    "export.drill_down": pgettext_lazy(
        "audit", "%(actor)s downloaded the activities behind a dashboard number: %(subject)s"
    ),
    "score_weight.set": pgettext_lazy("audit", "%(actor)s set the score weight %(subject)s"),
    "green_power.entered": pgettext_lazy(
        "audit", "%(actor)s entered the green power share %(subject)s"
    ),
    "demo.seeded": pgettext_lazy("audit", "The demo data was created"),
}
# Each 发展党员 step after the application is "recruitment.<step code>" (its label from the rules).
RECRUITMENT_STEP = pgettext_lazy("audit", "%(actor)s recorded “%(step)s” for %(subject)s")
# The admin's own entries are "<model>.admin_created", "admin_changed", "admin_deleted".
ADMIN_SENTENCES = {
    "admin_created": pgettext_lazy("audit", "%(actor)s added %(model)s “%(subject)s” in the admin"),
    "admin_changed": pgettext_lazy(
        "audit", "%(actor)s changed %(model)s “%(subject)s” in the admin"
    ),
    "admin_deleted": pgettext_lazy(
        "audit", "%(actor)s deleted %(model)s “%(subject)s” in the admin"
    ),
}
UNKNOWN = pgettext_lazy("audit", "%(actor)s: %(subject)s (%(action)s)")
NOBODY = pgettext_lazy("audit", "the system")

# The kinds the log is filtered by: a label and the action-code prefixes it covers.
KINDS = {
    "transfer": (
        _("Organisation transfers"),
        ["transfer.", "member.transferred", "member.received"],
    ),
    "talk": (pgettext_lazy("portal", "Heart-to-heart talks"), ["talk."]),
    "appraisal": (pgettext_lazy("portal", "Democratic appraisal"), ["appraisal."]),
    "recruitment": (_("Party recruitment"), ["applicant.", "recruitment.", "recruitment_plan."]),
    "dues": (_("Party dues"), ["dues."]),
    "organisation": (
        _("Branches and members"),
        [
            "branch.",
            "member.created",
            "member.updated",
            "member.id_number_viewed",
            "election.",
            "training.",
            "roster.",
        ],
    ),
    "activity": (_("Branch activities"), ["activity.", "calendar_token."]),
    "initiative": (pgettext_lazy("portal", "Projects"), ["initiative.", "application."]),
    "pledge": (_("Safety pledges"), ["pledge.", "pledge_version."]),
    "safety": (_("Zones, violations and hazards"), ["zone.", "violation.", "hazard."]),
    "study": (pgettext_lazy("portal", "Safety study"), ["study.", "mentor_pair."]),
    "account": (_("Accounts and reminders"), ["account.", "reminder"]),
    "dashboard": (
        pgettext_lazy("portal", "Dashboard"),
        ["export.", "score_weight.", "green_power."],
    ),
    "admin": (_("Admin"), [".admin_"]),
}

# Records whose sentence names the member they are about, not the record's own text.
SUBJECTS = {
    "affairs.transfer": "member__name",
    "affairs.duespayment": "member__name",
    "affairs.duesbase": "member__name",
    "affairs.recruitmentrecord": "applicant__name",
    "safety.pledgesignature": "member__name",
}
# Where a record belongs to a branch (for the branch filter): model → branch paths.
BRANCH_PATHS = {
    "branches.branch": ["pk"],
    "branches.member": ["branch"],
    "branches.activity": ["branch"],
    "affairs.transfer": ["from_branch", "to_branch"],
    "affairs.applicant": ["branch"],
    "affairs.recruitmentrecord": ["applicant__branch"],
    "affairs.appraisal": ["branch"],
    "affairs.duespayment": ["member__branch"],
    "affairs.duesbase": ["member__branch"],
    "initiatives.initiative": ["branch"],
    "initiatives.application": ["branch"],
    "safety.hazard": ["zone__branch"],
    "safety.safetyzone": ["branch"],
    "safety.violation": ["zone__branch"],
    "safety.pledgesignature": ["member__branch"],
    "safety.studysession": ["branch"],
}

# Labels of details that are not fields of the record.
DETAIL_LABELS = {
    "note": _("Remarks"),
    "reason": _("Reason"),
    "return_reason": _("Reason"),
    "comments": _("Comments"),
    "acceptance_comments": _("Comments"),
    "from": pgettext_lazy("audit", "From"),
    "to": pgettext_lazy("audit", "To"),
    "files": _("Files"),
    "figures": pgettext_lazy("portal", "Outcome figures"),
    "percent": _("Percent complete"),
    "milestone": _("Milestone"),
    "participants": _("Participants"),
    "member_name": pgettext_lazy("portal", "Member"),
    "team": pgettext_lazy("portal", "Team"),
    "lead": _("Lead"),
    "invitees": _("Invitees"),
    "invited": _("Invitees"),
    "attended": _("Attended"),
    "changed": _("Changed"),
    "attendance": _("Attendance"),
    "attachments_added": _("Attachments added"),
    "attachments_removed": _("Attachments removed"),
    "via": _("Through"),
    "letter_no": _("Transfer letter no."),
    "photo": pgettext_lazy("portal", "Photo"),
    "after_photo": pgettext_lazy("portal", "Photo after the fix"),
    "fields": _("Fields"),
    "milestones": pgettext_lazy("audit", "Milestones"),
    "due_on": pgettext_lazy("audit", "Due on"),
    "done_on": pgettext_lazy("audit", "Done on"),
    "message": _("Summary"),
}
# Details an inspector reads in the raw JSON but the committee does not need in the sentence.
HIDDEN = {"digest", "text_digest", "seq", "member", "version", "report", "application", "text"}
STATE_FIELDS = ("status", "stage", "state")
# Files: the log keeps whether one was attached, not the file's storage name.
FILE_KEYS = {"photo", "after_photo", "document", "file"}
_STAMP = re.compile(r"^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2})(:\d{2}(\.\d+)?)?([+-]\d{2}:?\d{2}|Z)?$")


def describe(entries):
    """The entries (an iterable of AuditEntry, actor and member selected) ready to read.

    Each gets `.who`, `.sentence`, `.rows` [(label, before, after)] (before is None for a
    detail that is not a change) and `.raw` (the JSON). Runs one query per record type that
    names its member (SUBJECTS), whatever the number of entries.
    """
    entries = list(entries)
    subjects = _subjects(entries)
    for entry in entries:
        model = _model(entry)
        key = f"{model._meta.label_lower}:{entry.object_id}" if model else None
        subject = subjects.get(key) or entry.object_repr or "—"
        entry.who = _who(entry.actor)
        entry.sentence = sentence(entry.action, entry.who, subject, model)
        entry.rows = _rows(entry, model)
        entry.raw = json.dumps(entry.changes, ensure_ascii=False, indent=1, sort_keys=True)
    return entries


def timeline(obj):
    """One record's timeline, ready to read (two queries at most)."""
    from . import audit

    return describe(audit.timeline(obj))


def sentence(action, who, subject, model=None):
    """The action as the committee reads it."""
    values = {"actor": who, "subject": subject, "action": action}
    if action in SENTENCES:
        return SENTENCES[action] % values
    prefix, _dot, verb = action.partition(".")
    if prefix == "recruitment":
        from affairs.models import STEP_BY_CODE

        rule = STEP_BY_CODE.get(verb)
        if rule is not None:
            return RECRUITMENT_STEP % {**values, "step": rule.label}
    if verb in ADMIN_SENTENCES:
        name = model._meta.verbose_name if model else prefix
        return ADMIN_SENTENCES[verb] % {**values, "model": name}
    return UNKNOWN % values


def kind_filter(kind):
    """The Q that keeps the entries of one kind (KINDS)."""
    where = Q(pk__in=[])
    for prefix in KINDS[kind][1]:
        where |= (
            Q(action__contains=prefix) if prefix.startswith(".") else Q(action__startswith=prefix)
        )
    return where


def branch_filter(branch):
    """The Q that keeps the entries about records of one branch (BRANCH_PATHS)."""
    where = Q(pk__in=[])
    for label, paths in BRANCH_PATHS.items():
        model = apps.get_model(label)
        belongs = Q(pk__in=[])
        for path in paths:
            belongs |= Q(**{path: branch.pk})
        ids = (
            model.objects.filter(belongs)
            .annotate(id_text=Cast("pk", CharField()))
            .values("id_text")
        )
        where |= Q(content_type=ContentType.objects.get_for_model(model), object_id__in=ids)
    return where


def _who(user):
    if user is None:
        return str(NOBODY)
    member = getattr(user, "member", None)
    return member.name if member is not None else user.get_username()


def _model(entry):
    if entry.content_type_id is None:
        return None
    return ContentType.objects.get_for_id(entry.content_type_id).model_class()


def _subjects(entries):
    wanted = defaultdict(set)
    for entry in entries:
        model = _model(entry)
        if model is not None and model._meta.label_lower in SUBJECTS:
            wanted[model].add(entry.object_id)
    found = {}
    for model, ids in wanted.items():
        path = SUBJECTS[model._meta.label_lower]
        pks = [i for i in ids if i.isdigit()]
        for pk, name in model.objects.filter(pk__in=pks).values_list("pk", path):
            found[f"{model._meta.label_lower}:{pk}"] = name
    return found


def _field(model, name):
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _label(model, name):
    if name in DETAIL_LABELS:
        return DETAIL_LABELS[name]
    field = _field(model, name)
    if field is not None and hasattr(field, "verbose_name"):
        return field.verbose_name
    return name


def _shown(model, name, value):
    """A value as the form shows it: a choice's label, 是/否, a list joined, local time."""
    if name in FILE_KEYS:
        return str(_("Yes") if value else _("No"))
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    field = _field(model, name)
    choices = dict(field.flatchoices) if getattr(field, "choices", None) else {}
    if isinstance(value, list):
        return "、".join(_shown(model, name, v) for v in value)
    if isinstance(value, dict):
        return "；".join(f"{k}：{_shown(model, None, v)}" for k, v in value.items())
    if value in choices:
        return str(choices[value])
    if isinstance(value, str):
        stamp = _STAMP.match(value)
        if stamp:
            return _local(value) if stamp.group(5) else f"{stamp.group(1)} {stamp.group(2)}"
    return str(value)


def _local(text):
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return text
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def _state_field(model):
    for name in STATE_FIELDS:
        field = _field(model, name)
        if getattr(field, "choices", None):
            return name
    return None


def _rows(entry, model):
    changes = entry.changes if isinstance(entry.changes, dict) else {}
    is_diff = entry.action.endswith((".updated", ".admin_changed")) or entry.action in (
        "member.transferred",
    )
    rows = []
    state = _state_field(model)
    if state and {"from", "to"} <= changes.keys():
        choices = dict(_field(model, state).flatchoices)
        if changes["from"] in choices and changes["to"] in choices:
            rows.append(
                (_label(model, state), str(choices[changes["from"]]), str(choices[changes["to"]]))
            )
            changes = {k: v for k, v in changes.items() if k not in ("from", "to")}
    for name, value in changes.items():
        if name in HIDDEN:
            continue
        if name == "attendance" and isinstance(value, dict):
            for who, change in value.items():
                old, new = [*change, None, None][:2] if isinstance(change, list) else (None, change)
                rows.append((f"{_label(model, name)}·{who}", _attendance(old), _attendance(new)))
            continue
        if is_diff and isinstance(value, list) and len(value) == 2:
            rows.append(
                (_label(model, name), _shown(model, name, value[0]), _shown(model, name, value[1]))
            )
        else:
            rows.append((_label(model, name), None, _shown(model, name, value)))
    return rows


def _attendance(value):
    from branches.models import Attendance

    if value in (None, ""):
        return "—"
    return str(dict(Attendance.Status.choices).get(value, value))
