"""Pages of the dashboard: the dashboard, its full tables and their downloads, the drill-down
list of activities, the committee's weights and green-power pages, and the company workbook."""

import django_filters
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_http_methods, require_POST

from branches import queries as activity_queries
from branches.filters import ActivityFilter
from branches.models import ActivityKind, Branch
from dashboard.models import GreenPowerShare
from hongjun import access, xlsx

from . import charts, exports, indicators, scopes, services, tables
from .forms import ExportForm, GreenPowerForm, WeightsForm
from .score import BY_CODE, INDICATORS, POINTS_PER_INITIATIVE, score, standing, weights

PAGE_SIZE = 25


def _page_data(request, keep=None):
    """Scope, period, every figure and table of the page (the tables of branches cut to
    their `keep` first and last rows), or the bound form with its errors.

    The same for the page and its downloads; 404 for a scope that is unknown or not the
    user's, 403 for members.
    """
    access.require(access.can_see_dashboard(request.user))
    today = timezone.localdate()
    branches = scopes.visible_branches(request.user)
    options = scopes.choices(request.user, branches)
    form = scopes.PeriodForm(request.GET, today=today, scope_choices=options)
    key = request.GET.get("scope") or scopes.default_key(request.user, branches)
    scope, in_scope = scopes.resolve(request.user, key, branches)
    data = {"form": form, "scope": scope, "today": today}
    if not form.is_valid():
        return data
    period = form.cleaned_data["chosen"]
    figures = indicators.collect(in_scope, period, today, is_company=scope.is_company)
    weight_of = weights()
    scores = score(figures, weight_of)
    links = tables.Links(scope, period, today)
    query = request.GET.copy()
    query["scope"] = scope.key
    query.pop("page", None)
    data.update(
        period=period,
        figures=figures,
        weight_of=weight_of,
        scores=scores,
        links=links,
        tables=tables.build(figures, scores, weight_of, scope, links, keep),
        query=query.urlencode(),
    )
    return data


@login_required
def dashboard(request):
    """The committee's reading: the company's totals, every small table whole and the two
    ends of each table of branches, with a link to the full table (`full_table`)."""
    data = _page_data(request, keep=tables.KEEP)
    if "figures" not in data:
        return render(request, "dashboard/dashboard.html", data, status=400)
    figures, period = data["figures"], data["period"]
    shown_scores, _hidden = tables.ends(data["scores"], tables.KEEP)
    data.update(
        charts=charts.build(data["tables"], shown_scores, data["weight_of"], figures.green_power),
        totals={
            "compliance": figures.total("compliance"),
            "activities": figures.total("activities"),
            "attendance": figures.total("attendance"),
            "pledges": figures.total("pledges"),
            "safety": figures.total("safety"),
            "hazards": figures.total("hazards"),
            "study": figures.total("study"),
        },
        indicators=[(i, data["weight_of"][i.code]) for i in INDICATORS],
        points_per_initiative=POINTS_PER_INITIATIVE,
        can_manage=access.can_manage_dashboard(request.user),
        export_form=ExportForm(initial={"year": period.start.year}),
        first_topic_kinds=[ActivityKind(k).label for k in indicators.FIRST_TOPIC_KINDS],
        total_cells=tables.branch_cells(figures, None, data["links"]),
        standing=_standing(data["scope"], period, data["today"], data["weight_of"]),
    )
    return render(request, "dashboard/dashboard.html", data)


def _standing(scope, period, today, weight_of):
    """One branch's rank in the company and its 党总支 (`score.Standing`), where a ranking of
    the scope's branches would rank one: the company's figures, in the same fixed number of
    queries as the committee's page, of which only the ranks and the median are shown."""
    if scope.kind != "branch":
        return None
    company = list(Branch.objects.select_related("general_branch").order_by("order", "name"))
    return standing(scope.branch, score(indicators.collect(company, period, today), weight_of))


def _table_or_404(request, name):
    data = _page_data(request)
    if "figures" not in data or name not in data["tables"]:
        raise Http404
    return data, data["tables"][name]


@login_required
def full_table(request, name):
    """One of the dashboard's tables in full (every branch), for the same scope and period."""
    data, table = _table_or_404(request, name)
    return render(request, "dashboard/table.html", {**data, "table": table})


@login_required
def table_download(request, name):
    data, table = _table_or_404(request, name)
    caption = f"{data['scope'].label} · {data['period'].label} · {table.title}"
    return xlsx.response(exports.table_workbook(table, caption), f"{caption}.xlsx")


# The records behind the numbers --------------------------------------------------------


class KindsFilter(django_filters.BaseInFilter, django_filters.CharFilter):
    pass


class DrillFilter(ActivityFilter):
    """The activity list's filters, plus a set of kinds (e.g. the 三会一课) at once."""

    kinds = KindsFilter(field_name="kind", label=_("Kinds"))

    class Meta(ActivityFilter.Meta):
        fields = [*ActivityFilter.Meta.fields, "kinds"]


def _drill_down(request):
    """Scope, filter and kinds of the records behind a number: the same for the page and
    its download; 404 for a scope that is not the user's, 403 for members."""
    access.require(access.can_see_dashboard(request.user))
    branches = scopes.visible_branches(request.user)
    key = request.GET.get("scope") or scopes.default_key(request.user, branches)
    scope, in_scope = scopes.resolve(request.user, key, branches)
    base = access.activities_for(request.user).filter(branch__in=[b.pk for b in in_scope])
    filterset = DrillFilter(request.GET, queryset=activity_queries.activity_list(base))
    kinds = [k for k in (request.GET.get("kinds") or "").split(",") if k in ActivityKind.values]
    return scope, filterset, kinds


@login_required
def activities(request):
    """Held activities of the dashboard's scope, filtered as the number that links here."""
    scope, filterset, kinds = _drill_down(request)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "dashboard/activities.html",
        {
            "scope": scope,
            "filter": filterset,
            "page": page,
            "query": query.urlencode(),
            "kind_labels": [ActivityKind(k).label for k in kinds],
            "kinds": ",".join(kinds),
        },
    )


@login_required
def activities_download(request):
    """The drill-down's records as a workbook: the same scope and filters as the page."""
    scope, filterset, kinds = _drill_down(request)
    caption = f"{scope.label} · {pgettext('dashboard', 'Activities')}"
    if kinds:
        caption += " · " + "、".join(str(ActivityKind(k).label) for k in kinds)
    workbook, rows = exports.activities_workbook(filterset.qs, caption)
    filters = {k: v for k, v in request.GET.items() if v and k != "page"}
    services.record_drill_down_export(scope, filters, rows, by=request.user)
    return xlsx.response(workbook, f"{caption}.xlsx")


# The committee's settings ------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def weights_edit(request):
    access.require(access.can_manage_dashboard(request.user))
    form = WeightsForm(request.POST or None, current=weights())
    if request.method == "POST" and form.is_valid():
        try:
            services.set_weights(form.weights(), by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The score weights were saved."))
            return redirect("dashboard:weights")
    return render(
        request,
        "dashboard/weights.html",
        {"form": form, "indicators": INDICATORS, "by_code": BY_CODE},
    )


@login_required
@require_http_methods(["GET", "POST"])
def green_power(request):
    access.require(access.can_manage_dashboard(request.user))
    form = GreenPowerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.save_green_power(data["month"], data["percent"], data["note"], by=request.user)
        messages.success(
            request,
            _("The green-power share of %(month)s was saved.")
            % {"month": f"{data['month']:%Y-%m}"},
        )
        return redirect("dashboard:green_power")
    rows = list(GreenPowerShare.objects.select_related("entered_by__member")[:36])
    return render(
        request,
        "dashboard/green_power.html",
        {"form": form, "rows": rows, "target": indicators.GREEN_POWER_TARGET},
    )


# The company workbook ------------------------------------------------------------------


@login_required
@require_POST
def export_create(request):
    access.require(access.can_manage_dashboard(request.user))
    form = ExportForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("dashboard:home")
    job = services.request_company_workbook(form.cleaned_data["year"], by=request.user)
    return redirect("dashboard:export_detail", pk=job.pk)


def _job_status(job):
    return {
        "state": job.state,
        "state_label": str(job.get_state_display()),
        "progress": job.progress,
        "finished": job.is_finished,
        "error": job.error,
        "download": reverse("dashboard:export_download", args=[job.pk])
        if job.state == job.State.DONE
        else "",
    }


@login_required
def export_detail(request, pk):
    job = get_object_or_404(access.export_jobs_for(request.user).select_related("branch"), pk=pk)
    return render(
        request,
        "dashboard/export.html",
        {
            "job": job,
            "status": _job_status(job),
            "status_url": reverse("dashboard:export_status", args=[job.pk]),
        },
    )


@login_required
def export_status(request, pk):
    """What the job page polls: state, progress and the download link once ready."""
    job = get_object_or_404(access.export_jobs_for(request.user), pk=pk)
    return JsonResponse(_job_status(job))


@login_required
def export_download(request, pk):
    job = get_object_or_404(
        access.export_jobs_for(request.user)
        .select_related("branch")
        .filter(state="done")
        .exclude(file=""),
        pk=pk,
    )
    return exports.serve(job)
