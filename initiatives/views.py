"""Pages of the projects: the list and mine, a project, and one page per step of its work."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from hongjun import access, uploads
from hongjun.workflow import TransitionNotAllowed

from . import queries, services
from .filters import InitiativeFilter
from .forms import (
    STEP_FORMS,
    ApplicationForm,
    AwardForm,
    ConfirmForm,
    InitiativeForm,
    MilestoneForm,
    MilestoneFormSet,
    OutcomeFigureFormSet,
    ProgressReportForm,
)
from .models import Initiative, Milestone

PAGE_SIZE = 20


def _bound(request, files=False):
    """A form's data on POST (even an empty POST, e.g. a bare confirmation), else nothing."""
    if request.method != "POST":
        return (None, None) if files else (None,)
    return (request.POST, request.FILES) if files else (request.POST,)


def _list_page(request, initiatives, template_context):
    filters = InitiativeFilter(request.GET or None, queryset=initiatives)
    rows = queries.list_rows(filters.qs)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "initiatives/initiative_list.html",
        {
            "filters": filters,
            "page": page,
            "query": query.urlencode(),
            "today": timezone.localdate(),
            "can_create": access.can_create_initiative(request.user),
            **template_context,
        },
    )


@login_required
def initiative_list(request):
    return _list_page(request, access.initiatives_for(request.user), {"tab": "all"})


@login_required
def my_initiatives(request):
    """The projects whose team (or lead) the member is."""
    return _list_page(request, access.my_initiatives(request.user), {"tab": "mine"})


@login_required
def initiative_detail(request, pk):
    try:
        initiative = queries.initiative_page(pk, access.initiatives_for(request.user))
    except Initiative.DoesNotExist:
        raise Http404 from None
    user = request.user
    applications = queries.applications_of(initiative, user)
    return render(
        request,
        "initiatives/initiative_detail.html",
        {
            "initiative": initiative,
            "applications": applications,
            "timeline": queries.timeline(initiative, applications),
            "buttons": _buttons(initiative, user),
            "outcome_totals": queries.outcome_totals_of(initiative),
            "today": timezone.localdate(),
            "can_edit": access.can_edit_initiative(user, initiative),
            "can_apply": access.can_apply(user, initiative)
            and initiative.status == Initiative.Status.PUBLISHED,
            "can_award": access.can_award(user, initiative)
            and initiative.status == Initiative.Status.PUBLISHED,
            "can_work": access.can_work_on(user, initiative)
            and initiative.status in Initiative.WORKING,
            "can_add_milestone": access.can_add_milestone(user, initiative)
            and initiative.status not in Initiative.CLOSED,
        },
    )


def _buttons(initiative, user):
    """The workflow steps the user may take now: inline POST buttons or links to a form."""
    result = []
    for step in services.FLOW.available(initiative, user):
        if step.target == Initiative.Status.AWARDED:
            url = reverse("initiatives:award", args=[initiative.pk])
        else:
            url = reverse("initiatives:step", args=[initiative.pk, step.target])
        inline = STEP_FORMS.get(step.target) is ConfirmForm
        result.append({"label": step.label, "url": url, "inline": inline, "target": step.target})
    return result


@login_required
@require_http_methods(["GET", "POST"])
def initiative_create(request):
    access.require(access.can_create_initiative(request.user))
    form = InitiativeForm(*_bound(request))
    formset = MilestoneFormSet(*_bound(request), prefix="milestones")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        milestones = [f.cleaned_data for f in formset if f.cleaned_data.get("title")]
        try:
            initiative = services.create_initiative(
                form.cleaned_data, form.cleaned_data["team"], milestones, by=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The project was saved as a draft."))
            return redirect(initiative)
    return render(request, "initiatives/initiative_form.html", {"form": form, "formset": formset})


@login_required
@require_http_methods(["GET", "POST"])
def initiative_edit(request, pk):
    initiative = get_object_or_404(access.initiatives_for(request.user), pk=pk)
    access.require(access.can_edit_initiative(request.user, initiative))
    form = InitiativeForm(*_bound(request), instance=initiative)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_initiative(initiative, form.cleaned_data, by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The project was saved."))
            return redirect(initiative)
    return render(
        request, "initiatives/initiative_form.html", {"form": form, "initiative": initiative}
    )


@login_required
@require_http_methods(["GET", "POST"])
def initiative_step(request, pk, target):
    """Publish, start, submit, accept, return or cancel: a confirmation or a short form."""
    initiative = get_object_or_404(
        access.initiatives_for(request.user).select_related("branch"), pk=pk
    )
    form_class = STEP_FORMS.get(target)
    if form_class is None:
        raise Http404
    access.require(bool(access.initiative_roles(request.user, initiative)))
    # The step this user can take now towards `target` (its label depends on the state:
    # "start the project" or "start work"); None if it is not open to them.
    step = next(
        (s for s in services.FLOW.available(initiative, request.user) if s.target == target), None
    )
    form = form_class(*_bound(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.take_step(initiative, target, by=request.user, **form.cleaned_data)
        except TransitionNotAllowed as error:
            messages.error(request, str(error))
            return redirect(initiative)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Done: %(step)s.") % {"step": step.label})
            return redirect(initiative)
    if step is None:
        messages.error(request, _("This step is not open to you on this project now."))
        return redirect(initiative)
    return render(
        request,
        "initiatives/step_form.html",
        {"initiative": initiative, "form": form, "label": step.label},
    )


@login_required
@require_http_methods(["GET", "POST"])
def application_create(request, pk):
    """揭榜: a branch secretary (or 支委) applies with a plan and a team."""
    initiative = get_object_or_404(access.initiatives_for(request.user), pk=pk)
    access.require(access.can_apply(request.user, initiative))
    branches = access.application_branches(request.user)
    form = ApplicationForm(*_bound(request), branches=branches)
    if request.method == "POST" and form.is_valid():
        try:
            services.apply(
                initiative, form.cleaned_data["branch"], form.cleaned_data, by=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your application was submitted."))
            return redirect(initiative)
    refusal = None
    if request.method == "GET":
        try:
            services.check_can_apply(initiative, branches.first())
        except ValidationError as error:
            refusal = error.messages[0]
    return render(
        request,
        "initiatives/application_form.html",
        {"initiative": initiative, "form": form, "refusal": refusal},
    )


@login_required
@require_http_methods(["GET", "POST"])
def award(request, pk):
    """The committee compares the applications and awards the project to one branch."""
    initiative = get_object_or_404(
        access.initiatives_for(request.user).select_related("branch"), pk=pk
    )
    access.require(access.can_award(request.user, initiative))
    form = AwardForm(*_bound(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.award(
                initiative,
                form.cleaned_data["branch"],
                by=request.user,
                comments=form.cleaned_data["comments"],
            )
        except (TransitionNotAllowed, ValidationError) as error:
            form.add_error(None, error if isinstance(error, ValidationError) else str(error))
        else:
            messages.success(request, _("The project was awarded."))
            return redirect(initiative)
    return render(
        request,
        "initiatives/award.html",
        {
            "initiative": initiative,
            "applications": queries.applications_of(initiative, request.user),
            "form": form,
            "selected": str(form["branch"].value() or ""),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def milestone_create(request, pk):
    initiative = get_object_or_404(access.initiatives_for(request.user), pk=pk)
    access.require(access.can_add_milestone(request.user, initiative))
    form = MilestoneForm(*_bound(request), initiative=initiative)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_milestone(initiative, form.cleaned_data, by=request.user)
        except TransitionNotAllowed as error:
            messages.error(request, str(error))
            return redirect(initiative)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The milestone was added."))
            return redirect(initiative)
    return render(
        request, "initiatives/milestone_form.html", {"initiative": initiative, "form": form}
    )


@login_required
@require_POST
def milestone_done(request, pk):
    milestone = get_object_or_404(
        Milestone.objects.filter(
            initiative__in=access.initiatives_for(request.user)
        ).select_related("initiative"),
        pk=pk,
    )
    access.require(access.can_work_on(request.user, milestone.initiative))
    try:
        services.complete_milestone(milestone, by=request.user)
    except TransitionNotAllowed as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Milestone “%(title)s” is done.") % {"title": milestone.title})
    return redirect(milestone.initiative)


@login_required
@require_http_methods(["GET", "POST"])
def report_create(request, pk):
    """The awarded branch (or the lead) reports progress, outcome figures and evidence."""
    initiative = get_object_or_404(access.initiatives_for(request.user), pk=pk)
    access.require(access.can_work_on(request.user, initiative))
    form = ProgressReportForm(*_bound(request, files=True))
    formset = OutcomeFigureFormSet(*_bound(request), prefix="figures")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        figures = [f.cleaned_data for f in formset if f.is_filled]
        try:
            services.report_progress(
                initiative, form.cleaned_data, figures, form.cleaned_data["files"], by=request.user
            )
        except TransitionNotAllowed as error:
            messages.error(request, str(error))
            return redirect(initiative)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The progress report was saved."))
            return redirect(initiative)
    if request.method == "GET" and initiative.status not in Initiative.WORKING:
        messages.error(
            request,
            _("Progress is reported while the project is in progress or returned for rework."),
        )
        return redirect(initiative)
    return render(
        request,
        "initiatives/report_form.html",
        {"initiative": initiative, "form": form, "formset": formset},
    )


@login_required
def evidence_download(request, pk):
    evidence = get_object_or_404(access.initiative_evidence_for(request.user), pk=pk)
    return uploads.serve_for(request, evidence.file, evidence.name)
