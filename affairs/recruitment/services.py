"""发展党员 changes: applicants, their steps, corrections and withdrawals."""

import datetime
import secrets
from itertools import pairwise

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from affairs.models import (
    BRANCH_DECISIONS,
    EXTENSION,
    EXTENSION_MONTHS,
    MIN_AGE_MONTHS,
    NOTICE,
    NOTICE_WORKING_DAYS,
    RECRUITMENT_STEPS,
    STEP_BY_CODE,
    TRAINING,
    TRAINING_MIN_DAYS,
    TRAINING_MIN_HOURS,
    Applicant,
    RecruitmentPlan,
    RecruitmentRecord,
    Stage,
    earliest_after,
)
from affairs.recruitment.queries import (
    current_steps,
    deadlines,
    earliest_reasons,
    next_rule,
    open_decisions,
)
from branches.models import Member
from hongjun import access, audit, workdays
from hongjun.workflow import Step, Workflow


def _day(value):
    return value.isoformat()


def check_step(rule, record, done, today):
    """Why `record` (a RecruitmentRecord, saved or not) may not stand as step `rule` given
    the other current records `done` ({code: record}): (field, message), or None."""
    day = record.done_on
    if rule.kind == NOTICE:
        start = record.started_on
        if start is None:
            return "started_on", _("Enter the first day of the public notice.")
        if start > today:
            return "started_on", pgettext("recruitment", "The date cannot be in the future.")
        if day < start:
            return "done_on", _("The last day cannot come before the first.")
        days = workdays.working_days_between(start, day)
        if days < NOTICE_WORKING_DAYS:
            return "done_on", _(
                "A public notice runs at least %(n)s working days: %(start)s to %(end)s "
                "has %(days)s."
            ) % {"n": NOTICE_WORKING_DAYS, "start": _day(start), "end": _day(day), "days": days}
    elif day > today:
        return "done_on", pgettext("recruitment", "The date cannot be in the future.")
    if rule.kind == TRAINING:
        problem = _check_training(record)
        if problem:
            return problem
    if rule.kind == EXTENSION and not (
        record.months and EXTENSION_MONTHS[0] <= record.months <= EXTENSION_MONTHS[1]
    ):
        return "months", _("The probation is extended by %(least)s to %(most)s months.") % {
            "least": EXTENSION_MONTHS[0],
            "most": EXTENSION_MONTHS[1],
        }
    for earliest, why in earliest_reasons(rule, done):
        if day < earliest:
            return "done_on", _too_early(rule, earliest, why, done)
    problem = _check_order(rule, record, done)
    if problem:
        return "done_on", problem
    deadline, limit = deadlines(rule, done)
    if limit and day > limit:
        return "done_on", _(
            "Too late: “%(step)s” must come within %(months)s months of “%(ref)s” "
            "(%(ref_date)s), by %(limit)s at the latest."
        ) % {
            "step": rule.label,
            "months": rule.limit[1],
            "ref": STEP_BY_CODE[rule.limit[0]].label,
            "ref_date": _day(done[rule.limit[0]].done_on),
            "limit": _day(limit),
        }
    if limit and deadline and day > deadline and not record.note.strip():
        return "note", _(
            "“%(step)s” is due within %(months)s months (by %(deadline)s): a later date "
            "needs the reason in the note."
        ) % {"step": rule.label, "months": rule.deadline[1], "deadline": _day(deadline)}
    return None


def _check_training(record):
    if record.started_on is None:
        return "started_on", _("Enter the first day of the training.")
    if record.started_on > record.done_on:
        return "done_on", _("The last day cannot come before the first.")
    if record.hours is None or record.hours <= 0:
        return "hours", _("Enter the class hours of the training.")
    days = (record.done_on - record.started_on).days + 1
    if days < TRAINING_MIN_DAYS and record.hours < TRAINING_MIN_HOURS:
        return "done_on", _(
            "The intensive training lasts at least %(days)s days or %(hours)s class hours: "
            "this one had %(had_days)s days and %(had_hours)s hours."
        ) % {
            "days": TRAINING_MIN_DAYS,
            "hours": TRAINING_MIN_HOURS,
            "had_days": days,
            "had_hours": record.hours.normalize(),
        }
    return None


def _check_order(rule, record, done):
    """The step may not come before the step ahead of it (a branch decision: before the
    approval that made the applicant a 预备党员)."""
    first = record.started_on if rule.kind == NOTICE else record.done_on
    if rule in RECRUITMENT_STEPS:
        index = RECRUITMENT_STEPS.index(rule)
        ahead = [r for r in RECRUITMENT_STEPS[:index] if r.code in done][-1:]
    else:
        ahead = [STEP_BY_CODE["approval"]] if "approval" in done else []
    if ahead and first < done[ahead[0].code].done_on:
        return _("“%(step)s” cannot come before “%(previous)s” (%(date)s).") % {
            "step": rule.label,
            "previous": ahead[0].label,
            "date": _day(done[ahead[0].code].done_on),
        }
    return None


def _too_early(rule, earliest, why, done):
    if why == "notice":
        notice = done[rule.after_notice]
        return _(
            "Too early: the public notice from %(start)s must run %(n)s working days and end "
            "(%(end)s) first, so “%(step)s” not before %(earliest)s."
        ) % {
            "start": _day(notice.started_on or notice.done_on),
            "n": NOTICE_WORKING_DAYS,
            "end": _day(notice.done_on),
            "step": rule.label,
            "earliest": _day(earliest),
        }
    if why == "probation":
        return _(
            "Too early: the probation from the vote (%(vote)s) runs until %(end)s, so "
            "“%(step)s” not before %(earliest)s."
        ) % {
            "vote": _day(done["vote"].done_on),
            "end": _day(earliest - datetime.timedelta(days=1)),
            "step": rule.label,
            "earliest": _day(earliest),
        }
    ref, months = rule.earliest
    return _(
        "Too early: “%(step)s” needs at least %(months)s months after “%(ref)s” "
        "(%(ref_date)s), so not before %(earliest)s."
    ) % {
        "step": rule.label,
        "months": months,
        "ref": STEP_BY_CODE[ref].label,
        "ref_date": _day(done[ref].done_on),
        "earliest": _day(earliest),
    }


def check_step_date(code, day, dates, today):
    """Why step `code` may not be dated `day` given the other steps' dates {code: date},
    or None: `check_step` for steps that keep a date alone."""
    done = {c: RecruitmentRecord(step=c, done_on=d) for c, d in dates.items()}
    record = RecruitmentRecord(step=code, done_on=day)
    problem = check_step(STEP_BY_CODE[code], record, done, today)
    return problem[1] if problem else None


def _check_chain(done, today):
    """The first current record that breaks an order or interval rule: (field, message)."""
    for rule in [*RECRUITMENT_STEPS, *BRANCH_DECISIONS]:
        if rule.code in done:
            others = {c: r for c, r in done.items() if c != rule.code}
            problem = check_step(rule, done[rule.code], others, today)
            if problem:
                return problem
    return None


def _age_problem(birth_date, applied_on):
    """The 18-year rule (党章 第一条、细则 第五条) on the day of the application."""
    adult_on = earliest_after(birth_date, MIN_AGE_MONTHS)
    if applied_on < adult_on:
        return _(
            "An applicant must be at least 18 years old: born on %(birth)s, they turn 18 on "
            "%(adult)s, after the application (%(applied)s)."
        ) % {"birth": _day(birth_date), "adult": _day(adult_on), "applied": _day(applied_on)}
    return None


def create_applicant(branch, data, by):
    """Start following a person who has handed in their application (the first step)."""
    access.require(access.can_edit_branch(by, branch))
    applied_on = data["applied_on"]
    if applied_on > timezone.localdate():
        raise ValidationError(
            {"applied_on": pgettext("recruitment", "The date cannot be in the future.")}
        )
    problem = _age_problem(data["birth_date"], applied_on)
    if problem:
        raise ValidationError({"birth_date": problem})
    fields = ["name", "gender", "employee_no", "birth_date", "post", "phone"]
    with transaction.atomic():
        applicant = Applicant.objects.create(branch=branch, **{f: data[f] for f in fields})
        audit.record("applicant.created", applicant, by, {f: data[f] for f in fields})
        record = RecruitmentRecord.objects.create(
            applicant=applicant,
            step="application",
            done_on=applied_on,
            note=data.get("note", ""),
            document=data.get("document") or "",
            recorded_by=by,
        )
        audit.record("recruitment.application", record, by, {"done_on": applied_on})
    return applicant


def done_steps(applicant):
    """{step code: its standing record} of the applicant (one query)."""
    return current_steps(applicant.records.order_by("id"))


def _is_next(code):
    def guard(applicant):
        expected = next_rule(done_steps(applicant))
        return expected is not None and expected.code == code

    return guard


def _is_open(code):
    def guard(applicant):
        return code in {d.code for d in open_decisions(done_steps(applicant))}

    return guard


# The steps after the application, on the shared workflow: each moves the applicant from
# the stage of the step before to its own (often the same), for the branch's editors, and
# only as the applicant's next step (the guard); the branch's two decisions during the
# 预备期 while they are open. Dates and intervals are checked by `check_step`, which names
# the rule broken.
RECRUITMENT_FLOW = Workflow(
    steps=[
        Step(
            {before.stage},
            rule.stage,
            {"editor"},
            f"recruitment.{rule.code}",
            rule.label,
            guard=_is_next(rule.code),
        )
        for before, rule in pairwise(RECRUITMENT_STEPS)
    ]
    + [
        Step(
            {Stage.PROBATIONARY},
            decision.stage,
            {"editor"},
            f"recruitment.{decision.code}",
            decision.label,
            guard=_is_open(decision.code),
        )
        for decision in BRANCH_DECISIONS
    ],
    roles_of=access.applicant_roles,
    field="stage",
)

# What a step's record keeps besides its date and note, taken from the form's data.
EXTRA_FIELDS = ("started_on", "hours", "months")


def record_step(applicant, code, data, by):
    """Record the applicant's next step, or a decision of the branch during the 预备期;
    refuses a step out of order, too early, too late or without what its rule asks for."""
    access.require(access.can_edit_applicant(by, applicant))
    today = timezone.localdate()
    rule = STEP_BY_CODE[code]
    with transaction.atomic():
        applicant = (
            Applicant.objects.select_for_update().select_related("branch").get(pk=applicant.pk)
        )
        done = done_steps(applicant)
        expected = next_rule(done)
        allowed = {d.code for d in open_decisions(done)}
        if expected is not None:
            allowed.add(expected.code)
        if code not in allowed:
            raise ValidationError(
                {
                    "done_on": _("Out of order: the next step for %(name)s is “%(next)s”.")
                    % {
                        "name": applicant.name,
                        "next": expected.label if expected else _("none (the way has ended)"),
                    }
                }
            )
        if rule.document and not data.get("document"):
            raise ValidationError(
                {"document": _("Attach %(material)s.") % {"material": rule.material}}
            )
        new = RecruitmentRecord(
            applicant=applicant,
            step=code,
            done_on=data["done_on"],
            note=data.get("note", ""),
            document=data.get("document") or "",
            recorded_by=by,
            **{f: data.get(f) for f in EXTRA_FIELDS},
        )
        problem = check_step(rule, new, done, today)
        if problem:
            raise ValidationError({problem[0]: problem[1]})

        def record(locked):
            new.applicant = locked
            new.save()
            _sync_member(locked, done | {code: new}, by)
            return {"record": new.pk, "done_on": new.done_on}

        RECRUITMENT_FLOW.take(applicant, f"recruitment.{code}", by, then=record)
    return new


def _apply_stage(applicant, stage, done, by):
    """Move the applicant back to `stage` when a step is withdrawn (steps forward are the
    workflow's), and their member record with it."""
    changes = {}
    if applicant.stage != stage:
        changes["stage"] = [applicant.stage, stage]
        applicant.stage = stage
        applicant.save(update_fields=["stage"])
    _sync_member(applicant, done, by)
    if changes:
        audit.record("applicant.stage", applicant, by, changes)


def _sync_member(applicant, done, by):
    """At approval the Member record is created; at confirmation it becomes a full member
    (and back, when that step is withdrawn); a cancelled membership ends the record."""
    stage = applicant.stage
    if stage in (Stage.PROBATIONARY, Stage.FULL) and applicant.member_id is None:
        member = Member.objects.create(
            name=applicant.name,
            gender=applicant.gender,
            employee_no=applicant.employee_no,
            branch=applicant.branch,
            post=applicant.post,
            phone=applicant.phone,
            status=Member.Status.PROBATIONARY,
            # The 预备期 and the party age count from the branch meeting's vote.
            joined_on=done["vote"].done_on,
            user=applicant.user,
        )
        audit.record("member.created", member, by, {"from_applicant": applicant.pk})
        applicant.member = member
        applicant.save(update_fields=["member"])
    if applicant.member_id:
        member = applicant.member
        status = Member.Status.FULL if stage == Stage.FULL else Member.Status.PROBATIONARY
        active = stage != Stage.CANCELLED
        changes = {}
        if member.status != status:
            changes["status"] = [member.status, status]
            member.status = status
        if member.is_active != active:
            changes["is_active"] = [member.is_active, active]
            member.is_active = active
        if changes:
            audit.record("member.updated", member, by, changes)
            member.save(update_fields=list(changes))


def correct_step(record, data, by):
    """Replace a recorded step's date, note or document with a new, correcting record."""
    access.require(access.can_edit_applicant(by, record.applicant))
    today = timezone.localdate()
    with transaction.atomic():
        applicant = Applicant.objects.select_for_update().get(pk=record.applicant_id)
        done = current_steps(applicant.records.order_by("id"))
        if done.get(record.step) is None or done[record.step].pk != record.pk:
            raise ValidationError(_("This record has already been corrected or withdrawn."))
        new = RecruitmentRecord(
            applicant=applicant,
            step=record.step,
            done_on=data["done_on"],
            note=data.get("note", ""),
            document=data.get("document") or record.document,
            corrects=record,
            recorded_by=by,
            **{f: getattr(record, f) for f in EXTRA_FIELDS},
        )
        problem = _check_chain(done | {record.step: new}, today)
        if problem:
            raise ValidationError({"done_on": problem[1]})
        new.save()
        audit.record(
            "recruitment.corrected",
            new,
            by,
            {
                "corrects": record.pk,
                "done_on": [record.done_on, data["done_on"]],
                "reason": data.get("reason", ""),
            },
        )
    return new


def withdraw_step(record, reason, by):
    """Withdraw the applicant's latest step (a wrong entry) with a reversing record.

    The application cannot be withdrawn (the applicant would have no record at all), nor
    the approval, which made them a member, nor a decision of the branch's 支部大会: those
    are matters for the organisation pages.
    """
    access.require(access.can_edit_applicant(by, record.applicant))
    with transaction.atomic():
        applicant = Applicant.objects.select_for_update().get(pk=record.applicant_id)
        done = current_steps(applicant.records.order_by("id"))
        last = [r for r in RECRUITMENT_STEPS if r.code in done][-1:]
        if record.step in {d.code for d in BRANCH_DECISIONS}:
            raise ValidationError(_("This step cannot be withdrawn."))
        if not last or done[last[0].code].pk != record.pk:
            raise ValidationError(_("Only the latest step can be withdrawn."))
        rule = last[0]
        if rule.code == "application" or rule.creates_member:
            raise ValidationError(_("This step cannot be withdrawn."))
        reversal = RecruitmentRecord.objects.create(
            applicant=applicant,
            step=record.step,
            done_on=record.done_on,
            note=reason,
            corrects=record,
            reverses=True,
            recorded_by=by,
        )
        audit.record(
            "recruitment.withdrawn", reversal, by, {"withdraws": record.pk, "reason": reason}
        )
        del done[record.step]
        stage = [r for r in RECRUITMENT_STEPS if r.code in done][-1].stage
        _apply_stage(applicant, stage, done, by)
    return reversal


def set_plan(branch, year, data, by):
    """The committee sets (or changes) a branch's 年度发展计划 for `year`."""
    access.require(access.can_set_recruitment_plan(by))
    with transaction.atomic():
        plan, created = RecruitmentPlan.objects.select_for_update().get_or_create(
            branch=branch,
            year=year,
            defaults={
                "candidates": data["candidates"],
                "admissions": data["admissions"],
                "note": data.get("note", ""),
                "set_by": by,
            },
        )
        before = {"candidates": plan.candidates, "admissions": plan.admissions}
        if not created:
            plan.candidates = data["candidates"]
            plan.admissions = data["admissions"]
            plan.note = data.get("note", "")
            plan.set_by = by
            plan.save()
        audit.record(
            "recruitment_plan.set",
            plan,
            by,
            {
                "year": year,
                "candidates": [None if created else before["candidates"], plan.candidates],
                "admissions": [None if created else before["admissions"], plan.admissions],
            },
        )
    return plan


def give_applicant_account(applicant, by):
    """A portal account for the applicant (username: employee number); returns the password."""
    access.require(access.can_edit_applicant(by, applicant))
    password = secrets.token_urlsafe(9)
    with transaction.atomic():
        applicant = Applicant.objects.select_for_update().get(pk=applicant.pk)
        if applicant.user_id:
            raise ValidationError(_("The applicant already has an account."))
        users = get_user_model().objects
        if users.filter(username=applicant.employee_no).exists():
            raise ValidationError(_("An account with this employee number already exists."))
        applicant.user = users.create_user(username=applicant.employee_no, password=password)
        applicant.save(update_fields=["user"])
        audit.record("applicant.account_given", applicant, by, {"username": applicant.employee_no})
    return password
