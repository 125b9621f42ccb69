"""发展党员 changes: applicants, their steps, corrections and withdrawals."""

import secrets
from itertools import pairwise

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from affairs.models import (
    RECRUITMENT_STEPS,
    STEP_BY_CODE,
    Applicant,
    RecruitmentRecord,
    Stage,
    earliest_after,
)
from affairs.recruitment.queries import current_steps, next_rule
from branches.models import Member
from hongjun import access, audit
from hongjun.workflow import Step, Workflow


def check_step_date(code, day, dates, today):
    """Why `code` may not be dated `day` given the dates of the other steps, or None."""
    rule = STEP_BY_CODE[code]
    if day > today:
        return pgettext("recruitment", "The date cannot be in the future.")
    index = RECRUITMENT_STEPS.index(rule)
    previous = RECRUITMENT_STEPS[index - 1] if index else None
    if previous is not None and previous.code in dates and day < dates[previous.code]:
        return _("“%(step)s” cannot come before “%(previous)s” (%(date)s).") % {
            "step": rule.label,
            "previous": previous.label,
            "date": dates[previous.code].isoformat(),
        }
    if rule.earliest and rule.earliest[0] in dates:
        ref, months = rule.earliest
        earliest = earliest_after(dates[ref], months)
        if day < earliest:
            return _(
                "Too early: “%(step)s” needs at least %(months)s months after “%(ref)s” "
                "(%(ref_date)s), so not before %(earliest)s."
            ) % {
                "step": rule.label,
                "months": months,
                "ref": STEP_BY_CODE[ref].label,
                "ref_date": dates[ref].isoformat(),
                "earliest": earliest.isoformat(),
            }
    return None


def _check_chain(dates, today):
    """The first step whose date breaks an order or interval rule, with the reason."""
    for rule in RECRUITMENT_STEPS:
        if rule.code in dates:
            problem = check_step_date(rule.code, dates[rule.code], dates, today)
            if problem:
                return problem
    return None


def create_applicant(branch, data, by):
    """Start following a person who has handed in their application (the first step)."""
    access.require(access.can_edit_branch(by, branch))
    applied_on = data["applied_on"]
    if applied_on > timezone.localdate():
        raise ValidationError(
            {"applied_on": pgettext("recruitment", "The date cannot be in the future.")}
        )
    fields = ["name", "gender", "employee_no", "post", "phone"]
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


# The steps after the application, on the shared workflow: each moves the applicant from
# the stage of the step before to its own (often the same), for the branch's editors, and
# only as the applicant's next step (the guard). Dates and intervals are checked by
# `check_step_date`, which names the rule broken.
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
    ],
    roles_of=access.applicant_roles,
    field="stage",
)


def record_step(applicant, code, data, by):
    """Record the applicant's next step; refuses a step out of order or too early."""
    access.require(access.can_edit_applicant(by, applicant))
    today = timezone.localdate()
    day = data["done_on"]
    with transaction.atomic():
        applicant = (
            Applicant.objects.select_for_update().select_related("branch").get(pk=applicant.pk)
        )
        done = done_steps(applicant)
        expected = next_rule(done)
        if expected is None or expected.code != code:
            raise ValidationError(
                {
                    "done_on": _("Out of order: the next step for %(name)s is “%(next)s”.")
                    % {
                        "name": applicant.name,
                        "next": expected.label if expected else _("none (already a full member)"),
                    }
                }
            )
        dates = {c: r.done_on for c, r in done.items()} | {code: day}
        problem = check_step_date(code, day, dates, today)
        if problem:
            raise ValidationError({"done_on": problem})
        made = []

        def record(locked):
            made.append(
                RecruitmentRecord.objects.create(
                    applicant=locked,
                    step=code,
                    done_on=day,
                    note=data.get("note", ""),
                    document=data.get("document") or "",
                    recorded_by=by,
                )
            )
            _sync_member(locked, dates, by)
            return {"record": made[0].pk, "done_on": day}

        RECRUITMENT_FLOW.take(applicant, f"recruitment.{code}", by, then=record)
    return made[0]


def _apply_stage(applicant, stage, dates, by):
    """Move the applicant back to `stage` when a step is withdrawn (steps forward are the
    workflow's), and their member record with it."""
    changes = {}
    if applicant.stage != stage:
        changes["stage"] = [applicant.stage, stage]
        applicant.stage = stage
        applicant.save(update_fields=["stage"])
    _sync_member(applicant, dates, by)
    if changes:
        audit.record("applicant.stage", applicant, by, changes)


def _sync_member(applicant, dates, by):
    """At approval the Member record is created; at confirmation it becomes a full member
    (and back, when that step is withdrawn)."""
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
            joined_on=dates["vote"],
            user=applicant.user,
        )
        audit.record("member.created", member, by, {"from_applicant": applicant.pk})
        applicant.member = member
        applicant.save(update_fields=["member"])
    if applicant.member_id:
        status = Member.Status.FULL if stage == Stage.FULL else Member.Status.PROBATIONARY
        member = applicant.member
        if member.status != status:
            audit.record("member.updated", member, by, {"status": [member.status, status]})
            member.status = status
            member.save(update_fields=["status"])


def correct_step(record, data, by):
    """Replace a recorded step's date, note or document with a new, correcting record."""
    access.require(access.can_edit_applicant(by, record.applicant))
    today = timezone.localdate()
    with transaction.atomic():
        applicant = Applicant.objects.select_for_update().get(pk=record.applicant_id)
        done = current_steps(applicant.records.order_by("id"))
        if done.get(record.step) is None or done[record.step].pk != record.pk:
            raise ValidationError(_("This record has already been corrected or withdrawn."))
        dates = {c: r.done_on for c, r in done.items()} | {record.step: data["done_on"]}
        problem = _check_chain(dates, today)
        if problem:
            raise ValidationError({"done_on": problem})
        new = RecruitmentRecord.objects.create(
            applicant=applicant,
            step=record.step,
            done_on=data["done_on"],
            note=data.get("note", ""),
            document=data.get("document") or record.document,
            corrects=record,
            recorded_by=by,
        )
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
    the approval, which made them a member: that is a matter for the organisation pages.
    """
    access.require(access.can_edit_applicant(by, record.applicant))
    with transaction.atomic():
        applicant = Applicant.objects.select_for_update().get(pk=record.applicant_id)
        done = current_steps(applicant.records.order_by("id"))
        last = [r for r in RECRUITMENT_STEPS if r.code in done][-1:]
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
        _apply_stage(applicant, stage, {c: r.done_on for c, r in done.items()}, by)
    return reversal


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
