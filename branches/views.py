"""Pages of the organisation: the tree, a branch (roster, compliance calendar), a member
(with their attendance). The activities' pages are in `activity_views`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from hongjun import access, querystring
from hongjun.forms import member_label
from safety.pledges import queries as safety_queries

from . import compliance, hours, queries, records, services
from .forms import BranchForm, ElectionForm, MemberForm, TrainingForm
from .models import Branch, Committee


@login_required
def org_tree(request):
    """The whole tree with counts: branch names are not private, rosters are."""
    generals, direct = queries.org_tree(Branch.objects.all())
    visible = set(access.branches_for(request.user).values_list("pk", flat=True))
    return render(
        request,
        "branches/org_tree.html",
        {
            "committee": Committee.objects.first(),
            "generals": generals,
            "direct_branches": direct,
            "visible_ids": visible,
        },
    )


@login_required
def branch_detail(request, pk):
    try:
        branch = queries.branch_page(pk, access.branches_for(request.user))
    except Branch.DoesNotExist:
        raise Http404 from None
    today = timezone.localdate()
    return render(
        request,
        "branches/branch_detail.html",
        {
            "branch": branch,
            "roster": queries.roster(branch),
            "zone_streaks": safety_queries.zone_streaks(branch),
            "can_edit": access.can_edit_branch(request.user, branch),
            "can_log": access.can_log_activity(request.user, branch),
            "can_download_ledger": access.can_download_ledger(request.user, branch),
            "compliance_calendar": compliance.year_calendar(branch, today.year, on=today),
            "term": queries.committee_term(branch, today),
            "can_record_election": access.can_record_election(request.user, branch),
            "today": today,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def branch_edit(request, pk):
    branch = get_object_or_404(access.branches_for(request.user), pk=pk)
    access.require(access.can_edit_branch(request.user, branch))
    form = BranchForm(request.POST or None, instance=branch)
    if request.method == "POST" and form.is_valid():
        services.update_branch(branch, form.cleaned_data, by=request.user)
        messages.success(request, _("The branch details were saved."))
        return redirect(branch)
    return render(request, "branches/branch_form.html", {"form": form, "branch": branch})


@login_required
@require_http_methods(["GET", "POST"])
def member_create(request, branch_pk):
    branch = get_object_or_404(access.branches_for(request.user), pk=branch_pk)
    access.require(access.can_edit_branch(request.user, branch))
    form = MemberForm(request.POST or None, branch=branch)
    if request.method == "POST" and form.is_valid():
        member, password = services.create_member(branch, form.cleaned_data, by=request.user)
        messages.success(
            request,
            _(
                "%(name)s was added. Account: %(username)s, initial password: %(password)s. "
                "Hand it over in person; it is not shown again."
            )
            % {"name": member.name, "username": member.user.username, "password": password},
        )
        return redirect(member)
    return render(request, "branches/member_form.html", {"form": form, "branch": branch})


@login_required
def member_detail(request, pk):
    member = _member_in_scope(request, pk)
    return render(request, "branches/member_detail.html", _member_context(request, member))


@login_required
@require_http_methods(["POST"])
def member_id_number(request, pk):
    """The full 身份证号, on request, to the committee: the page again with the number
    shown once; the view is in the audit log (`services.reveal_id_number`)."""
    member = _member_in_scope(request, pk)
    access.require(access.can_see_id_number(request.user, member))
    context = _member_context(request, member)
    context["id_number_full"] = services.reveal_id_number(member, by=request.user)
    return render(request, "branches/member_detail.html", context)


def _member_in_scope(request, pk):
    return get_object_or_404(
        access.members_for(request.user)
        .select_related("branch", "party_group", "user")
        .prefetch_related("roles__branch", "model_posts", "shock_teams"),
        pk=pk,
    )


def _member_context(request, member):
    user = request.user
    year = _year(request.GET.get("year"))
    context = {
        "member": member,
        "can_edit": access.can_edit_member(user, member),
        "show_contact": access.can_see_contact(user, member),
        "show_record": access.can_see_record(user, member),
        "can_see_id_number": access.can_see_id_number(user, member),
        "can_record_training": access.can_record_training(user, member),
        "is_self": access.actor(user).member == member,
        "year": year,
    }
    if context["show_record"]:
        today = timezone.localdate()
        context.update(
            party_standing=member.party_standing(today),
            party_standing_source=records.PARTY_STANDING_SOURCE,
            study_hours=hours.member_hours(member, year),
            hours_source=hours.HOURS_SOURCE,
            trainings=queries.member_trainings(member, year),
        )
    if access.can_see_attendance(user, member):
        rows, summary = queries.member_attendance(member, year)
        context.update(attendance_year=year, attendance_rows=rows, attendance_summary=summary)
    return context


@login_required
@require_http_methods(["GET", "POST"])
def election_create(request, pk):
    """Record a 支部委员会 election: the new 委员 take the offices and the term starts."""
    branch = get_object_or_404(access.branches_for(request.user), pk=pk)
    access.require(access.can_record_election(request.user, branch))
    form = ElectionForm(request.POST or None, branch=branch)
    if request.method == "POST" and form.is_valid():
        services.record_election(branch, form.cleaned_data, form.elected(), by=request.user)
        messages.success(request, _("The election was recorded; the new committee is in office."))
        return redirect(branch.get_absolute_url() + "#term")
    return render(request, "branches/election_form.html", {"form": form, "branch": branch})


@login_required
@require_http_methods(["GET", "POST"])
def training_create(request, pk):
    member = get_object_or_404(access.members_for(request.user).select_related("branch"), pk=pk)
    access.require(access.can_record_training(request.user, member))
    form = TrainingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.record_training(member, form.cleaned_data, by=request.user)
        messages.success(request, _("The training record was saved."))
        return redirect(
            member.get_absolute_url() + f"?year={form.cleaned_data['started_on'].year}#hours"
        )
    return render(request, "branches/training_form.html", {"form": form, "member": member})


def _year(value):
    """A year from the query string, or the current one."""
    this_year = timezone.localdate().year
    try:
        year = int(value)
    except (TypeError, ValueError):
        return this_year
    return year if 2000 <= year <= this_year else this_year


@login_required
@require_http_methods(["GET", "POST"])
def member_edit(request, pk):
    member = get_object_or_404(access.members_for(request.user).select_related("branch"), pk=pk)
    access.require(access.can_edit_member(request.user, member))
    form = MemberForm(request.POST or None, instance=member, branch=member.branch)
    if request.method == "POST" and form.is_valid():
        services.update_member(member, form.cleaned_data, by=request.user)
        messages.success(request, _("The member's details were saved."))
        return redirect(member)
    return render(
        request,
        "branches/member_form.html",
        {"form": form, "branch": member.branch, "member": member},
    )


@login_required
def member_search(request):
    """The member pickers' search: members the user may look up, by name or employee
    number (`q`), within one branch if `branch` is given; at most 20, as JSON."""
    members = access.members_for(request.user)
    branch_id = querystring.number(request.GET.get("branch"))
    if branch_id is not None:
        members = members.filter(branch_id=branch_id)
    found = queries.member_search(members, request.GET.get("q", "")[:50])
    results = [{"id": m.pk, "text": member_label(m), "hint": m.employee_no} for m in found]
    return JsonResponse({"results": results})
