"""民主评议党员 changes: opening, ballots, closing, results."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Case, F, Q, When
from django.utils import timezone
from django.utils.translation import gettext as _

from affairs.models import (
    EXCELLENT_SHARE,
    Appraisal,
    AppraisalResult,
    BallotReceipt,
    Rating,
    SelfAssessment,
    VoteCount,
    excellent_allowed,
)
from affairs.transfers.queries import members_of
from branches.models import Member
from hongjun import access, audit
from hongjun.workflow import Step, Workflow

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
    access.require(access.can_edit_branch(by, branch))
    today = timezone.localdate()
    with transaction.atomic():
        if Appraisal.objects.filter(branch=branch, year=year).exists():
            raise ValidationError(
                {"year": _("The appraisal for %(year)s has already been opened.") % {"year": year}}
            )
        appraisal = Appraisal.objects.create(branch=branch, year=year, opened_on=today)
        people = list(members_of(branch, on=today).filter(is_active=True))
        # 预备党员 take part (they vote) and are not graded (PROBATIONARY_NOT_GRADED).
        probationary = [m for m in people if m.status == Member.Status.PROBATIONARY]
        appraisal.participants.set(people)
        appraisal.ungraded.set(probationary)
        graded = [m for m in people if m.status != Member.Status.PROBATIONARY]
        open_counts(appraisal, graded)
        audit.record(
            "appraisal.opened",
            appraisal,
            by,
            {"participants": len(people), "not_graded": [m.name for m in probationary]},
        )
    return appraisal


def graded_ids(appraisal):
    """The participants who are graded (and rated on ballots): all but the 预备党员."""
    return set(
        appraisal.participants.exclude(pk__in=appraisal.ungraded.values("pk")).values_list(
            "pk", flat=True
        )
    )


def open_counts(appraisal, people):
    """The appraisal's vote counts, every participant × every rating at 0, made before any
    ballot so that no ballot adds a row."""
    VoteCount.objects.bulk_create(
        VoteCount(appraisal=appraisal, subject=m, rating=r) for m in people for r in Rating.values
    )


def cast_ballot(appraisal, data, by):
    """Store a member's ballot: their self-assessment, one rating of each other participant.

    The receipt says who voted; what they gave exists only as counts. One UPDATE adds the
    ballot to every count of the appraisal (1 where the ballot gave that rating, 0
    elsewhere), so each row is rewritten alike, whatever the ballot said, and the receipt
    shares its transaction id with all of them. The receipt's unique constraint refuses a
    second ballot.
    """
    voter = access.actor(by).member
    with transaction.atomic():
        appraisal = Appraisal.objects.select_for_update().get(pk=appraisal.pk)
        if appraisal.status != Appraisal.Status.OPEN:
            raise ValidationError(_("Ballots for this appraisal are closed."))
        if voter is None or not appraisal.participants.filter(pk=voter.pk).exists():
            raise ValidationError(_("You are not a participant of this appraisal."))
        subjects = graded_ids(appraisal)
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
        given = Q(pk__in=[])
        for subject, rating in ratings.items():
            given |= Q(subject_id=subject, rating=rating)
        added = VoteCount.objects.filter(appraisal=appraisal).update(
            ballots=F("ballots") + Case(When(given, then=1), default=0)
        )
        if added != len(subjects) * len(Rating.values):
            # Counts missing (an appraisal opened before counts existed): refuse rather than
            # add a row per ballot.
            raise ValidationError(_("This appraisal cannot take ballots; ask the secretary."))
        # The entry says that the member voted, never how.
        audit.record(
            "appraisal.ballot_cast",
            receipt,
            by,
            {"appraisal": appraisal.pk, "self_rating": data["self_rating"], "votes": len(ratings)},
        )
    return receipt


def close_appraisal(appraisal, by):
    return APPRAISAL_FLOW.transition(appraisal, Appraisal.Status.CLOSED, by)


def settle_results(appraisal, ratings, by):
    """Settle the grades {member: rating} the branch committee decided, in one transaction:
    all of them or, when 优秀 would pass a third of those graded, none."""
    with transaction.atomic():
        for member, rating in ratings.items():
            _settle(appraisal, member, {"rating": rating}, by)
        check_excellent_share(appraisal)


def settle_result(appraisal, member, data, by):
    """The branch committee's grade for a member, once ballots are closed."""
    with transaction.atomic():
        result = _settle(appraisal, member, data, by)
        check_excellent_share(appraisal)
    return result


def check_excellent_share(appraisal):
    """Refuse more 优秀 than a third of those graded (EXCELLENT_SHARE; 10 graded → 3)."""
    graded = len(graded_ids(appraisal))
    excellent = AppraisalResult.objects.filter(appraisal=appraisal, rating=Rating.EXCELLENT).count()
    if excellent > excellent_allowed(graded):
        raise ValidationError(excellent_message(graded))


def excellent_message(graded):
    return _(
        "At most a third of those graded may be rated excellent: %(allowed)s of %(graded)s "
        "(%(source)s)."
    ) % {
        "allowed": excellent_allowed(graded),
        "graded": graded,
        "source": EXCELLENT_SHARE.source,
    }


def _settle(appraisal, member, data, by):
    access.require(access.can_manage_appraisal(by, appraisal))
    with transaction.atomic():
        appraisal = Appraisal.objects.select_for_update().get(pk=appraisal.pk)
        if appraisal.status != Appraisal.Status.CLOSED:
            raise ValidationError(
                _("Results are settled after the ballots close and before they are published.")
            )
        if not appraisal.participants.filter(pk=member.pk).exists():
            raise ValidationError(_("The member does not take part in this appraisal."))
        if appraisal.ungraded.filter(pk=member.pk).exists():
            raise ValidationError(
                _("%(name)s takes part as a probationary member and is not graded.")
                % {"name": member.name}
            )
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
        missing = len(
            graded_ids(appraisal)
            - set(
                AppraisalResult.objects.filter(appraisal=appraisal).values_list("member", flat=True)
            )
        )
        if missing:
            raise ValidationError(
                _("%(count)s members have no settled result yet.") % {"count": missing}
            )
        return APPRAISAL_FLOW.transition(appraisal, Appraisal.Status.SETTLED, by)
