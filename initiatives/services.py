"""Every change to a project: the workflow table, applications, award, milestones, progress.

Each function takes the acting user, checks permission, runs in one transaction with the
project row locked, and writes the audit entry that becomes the project's timeline. A
refused step raises `TransitionNotAllowed` (wrong state, or a role the user lacks) or
`ValidationError` (bad input); either way nothing is saved.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from hongjun import access, audit
from hongjun.workflow import Step, TransitionNotAllowed, Workflow

from .models import (
    Application,
    Evidence,
    Initiative,
    Milestone,
    OutcomeFigure,
    ProgressReport,
    plain_number,
)

S = Initiative.Status
TEAM = {"branch", "lead"}

# The one table of the project workflow. Listed projects: draft → published → awarded →
# in progress → submitted → accepted (or returned → submitted again). Demonstration
# projects skip the list: the committee starts them straight from draft; the guards keep
# those two first steps to their kind.
FLOW = Workflow(
    steps=[
        Step(
            {S.DRAFT},
            S.PUBLISHED,
            {"committee"},
            "initiative.published",
            gettext_lazy("Publish to the list"),
            guard=lambda initiative: initiative.kind == Initiative.Kind.LISTED,
        ),
        Step(
            {S.DRAFT},
            S.IN_PROGRESS,
            {"committee"},
            "initiative.started",
            gettext_lazy("Start the project"),
            guard=lambda initiative: initiative.kind == Initiative.Kind.DEMONSTRATION,
        ),
        Step({S.PUBLISHED}, S.AWARDED, {"committee"}, "initiative.awarded", gettext_lazy("Award")),
        Step(
            {S.AWARDED}, S.IN_PROGRESS, TEAM, "initiative.work_started", gettext_lazy("Start work")
        ),
        Step(
            {S.IN_PROGRESS, S.RETURNED},
            S.SUBMITTED,
            TEAM,
            "initiative.submitted",
            gettext_lazy("Submit for acceptance"),
        ),
        Step(
            {S.SUBMITTED},
            S.ACCEPTED,
            {"committee"},
            "initiative.accepted",
            pgettext_lazy("project", "Accept"),
        ),
        Step(
            {S.SUBMITTED},
            S.RETURNED,
            {"committee"},
            "initiative.returned",
            gettext_lazy("Return for rework"),
        ),
        Step(
            {S.DRAFT, S.PUBLISHED, S.AWARDED, S.IN_PROGRESS, S.RETURNED},
            S.CANCELLED,
            {"committee"},
            "initiative.cancelled",
            gettext_lazy("Cancel the project"),
        ),
    ],
    roles_of=access.initiative_roles,
)

INITIATIVE_FIELDS = [
    "kind",
    "title",
    "theme",
    "problem",
    "expected_outcome",
    "apply_deadline",
    "reward_points",
    "reward_text",
    "branch",
    "lead",
    "team_kind",
    "starts_on",
    "ends_on",
]


def _lock(initiative):
    return Initiative.objects.select_for_update().get(pk=initiative.pk)


def _member(user):
    return access.actor(user).member


def check_milestone_due(due_on, starts_on, ends_on, title=""):
    """A milestone falls inside the project's period; the message names the dates."""
    if due_on is None:
        return
    prefix = _("Milestone “%(title)s”: ") % {"title": title} if title else ""
    if due_on < starts_on:
        raise ValidationError(
            prefix
            + _("the due date cannot be before the project starts (%(date)s).")
            % {"date": date_format(starts_on, "Y-m-d")},
            code="before_start",
        )
    if due_on > ends_on:
        raise ValidationError(
            prefix
            + _("the due date cannot be after the project ends (%(date)s).")
            % {"date": date_format(ends_on, "Y-m-d")},
            code="after_end",
        )


def create_initiative(data, team, milestones, by):
    """A new project in draft, with its team and milestones (dicts of title and due_on)."""
    access.require(access.can_create_initiative(by))
    with transaction.atomic():
        initiative = Initiative(**{f: data.get(f) for f in INITIATIVE_FIELDS})
        for m in milestones:
            check_milestone_due(m["due_on"], initiative.starts_on, initiative.ends_on, m["title"])
        initiative.save()
        initiative.team.set(team)
        Milestone.objects.bulk_create(
            Milestone(initiative=initiative, title=m["title"], due_on=m["due_on"])
            for m in milestones
        )
        audit.record(
            "initiative.created",
            initiative,
            by,
            {
                **{f: data.get(f) for f in INITIATIVE_FIELDS},
                "team": list(team),
                "milestones": [f"{m['title']} {m['due_on']}" for m in milestones],
            },
        )
    return initiative


def update_initiative(initiative, data, by):
    """Change the project's description, period, lead or team (not its state)."""
    with transaction.atomic():
        locked = _lock(initiative)
        access.require(access.can_edit_initiative(by, locked))
        fields = [f for f in INITIATIVE_FIELDS if f in data]
        if "kind" in data and data["kind"] != locked.kind and locked.status != S.DRAFT:
            raise ValidationError({"kind": _("The kind can be changed only in draft.")})
        changes = audit.diff(locked, data, [*fields, "team"])
        for name in fields:
            setattr(locked, name, data[name])
        for milestone in locked.milestones.all():
            check_milestone_due(milestone.due_on, locked.starts_on, locked.ends_on, milestone.title)
        locked.save(update_fields=fields)
        if "team" in data:
            locked.team.set(data["team"])
        audit.record("initiative.updated", locked, by, changes)
    return locked


def take_step(initiative, to, by, *, rating="", comments="", reason=""):
    """A workflow step with no more to it than the table: publish, start, submit, accept,
    return, cancel. Awarding has its own service (it picks an application)."""
    if to == S.AWARDED:
        raise TransitionNotAllowed(_("Award a project by choosing among its applications."))
    update, details = {}, {}
    if to == S.ACCEPTED:
        if not rating:
            raise ValidationError({"rating": _("Choose a rating.")})
        update = {"rating": rating, "acceptance_comments": comments}
    elif to == S.RETURNED:
        if not reason.strip():
            raise ValidationError({"reason": _("Say why the project is sent back.")})
        update = {"return_reason": reason}
    elif to == S.CANCELLED:
        if not reason.strip():
            raise ValidationError({"reason": _("Say why the project is cancelled.")})
        details = {"reason": reason}
    elif to == S.SUBMITTED:
        details = {"comments": comments} if comments else {}
    return FLOW.transition(initiative, to, by, update=update, **details)


def check_can_apply(initiative, branch, today=None):
    """Raise ValidationError if `branch` may not apply for `initiative` now."""
    today = today or timezone.localdate()
    if initiative.status != S.PUBLISHED:
        raise ValidationError(_("This project is not open for applications."), code="closed")
    if initiative.apply_deadline is not None and today > initiative.apply_deadline:
        raise ValidationError(
            _("The deadline to apply (%(date)s) has passed.")
            % {"date": date_format(initiative.apply_deadline, "Y-m-d")},
            code="late",
        )
    if initiative.applications.filter(branch=branch).exists():
        raise ValidationError(
            _("%(branch)s has already applied for this project.") % {"branch": branch},
            code="twice",
        )


def apply(initiative, branch, data, by):
    """揭榜: `branch` bids for a listed project with a plan and a team."""
    access.require(access.can_apply(by, initiative))
    access.require(access.application_branches(by).filter(pk=branch.pk).exists())
    with transaction.atomic():
        locked = _lock(initiative)
        check_can_apply(locked, branch)
        outsiders = [m for m in data["team"] if m.branch_id != branch.pk]
        if data.get("lead") is not None and data["lead"].branch_id != branch.pk:
            outsiders.append(data["lead"])
        if outsiders:
            raise ValidationError(
                {"team": _("Choose the team among the members of %(branch)s.") % {"branch": branch}}
            )
        try:
            with transaction.atomic():
                application = Application.objects.create(
                    initiative=locked,
                    branch=branch,
                    plan=data["plan"],
                    team_kind=data["team_kind"],
                    lead=data.get("lead"),
                    submitted_by=_member(by),
                )
        except IntegrityError:
            # Two editors of one branch applying at the same moment: the constraint holds.
            raise ValidationError(
                _("%(branch)s has already applied for this project.") % {"branch": branch}
            ) from None
        application.team.set(data["team"])
        audit.record(
            "application.submitted",
            application,
            by,
            {
                "branch": branch,
                "team_kind": application.get_team_kind_display(),
                "team": list(data["team"]),
                "lead": data.get("lead"),
            },
        )
    return application


def award(initiative, branch, by, comments=""):
    """The committee gives a listed project to one of the branches that applied.

    The row lock makes two committee members awarding at once safe: the second waits,
    then finds the project awarded and is told so.
    """
    access.require(access.can_award(by, initiative))
    with transaction.atomic():
        locked = _lock(initiative)
        if locked.branch_id is not None and locked.status != S.PUBLISHED:
            raise TransitionNotAllowed(
                _("This project has already been awarded to %(branch)s.")
                % {"branch": locked.branch}
            )
        application = locked.applications.filter(branch=branch).first()
        if application is None:
            raise ValidationError(
                {"branch": _("%(branch)s did not apply for this project.") % {"branch": branch}}
            )
        update = {"branch": branch, "team_kind": application.team_kind}
        if application.lead_id:
            update["lead"] = application.lead
        locked = FLOW.transition(
            locked, S.AWARDED, by, update=update, application=application.pk, comments=comments
        )
        locked.team.set(application.team.all())
    return locked


def add_milestone(initiative, data, by):
    with transaction.atomic():
        locked = _lock(initiative)
        access.require(access.can_add_milestone(by, locked))
        if locked.status in Initiative.CLOSED:
            raise TransitionNotAllowed(_("The project is closed; its milestones are final."))
        check_milestone_due(data["due_on"], locked.starts_on, locked.ends_on)
        milestone = Milestone.objects.create(
            initiative=locked, title=data["title"], due_on=data["due_on"]
        )
        audit.record(
            "initiative.milestone_added",
            locked,
            by,
            {"milestone": milestone.title, "due_on": milestone.due_on},
        )
    return milestone


def complete_milestone(milestone, by, today=None):
    """Tick a milestone done (today); the team does this while working the project."""
    with transaction.atomic():
        locked = _lock(milestone.initiative)
        access.require(access.can_work_on(by, locked))
        if locked.status not in Initiative.WORKING:
            raise TransitionNotAllowed(_("Milestones are ticked while the project is worked on."))
        milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
        if milestone.done_on is not None:
            raise TransitionNotAllowed(_("This milestone is already done."))
        milestone.done_on = today or timezone.localdate()
        milestone.save(update_fields=["done_on"])
        audit.record(
            "initiative.milestone_done",
            locked,
            by,
            {
                "milestone": milestone.title,
                "due_on": milestone.due_on,
                "done_on": milestone.done_on,
            },
        )
    return milestone


def _figure_text(figure):
    unit = OutcomeFigure.Unit(figure["unit"]).label
    return f"{figure['label']} {plain_number(figure['quantity'])} {unit}"


def report_progress(initiative, data, figures, files, by):
    """A progress report with its outcome figures (label, quantity, unit) and evidence files."""
    with transaction.atomic():
        locked = _lock(initiative)
        access.require(access.can_work_on(by, locked))
        if locked.status not in Initiative.WORKING:
            raise TransitionNotAllowed(
                _("Progress is reported while the project is in progress or returned for rework.")
            )
        percent = data["percent"]
        if percent is None or not 0 <= percent <= 100:
            raise ValidationError({"percent": _("Progress is a percentage from 0 to 100.")})
        member = _member(by)
        report = ProgressReport.objects.create(
            initiative=locked, percent=percent, text=data["text"], reported_by=member
        )
        OutcomeFigure.objects.bulk_create(
            OutcomeFigure(report=report, label=f["label"], quantity=f["quantity"], unit=f["unit"])
            for f in figures
        )
        for file in files:
            Evidence.objects.create(
                initiative=locked,
                report=report,
                file=file,
                name=file.name[:200],
                uploaded_by=member,
            )
        locked.percent_done = percent
        locked.save(update_fields=["percent_done"])
        audit.record(
            "initiative.progress_reported",
            locked,
            by,
            {
                "report": report.pk,
                "percent": percent,
                "figures": [_figure_text(f) for f in figures],
                "files": [file.name for file in files],
            },
        )
    return report
