"""Every change in the party affairs: permission check, one transaction, an audit entry.

Refusals raise `ValidationError` with the message the user sees (views put it next to the
field); nothing is saved when one is raised. Records are never overwritten: a step or a
payment is corrected by a new row that points at the one it replaces.
"""

import datetime
import random
import secrets

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hongjun import access, audit
from hongjun.workflow import Step, Workflow

from .affairs_models import (
    MAX_MONTHLY_INCOME,
    RECRUITMENT_STEPS,
    STEP_BY_CODE,
    Applicant,
    Appraisal,
    AppraisalResult,
    BallotReceipt,
    BranchMembership,
    DuesBase,
    DuesPayment,
    Rating,
    RecruitmentRecord,
    SelfAssessment,
    Stage,
    Transfer,
    Vote,
    dues_for_income,
    earliest_after,
    month_start,
)
from .affairs_queries import current_steps, next_rule
from .models import Member

# 发展党员 -------------------------------------------------------------------------------


def check_step_date(code, day, dates, today):
    """Why `code` may not be dated `day` given the dates of the other steps, or None."""
    rule = STEP_BY_CODE[code]
    if day > today:
        return _("The date cannot be in the future.")
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
        raise ValidationError({"applied_on": _("The date cannot be in the future.")})
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


def record_step(applicant, code, data, by):
    """Record the applicant's next step; refuses a step out of order or too early."""
    access.require(access.can_edit_applicant(by, applicant))
    today = timezone.localdate()
    with transaction.atomic():
        applicant = (
            Applicant.objects.select_for_update().select_related("branch").get(pk=applicant.pk)
        )
        done = current_steps(applicant.records.order_by("id"))
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
        dates = {c: r.done_on for c, r in done.items()}
        problem = check_step_date(code, data["done_on"], {**dates, code: data["done_on"]}, today)
        if problem:
            raise ValidationError({"done_on": problem})
        record = RecruitmentRecord.objects.create(
            applicant=applicant,
            step=code,
            done_on=data["done_on"],
            note=data.get("note", ""),
            document=data.get("document") or "",
            recorded_by=by,
        )
        audit.record(f"recruitment.{code}", record, by, {"done_on": data["done_on"]})
        rule = STEP_BY_CODE[code]
        _apply_stage(applicant, rule.stage, dates | {code: data["done_on"]}, by)
    return record


def _apply_stage(applicant, stage, dates, by):
    """Move the applicant to `stage`; at approval the Member record is created, at
    confirmation it becomes a full member (and back, when that step is withdrawn)."""
    changes = {}
    if applicant.stage != stage:
        changes["stage"] = [applicant.stage, stage]
        applicant.stage = stage
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
        changes["member"] = member.pk
    if applicant.member_id:
        status = Member.Status.FULL if stage == Stage.FULL else Member.Status.PROBATIONARY
        member = applicant.member
        if member.status != status:
            audit.record("member.updated", member, by, {"status": [member.status, status]})
            member.status = status
            member.save(update_fields=["status"])
    applicant.save(update_fields=["stage", "member"])
    if changes:
        audit.record("applicant.stage", applicant, by, changes)


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


# 党费 ----------------------------------------------------------------------------------


def declare_income(member, data, by):
    """A member's declared income from a month on; the dues are worked out by the bands."""
    access.require(access.can_record_dues(by, member))
    income = data["income"]
    if income < 0 or income > MAX_MONTHLY_INCOME:
        raise ValidationError({"income": _("Enter a monthly income between 0 and 1,000,000 yuan.")})
    dues, rate = dues_for_income(income, data["category"])
    with transaction.atomic():
        base = DuesBase.objects.create(
            member=member,
            category=data["category"],
            income=income,
            monthly_dues=dues,
            rate=rate,
            valid_from=month_start(data["valid_from"]),
            recorded_by=by,
        )
        audit.record(
            "dues.declared",
            base,
            by,
            {
                "category": base.category,
                "income": income,
                "monthly_dues": dues,
                "from": base.valid_from,
            },
        )
    return base


def record_payment(member, data, by):
    """Record the dues a member paid (themselves or through someone, 代缴) for one month."""
    access.require(access.can_record_dues(by, member))
    month = month_start(data["month"])
    with transaction.atomic():
        member = Member.objects.select_for_update().get(pk=member.pk)
        paid = DuesPayment.objects.filter(member=member, month=month, reverses__isnull=True)
        if paid.filter(reversal__isnull=True).exists():
            raise ValidationError(
                {
                    "month": _("%(name)s's dues for %(month)s are already paid.")
                    % {"name": member.name, "month": f"{month:%Y-%m}"}
                }
            )
        try:
            with transaction.atomic():
                payment = DuesPayment.objects.create(
                    member=member,
                    branch_id=member.branch_id,
                    month=month,
                    attempt=paid.count() + 1,
                    amount=data["amount"],
                    method=data["method"],
                    paid_on=data["paid_on"],
                    proxy=data.get("proxy", ""),
                    note=data.get("note", ""),
                    recorded_by=by,
                )
        except IntegrityError:
            raise ValidationError(
                {"month": _("These dues were just recorded by someone else.")}
            ) from None
        audit.record(
            "dues.paid",
            payment,
            by,
            {
                "month": f"{month:%Y-%m}",
                "amount": payment.amount,
                "method": payment.method,
                "proxy": payment.proxy,
            },
        )
    return payment


def reverse_payment(payment, reason, by):
    """Cancel a wrongly recorded payment with a reversing entry; the month is then unpaid."""
    access.require(access.can_record_dues(by, payment.member))
    with transaction.atomic():
        payment = DuesPayment.objects.select_for_update().get(pk=payment.pk)
        if payment.reverses_id or DuesPayment.objects.filter(reverses=payment).exists():
            raise ValidationError(_("This payment has already been reversed."))
        reversal = DuesPayment.objects.create(
            member_id=payment.member_id,
            branch_id=payment.branch_id,
            month=payment.month,
            attempt=payment.attempt,
            amount=-payment.amount,
            method=payment.method,
            paid_on=timezone.localdate(),
            note=reason,
            reverses=payment,
            recorded_by=by,
        )
        audit.record(
            "dues.reversed",
            reversal,
            by,
            {"reverses": payment.pk, "amount": reversal.amount, "reason": reason},
        )
    return reversal


# 组织关系转接 ----------------------------------------------------------------------------

# The start of a history row for a member who joined before the portal knew of them.
HISTORY_START = datetime.date(1949, 10, 1)

TRANSFER_FLOW = Workflow(
    steps=[
        Step(
            {"requested"},
            "accepted",
            {"receiver", "committee"},
            "transfer.accepted",
            _("Accept"),
        ),
        Step(
            {"requested"},
            "rejected",
            {"receiver", "committee"},
            "transfer.rejected",
            _("Reject"),
        ),
        Step(
            {"requested"},
            "cancelled",
            {"sender", "committee"},
            "transfer.cancelled",
            _("Cancel"),
        ),
    ],
    roles_of=access.transfer_roles,
)


def start_transfer(member, data, by):
    """The old branch's secretary starts a member's move to another branch or out."""
    access.require(access.can_start_transfer(by, member))
    to_branch = data.get("to_branch")
    with transaction.atomic():
        member = Member.objects.select_for_update().select_related("branch").get(pk=member.pk)
        if data["kind"] == Transfer.Kind.INTERNAL:
            if to_branch is None:
                raise ValidationError({"to_branch": _("Choose the branch the member moves to.")})
            if to_branch.pk == member.branch_id:
                raise ValidationError(
                    {"to_branch": _("The member is already in %(branch)s.") % {"branch": to_branch}}
                )
        elif not data.get("letter_no", "").strip():
            raise ValidationError({"letter_no": _("Enter the number of the transfer letter.")})
        if Transfer.objects.filter(member=member, status=Transfer.Status.REQUESTED).exists():
            raise ValidationError(_("A transfer of this member is already waiting."))
        internal = data["kind"] == Transfer.Kind.INTERNAL
        transfer = Transfer.objects.create(
            member=member,
            kind=data["kind"],
            from_branch=member.branch,
            to_branch=to_branch if internal else None,
            destination="" if internal else data.get("destination", ""),
            letter_no=data.get("letter_no", "").strip(),
            reason=data.get("reason", ""),
            requested_by=by,
        )
        audit.record(
            "transfer.requested",
            transfer,
            by,
            {
                "kind": transfer.kind,
                "from": transfer.from_branch,
                "to": transfer.to_branch or transfer.destination,
                "letter_no": transfer.letter_no,
            },
        )
    return transfer


def decide_transfer(transfer, to, by, note=""):
    """Accept, reject or cancel a waiting transfer. Accepting moves the member in the same
    transaction: their branch, the history rows (the old closed, the new opened)."""
    today = timezone.localdate()
    with transaction.atomic():
        update = {"moved_on": today} if to == Transfer.Status.ACCEPTED else {}
        transfer = TRANSFER_FLOW.transition(transfer, to, by, update=update, note=note)
        if to == Transfer.Status.ACCEPTED:
            _move(transfer, today, by)
    return transfer


def _move(transfer, day, by):
    member = Member.objects.select_for_update().get(pk=transfer.member_id)
    if member.branch_id != transfer.from_branch_id:
        raise ValidationError(
            _("The member is no longer in the branch this transfer started from.")
        )
    open_row = BranchMembership.objects.filter(member=member, end__isnull=True).first()
    if open_row is None:
        # History starts with the first move: the time in the old branch until today.
        start = member.joined_on if member.joined_on and member.joined_on < day else None
        open_row = BranchMembership.objects.create(
            member=member, branch_id=member.branch_id, start=start or HISTORY_START
        )
    if open_row.start >= day:
        # Moved again on the day they arrived: the short stay leaves no row of zero length.
        open_row.delete()
    else:
        open_row.end = day
        open_row.save(update_fields=["end"])
    changes = {"branch": [member.branch_id, transfer.to_branch_id]}
    if transfer.kind == Transfer.Kind.INTERNAL:
        BranchMembership.objects.create(member=member, branch=transfer.to_branch, start=day)
        member.branch = transfer.to_branch
        member.party_group = None
        member.save(update_fields=["branch", "party_group"])
    else:
        member.is_active = False
        member.save(update_fields=["is_active"])
        changes = {"is_active": [True, False], "letter_no": transfer.letter_no}
    audit.record("member.transferred", member, by, {**changes, "transfer": transfer.pk})


# 民主评议党员 ----------------------------------------------------------------------------

APPRAISAL_FLOW = Workflow(
    steps=[
        Step({"open"}, "closed", {"branch_committee"}, "appraisal.closed", _("Close ballots")),
        Step(
            {"closed"}, "settled", {"branch_committee"}, "appraisal.settled", _("Publish results")
        ),
    ],
    roles_of=access.appraisal_roles,
)


def open_appraisal(branch, year, by):
    """Open the year's appraisal; everyone in the branch that day takes part."""
    from .affairs_queries import members_of

    access.require(access.can_edit_branch(by, branch))
    today = timezone.localdate()
    with transaction.atomic():
        if Appraisal.objects.filter(branch=branch, year=year).exists():
            raise ValidationError(
                {"year": _("The appraisal for %(year)s has already been opened.") % {"year": year}}
            )
        appraisal = Appraisal.objects.create(branch=branch, year=year, opened_on=today)
        people = list(members_of(branch, on=today).filter(is_active=True))
        appraisal.participants.set(people)
        audit.record("appraisal.opened", appraisal, by, {"participants": len(people)})
    return appraisal


def cast_ballot(appraisal, data, by):
    """Store a member's ballot: their self-assessment, one rating of each other participant.

    The receipt (who voted) and the votes (what was given, to whom) are written in one
    transaction but share nothing: no voter on a vote, no time on either, random keys, and
    the votes in a shuffled order. The receipt's unique constraint refuses a second ballot.
    """
    voter = access.actor(by).member
    with transaction.atomic():
        appraisal = Appraisal.objects.select_for_update().get(pk=appraisal.pk)
        if appraisal.status != Appraisal.Status.OPEN:
            raise ValidationError(_("Ballots for this appraisal are closed."))
        subjects = set(appraisal.participants.values_list("pk", flat=True))
        if voter is None or voter.pk not in subjects:
            raise ValidationError(_("You are not a participant of this appraisal."))
        ratings = data["ratings"]
        if set(ratings) != subjects - {voter.pk} or not set(ratings.values()) <= set(Rating.values):
            raise ValidationError(_("Rate every other member of the branch."))
        if BallotReceipt.objects.filter(appraisal=appraisal, voter=voter).exists():
            raise ValidationError(_("You have already cast your ballot in this appraisal."))
        try:
            with transaction.atomic():
                receipt = BallotReceipt.objects.create(appraisal=appraisal, voter=voter)
        except IntegrityError:
            raise ValidationError(
                _("You have already cast your ballot in this appraisal.")
            ) from None
        SelfAssessment.objects.create(
            appraisal=appraisal,
            member=voter,
            rating=data["self_rating"],
            summary=data.get("summary", ""),
        )
        votes = [Vote(appraisal=appraisal, subject_id=s, rating=r) for s, r in ratings.items()]
        random.SystemRandom().shuffle(votes)
        Vote.objects.bulk_create(votes)
        # The entry says that the member voted, never how.
        audit.record(
            "appraisal.ballot_cast",
            receipt,
            by,
            {"appraisal": appraisal.pk, "self_rating": data["self_rating"], "votes": len(votes)},
        )
    return receipt


def close_appraisal(appraisal, by):
    return APPRAISAL_FLOW.transition(appraisal, Appraisal.Status.CLOSED, by)


def settle_results(appraisal, ratings, by):
    """Settle the grades {member: rating} the branch committee decided, in one transaction."""
    with transaction.atomic():
        for member, rating in ratings.items():
            settle_result(appraisal, member, {"rating": rating}, by)


def settle_result(appraisal, member, data, by):
    """The branch committee's grade for a member, once ballots are closed."""
    access.require(access.can_manage_appraisal(by, appraisal))
    with transaction.atomic():
        appraisal = Appraisal.objects.select_for_update().get(pk=appraisal.pk)
        if appraisal.status != Appraisal.Status.CLOSED:
            raise ValidationError(
                _("Results are settled after the ballots close and before they are published.")
            )
        if not appraisal.participants.filter(pk=member.pk).exists():
            raise ValidationError(_("The member does not take part in this appraisal."))
        result = AppraisalResult.objects.filter(appraisal=appraisal, member=member).first()
        old = result.rating if result else None
        if old == data["rating"]:
            return result
        if result is None:
            result = AppraisalResult(appraisal=appraisal, member=member)
        result.rating, result.note = data["rating"], data.get("note", "")
        result.save()
        audit.record(
            "appraisal.result_settled",
            result,
            by,
            {"member": member, "rating": [old, result.rating], "note": result.note},
        )
    return result


def publish_results(appraisal, by):
    """Publish once every participant has a result."""
    with transaction.atomic():
        missing = appraisal.participants.exclude(
            pk__in=AppraisalResult.objects.filter(appraisal=appraisal).values("member")
        ).count()
        if missing:
            raise ValidationError(
                _("%(count)s members have no settled result yet.") % {"count": missing}
            )
        return APPRAISAL_FLOW.transition(appraisal, Appraisal.Status.SETTLED, by)
