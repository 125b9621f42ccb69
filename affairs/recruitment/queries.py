"""发展党员 reads: each applicant's steps, plan and timeline, the pipeline."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q

from affairs.models import (
    BRANCH_DECISIONS,
    NOTICE,
    NOTICE_WORKING_DAYS,
    PROBATION_MONTHS,
    RECRUITMENT_PHASES,
    RECRUITMENT_STEPS,
    Applicant,
    RecruitmentPlan,
    RecruitmentRecord,
    Stage,
    add_months,
    earliest_after,
)
from hongjun import workdays

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
    """The step after the latest one done, or None once the way has ended (a full member
    with their papers filed, or a cancelled membership).

    Steps are recorded one after the other, so only an applicant recorded before the 细则's
    25 steps were kept (11 then) has earlier steps without a record; they are shown as not
    recorded and not asked for again.
    """
    if "cancellation" in done:
        return None
    done_at = [i for i, rule in enumerate(RECRUITMENT_STEPS) if rule.code in done]
    following = done_at[-1] + 1 if done_at else 0
    return RECRUITMENT_STEPS[following] if following < len(RECRUITMENT_STEPS) else None


def probation_end(done):
    """The day the 预备期 is over: a year from the 支部大会's vote (党章 第七条), plus the
    months of an extension; None before the vote."""
    if "vote" not in done:
        return None
    months = PROBATION_MONTHS + (done["extension"].months if "extension" in done else 0)
    return earliest_after(done["vote"].done_on, months)


def notice_over(notice):
    """The first day the step after a 公示 may be taken: the day after its last day and
    after its `NOTICE_WORKING_DAYS`th working day, counted from its first day."""
    fifth = workdays.nth_working_day(notice.started_on or notice.done_on, NOTICE_WORKING_DAYS)
    return max(notice.done_on, fifth) + datetime.timedelta(days=1)


def earliest_reasons(rule, done):
    """[(the earliest day `rule` may be dated, why)] from its rules and the steps `done`
    ({code: record}); `why` is "interval", "notice" or "probation"."""
    reasons = []
    if rule.earliest and rule.earliest[0] in done:
        ref, months = rule.earliest
        reasons.append((earliest_after(done[ref].done_on, months), "interval"))
    if rule.after_notice and rule.after_notice in done:
        reasons.append((notice_over(done[rule.after_notice]), "notice"))
    if rule.after_probation and "vote" in done:
        reasons.append((probation_end(done), "probation"))
    return reasons


def deadlines(rule, done):
    """(deadline, limit) of `rule` given the steps `done`; either may be None."""
    deadline = limit = None
    if rule.deadline and rule.deadline[0] in done:
        deadline = add_months(done[rule.deadline[0]].done_on, rule.deadline[1])
    if rule.limit and rule.limit[0] in done:
        limit = add_months(done[rule.limit[0]].done_on, rule.limit[1])
    return deadline, limit


@dataclass
class Plan:
    """An applicant's next step: not before `earliest`, due by `deadline` (and, where the
    rule allows a late step with a reason, by `limit` at the latest)."""

    step: object = None
    earliest: datetime.date | None = None
    deadline: datetime.date | None = None
    limit: datetime.date | None = None
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


def plan(done, today):
    """The next step for an applicant whose current records are `done` ({code: record})."""
    rule = next_rule(done)
    if rule is None:
        return Plan(today=today)
    reasons = earliest_reasons(rule, done)
    deadline, limit = deadlines(rule, done)
    earliest = max((day for day, _why in reasons), default=None)
    return Plan(step=rule, earliest=earliest, deadline=deadline, limit=limit, today=today)


def open_decisions(done):
    """The branch's decisions (`BRANCH_DECISIONS`) open for an applicant: during the 预备期
    (approved, not yet confirmed, not cancelled); the extension only once."""
    if "approval" not in done or "confirmation" in done or "cancellation" in done:
        return []
    return [d for d in BRANCH_DECISIONS if d.code not in done]


def applicants_with_plans(applicants, today):
    """Applicants with `.current` (step → record) and `.plan` (two queries)."""
    rows = list(
        applicants.select_related("branch", "member").prefetch_related(
            Prefetch("records", queryset=RecruitmentRecord.objects.order_by("id"))
        )
    )
    for applicant in rows:
        applicant.current = current_steps(applicant.records.all())
        applicant.plan = plan(applicant.current, today)
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
    following = Applicant.objects.exclude(stage__in=[Stage.FULL, Stage.CANCELLED])
    for applicant in applicants_with_plans(following, today):
        due = applicant.plan.due
        if applicant.plan.step and due and due <= today + within:
            rows.append(DueStep(applicant, applicant.plan.step, due, applicant.branch))
    return sorted(rows, key=lambda r: (r.due, r.branch.pk, r.applicant.pk))


@dataclass(frozen=True)
class StepRow:
    """A step on the applicant's page: its rule, its current record (or None) and its
    state: "done", "next", "overdue" (the next step past its deadline), "missing" (before
    the latest step but never recorded) or "later"."""

    rule: object
    record: object
    state: str

    @property
    def provisional(self):
        """A 公示 counted on a year without the 国务院办公厅's notice yet (`hongjun.workdays`)."""
        r = self.record
        return (
            self.rule.kind == NOTICE
            and r is not None
            and (
                workdays.is_provisional(r.started_on or r.done_on)
                or workdays.is_provisional(r.done_on)
            )
        )


def phases(applicant):
    """[(phase number, label, [StepRow])] for the applicant's page, from `.current` and
    `.plan` (see `applicants_with_plans`); the branch's decisions under the fifth, once taken."""
    done = applicant.current
    following = applicant.plan.step
    seen_next = following is None
    by_phase = {number: [] for number, _label in RECRUITMENT_PHASES}
    for rule in RECRUITMENT_STEPS:
        record = done.get(rule.code)
        if record is not None:
            state = "done"
        elif rule is following:
            state = "overdue" if applicant.plan.overdue else "next"
            seen_next = True
        else:
            state = "later" if seen_next else "missing"
        by_phase[rule.phase].append(StepRow(rule, record, state))
    for decision in BRANCH_DECISIONS:
        if decision.code in done:
            by_phase[decision.phase].append(StepRow(decision, done[decision.code], "done"))
    return [(number, label, by_phase[number]) for number, label in RECRUITMENT_PHASES]


@dataclass(frozen=True)
class PlanRow:
    """A branch's 年度发展计划 against the year's records."""

    branch: object
    plan: object
    candidates: int
    admissions: int


# What the plan's two numbers count: a 发展对象 is named by the "candidate" step, a
# 预备党员 admitted by the 支部大会's "vote" (the day the 预备期 and the 入党时间 start).
PLAN_STEPS = {"candidate": "candidates", "vote": "admissions"}


def plans_against_records(branches, year):
    """A PlanRow for each of `branches` (a list) in `year` (two queries, whatever the number
    of branches and applicants). A step counts on the day of its standing record: one
    corrected into another year moves with it, one withdrawn no longer counts."""
    plans = {p.branch_id: p for p in RecruitmentPlan.objects.filter(branch__in=branches, year=year)}
    counts = {
        (row["applicant__branch_id"], row["step"]): row["n"]
        for row in RecruitmentRecord.objects.filter(
            applicant__branch__in=branches,
            step__in=PLAN_STEPS,
            reverses=False,
            correction__isnull=True,
            done_on__year=year,
        )
        .values("applicant__branch_id", "step")
        .annotate(n=Count("id"))
    }
    return [
        PlanRow(
            branch,
            plans.get(branch.pk),
            counts.get((branch.pk, "candidate"), 0),
            counts.get((branch.pk, "vote"), 0),
        )
        for branch in branches
    ]


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
    return applicant.records.select_related("recorded_by__member", "corrects").order_by("id")
