"""民主评议党员 pages: open the year's appraisal, cast a ballot, count, settle, publish."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from affairs.models import EXCELLENT_SHARE, Appraisal, Rating, excellent_allowed
from hongjun import access, audit, audit_words
from hongjun.workflow import TransitionNotAllowed

from . import queries, services
from .forms import BallotForm, OpenAppraisalForm, ResultsForm


@login_required
def appraisal_list(request):
    """Every appraisal the user may see with turnout and the share of each grade."""
    today = timezone.localdate()
    return render(
        request,
        "affairs/appraisal_list.html",
        {
            "appraisals": queries.appraisals_with_rates(access.appraisals_for(request.user)),
            "ballots": queries.open_ballots_for(access.actor(request.user).member),
            # A branch whose appraisal for this year is already open is not offered another.
            "open_branches": list(
                access.branches_editable_by(request.user)
                .exclude(appraisals__year=today.year)
                .order_by("order", "name")
            )
            if access.actor(request.user).is_branch_editor
            else [],
            "open_form": OpenAppraisalForm(initial={"year": today.year}),
            "levels": Rating.choices,
        },
    )


@login_required
@require_POST
def appraisal_open(request, branch_pk):
    branch = get_object_or_404(access.branches_for(request.user), pk=branch_pk)
    access.require(access.can_edit_branch(request.user, branch))
    form = OpenAppraisalForm(request.POST)
    if form.is_valid():
        try:
            appraisal = services.open_appraisal(branch, form.cleaned_data["year"], by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The appraisal is open for ballots."))
            return redirect(appraisal)
    else:
        messages.error(request, _("Enter a year between 2000 and 2100."))
    return redirect("affairs:appraisal_list")


@login_required
@require_http_methods(["GET", "POST"])
def appraisal_detail(request, pk):
    """Turnout; once ballots close, the count per member and the settling form."""
    appraisal = get_object_or_404(
        access.appraisals_for(request.user).select_related("branch"), pk=pk
    )
    can_manage = access.can_manage_appraisal(request.user, appraisal)
    counted = appraisal.status != Appraisal.Status.OPEN
    tallies = queries.appraisal_tally(appraisal) if counted else []
    form = ResultsForm(request.POST or None, tallies=tallies)
    for t in tallies:
        t.field = form[f"m_{t.member.pk}"]
    if request.method == "POST":
        access.require(can_manage)
        if form.is_valid():
            try:
                services.settle_results(appraisal, form.results(), by=request.user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The results were saved."))
                return redirect(appraisal)
    [rated] = queries.appraisals_with_rates(Appraisal.objects.filter(pk=pk))
    member = access.actor(request.user).member
    return render(
        request,
        "affairs/appraisal_detail.html",
        {
            "appraisal": rated,
            "tallies": tallies,
            "form": form if can_manage and appraisal.status == Appraisal.Status.CLOSED else None,
            "can_manage": can_manage,
            "actions": services.APPRAISAL_FLOW.available(appraisal, request.user),
            "is_participant": member is not None
            and appraisal.participants.filter(pk=member.pk).exists(),
            "has_voted": member is not None and queries.has_voted(appraisal, member),
            "timeline": audit_words.describe(
                audit.timeline(appraisal).select_related("actor__member")
            ),
            "levels": Rating.choices,
            "ungraded": queries.ungraded_participants(appraisal),
            "excellent_allowed": excellent_allowed(len(tallies)),
            "excellent_source": EXCELLENT_SHARE.source,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def ballot(request, pk):
    """A member's ballot: their own rating and summary, one rating for each other member."""
    appraisal = get_object_or_404(
        access.appraisals_for(request.user).select_related("branch"), pk=pk
    )
    member = access.actor(request.user).member
    access.require(member is not None and appraisal.participants.filter(pk=member.pk).exists())
    voted = queries.has_voted(appraisal, member)
    # 预备党员 vote but are not rated: only the graded are on the ballot.
    others = [m for m in queries.graded_participants(appraisal) if m.pk != member.pk]
    form = BallotForm(request.POST or None, others=others)
    if request.method == "POST" and form.is_valid():
        try:
            services.cast_ballot(appraisal, form.ballot(), by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your ballot was cast. Thank you."))
            return redirect(appraisal)
    return render(
        request,
        "affairs/ballot.html",
        {"appraisal": appraisal, "form": form, "voted": voted, "open": appraisal.status == "open"},
    )


@login_required
@require_POST
def appraisal_step(request, pk, to):
    appraisal = get_object_or_404(
        access.appraisals_for(request.user).select_related("branch"), pk=pk
    )
    access.require(access.can_manage_appraisal(request.user, appraisal))
    try:
        if to == Appraisal.Status.SETTLED:
            services.publish_results(appraisal, by=request.user)
        else:
            services.APPRAISAL_FLOW.transition(appraisal, to, by=request.user)
    except (TransitionNotAllowed, ValidationError) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(
            request, _("The appraisal is now: %(status)s.") % {"status": Appraisal.Status(to).label}
        )
    return redirect(appraisal)
