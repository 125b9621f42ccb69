"""发展党员 reads: each applicant's steps, plan and timeline, the pipeline."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q

from affairs.models import (
    RECRUITMENT_STEPS,
    Applicant,
    RecruitmentRecord,
    Stage,
    add_months,
    earliest_after,
)

# Reminders look this far ahead for steps that fall due.
REMINDER_WINDOW = datetime.timedelta(days=14)


# 发展党员 -------------------------------------------------------------------------------


def current_steps(records):
    """{step code: its current record} from an applicant's records in id order; a
    withdrawn step is absent."""
    current = {}
    for record in records:
        if record.reverses:
            current.pop(record.step, None)
        else:
            current[record.step] = record
    return current


def next_rule(done):
    """The first step of the table not yet done, or None once the applicant is a full member."""
    return next((rule for rule in RECRUITMENT_STEPS if rule.code not in done), None)


@dataclass
class Plan:
    """An applicant's next step: not before `earliest`, due by `deadline`."""

    step: object = None
    earliest: datetime.date | None = None
    deadline: datetime.date | None = None
    today: datetime.date | None = None

    @property
    def due(self):
        """When the secretary should act: the deadline, or the day the step opens."""
        return self.deadline or self.earliest

    @property
    def too_early(self):
        return self.earliest is not None and self.today < self.earliest

    @property
    def overdue(self):
        return self.deadline is not None and self.today > self.deadline


def plan(done_dates, today):
    """The next step for an applicant whose steps are done on `done_dates` {code: date}."""
    rule = next_rule(done_dates)
    if rule is None:
        return Plan(today=today)
    result = Plan(step=rule, today=today)
    if rule.earliest and rule.earliest[0] in done_dates:
        result.earliest = earliest_after(done_dates[rule.earliest[0]], rule.earliest[1])
    if rule.deadline and rule.deadline[0] in done_dates:
        result.deadline = add_months(done_dates[rule.deadline[0]], rule.deadline[1])
    return result


def applicants_with_plans(applicants, today):
    """Applicants with `.current` (step → record) and `.plan` (two queries)."""
    rows = list(
        applicants.select_related("branch", "member").prefetch_related(
            Prefetch("records", queryset=RecruitmentRecord.objects.order_by("id"))
        )
    )
    for applicant in rows:
        applicant.current = current_steps(applicant.records.all())
        applicant.plan = plan({c: r.done_on for c, r in applicant.current.items()}, today)
    return rows


@dataclass(frozen=True)
class DueStep:
    applicant: Applicant
    step: object
    due: datetime.date
    branch: object


def due_recruitment_steps(today, within=REMINDER_WINDOW):
    """Next steps due by `today + within` (overdue ones included), for the reminders scan:
    (applicant, step, due date, branch) rows, earliest first. Two queries, whatever the
    number of applicants."""
    rows = []
    for applicant in applicants_with_plans(Applicant.objects.exclude(stage=Stage.FULL), today):
        due = applicant.plan.due
        if applicant.plan.step and due and due <= today + within:
            rows.append(DueStep(applicant, applicant.plan.step, due, applicant.branch))
    return sorted(rows, key=lambda r: (r.due, r.branch.pk, r.applicant.pk))


def pipeline(branches):
    """Branches annotated with `stage_counts` [(stage, label, n)] of their applicants (1 query)."""
    annotated = list(
        branches.annotate(
            **{f"n_{s}": Count("applicants", filter=Q(applicants__stage=s)) for s in Stage.values}
        ).order_by("order", "name")
    )
    for branch in annotated:
        branch.stage_counts = [(s, label, getattr(branch, f"n_{s}")) for s, label in Stage.choices]
    return annotated


def applicant_timeline(applicant, records):
    """The audit entries of the applicant and of each of their step records (one query)."""
    from django.contrib.contenttypes.models import ContentType

    from hongjun.models import AuditEntry

    return (
        AuditEntry.objects.filter(
            Q(
                content_type=ContentType.objects.get_for_model(Applicant),
                object_id=str(applicant.pk),
            )
            | Q(
                content_type=ContentType.objects.get_for_model(RecruitmentRecord),
                object_id__in=[str(r.pk) for r in records],
            )
        )
        .select_related("actor__member")
        .order_by("at", "id")
    )


def applicant_page(applicant):
    """One applicant's records, oldest first, with who recorded them (one query)."""
    return applicant.records.select_related("recorded_by", "corrects").order_by("id")
