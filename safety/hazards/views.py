"""Pages of 隐患排查整改: report, list, my hazards, a hazard with its history and its steps."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from hongjun import access, audit_words, uploads
from hongjun.workflow import TransitionNotAllowed

from ..models import Hazard
from . import queries, services
from .forms import AssignForm, CloseForm, FixForm, HazardFilter, HazardReportForm, ReturnForm

S = Hazard.Status
# Each step's form on the hazard page, by the state it leads to.
STEP_FORMS = {
    S.ASSIGNED: AssignForm,
    S.SUBMITTED: FixForm,
    S.CLOSED: CloseForm,
    S.RETURNED: ReturnForm,
}


@login_required
def hazard_list(request):
    hazards = access.hazards_for(request.user)
    filtered = HazardFilter(
        request.GET or None,
        queryset=queries.hazard_list(hazards),
        branches=access.branches_for(request.user),
    )
    rows = filtered.qs
    page = Paginator(rows, 30).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "safety/hazards/list.html",
        {
            "filter": filtered,
            "page": page,
            "query": query.urlencode(),
            "summary": queries.summary(rows, total=page.paginator.count),
        },
    )


@login_required
def hazard_mine(request):
    member = access.actor(request.user).member
    if member is None:
        raise Http404
    reported, assigned = queries.mine(member)
    return render(request, "safety/hazards/mine.html", {"reported": reported, "assigned": assigned})


@login_required
@require_http_methods(["GET", "POST"])
def hazard_report(request):
    access.require(access.can_report_hazard(request.user))
    form = HazardReportForm(
        request.POST or None,
        request.FILES or None,
        zones=queries.zones_for_report(),
        own_branch_id=access.actor(request.user).member.branch_id,
    )
    if request.method == "POST" and form.is_valid():
        hazard = services.report_hazard(form.cleaned_data, by=request.user)
        messages.success(request, _("Thank you: the hazard was reported to the zone's branch."))
        return redirect(hazard)
    return render(request, "safety/hazards/report.html", {"form": form})


def _scoped(request, pk):
    try:
        return queries.hazard_page(pk, access.hazards_for(request.user))
    except Hazard.DoesNotExist:
        raise Http404 from None


def _render_detail(request, hazard, bound=None, status=200):
    """The hazard page with a form for every step the user may take now."""
    steps = services.HAZARD_FLOW.available(hazard, request.user)
    forms = []
    for step in steps:
        form_class = STEP_FORMS[step.target]
        if bound is not None and isinstance(bound, form_class):
            form = bound
        elif form_class is AssignForm:
            initial = {"assignee": hazard.assignee_id, "deadline": hazard.deadline}
            form = AssignForm(hazard=hazard, initial=initial)
        else:
            form = form_class()
        forms.append((step, form))
    return render(
        request,
        "safety/hazards/detail.html",
        {
            "hazard": hazard,
            "step_forms": forms,
            "timeline": audit_words.timeline(hazard),
        },
        status=status,
    )


@login_required
def hazard_detail(request, pk):
    return _render_detail(request, _scoped(request, pk))


def _step(request, pk, allowed, form_class, act):
    """Bind the step's form, call the service, redirect; on bad input show the page again."""
    hazard = _scoped(request, pk)
    access.require(allowed(request.user, hazard))
    kwargs = {"hazard": hazard} if form_class is AssignForm else {}
    form = form_class(request.POST, request.FILES, **kwargs)
    if form.is_valid():
        try:
            act(hazard, form.cleaned_data)
        except TransitionNotAllowed as refused:
            messages.error(request, str(refused))
            return redirect(hazard)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect(hazard)
    return _render_detail(request, hazard, bound=form)


@login_required
@require_POST
def hazard_assign(request, pk):
    def act(hazard, data):
        services.assign(hazard, data["assignee"], data["deadline"], by=request.user)
        messages.success(request, _("The hazard was assigned."))

    return _step(request, pk, access.can_manage_hazard, AssignForm, act)


@login_required
@require_POST
def hazard_submit(request, pk):
    def act(hazard, data):
        services.submit_fix(hazard, data["fix_description"], data["after_photo"], by=request.user)
        messages.success(request, _("The fix was submitted for checking."))

    return _step(request, pk, access.can_submit_hazard_fix, FixForm, act)


@login_required
@require_POST
def hazard_close(request, pk):
    def act(hazard, data):
        services.close(hazard, by=request.user, note=data["note"])
        messages.success(request, _("The hazard was closed."))

    return _step(request, pk, access.can_manage_hazard, CloseForm, act)


@login_required
@require_POST
def hazard_return(request, pk):
    def act(hazard, data):
        services.send_back(hazard, data["reason"], by=request.user)
        messages.success(request, _("The fix was sent back to the assignee."))

    return _step(request, pk, access.can_manage_hazard, ReturnForm, act)


@login_required
def hazard_photo(request, pk, which):
    hazard = get_object_or_404(access.hazards_for(request.user), pk=pk)
    field = {"before": hazard.photo, "after": hazard.after_photo}.get(which)
    if not field:
        raise Http404
    return uploads.serve_for(
        request, field, download_name=f"hazard-{hazard.pk}-{which}{_ext(field.name)}"
    )


def _ext(name):
    return name[name.rfind(".") :] if "." in name.rsplit("/", 1)[-1] else ""
