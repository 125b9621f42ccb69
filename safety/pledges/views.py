"""Pages of the pledge: signing, receipts, public verification, versions, rates; and the zones."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from branches.models import Branch
from hongjun import access, querystring
from hongjun.clientip import client_ip

from ..models import PledgeSignature, SafetyZone
from . import queries, services
from .forms import (
    PledgeVersionForm,
    SignForm,
    VerifyForm,
    ViolationForm,
    ZoneFilterForm,
    ZoneForm,
)

# Signing ----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def sign(request):
    """The member's page: read the pledge in force, type the name, one tap."""
    member = access.actor(request.user).member
    if member is None:
        raise Http404
    version = queries.sign_page(member)
    if version is None:
        return render(request, "safety/sign.html", {"version": None})
    if version.my_signature_id:
        messages.info(request, _("You have already signed this pledge."))
        return redirect("safety:receipt", version.my_signature_id)
    form = SignForm(request.POST or None, member=member, version=version)
    if request.method == "POST" and form.is_valid():
        try:
            signature = services.sign_pledge(
                version,
                member,
                form.cleaned_data["typed_name"],
                by=request.user,
                ip_address=client_ip(request),
                user_agent=request.headers.get("user-agent", ""),
            )
        except services.AlreadySigned as refused:
            messages.info(request, refused.message)
            return redirect("safety:receipt", refused.signature.pk)
        except services.PledgeError as refused:
            form.add_error(refused.field, refused.message)
        else:
            messages.success(request, _("Thank you. Your pledge is signed."))
            return redirect("safety:receipt", signature.pk)
    return render(request, "safety/sign.html", {"version": version, "form": form})


@login_required
def receipt(request, pk):
    try:
        signature = queries.receipt(access.pledge_signatures_for(request.user), pk)
    except PledgeSignature.DoesNotExist:
        raise Http404 from None
    return render(request, "safety/receipt.html", {"signature": signature})


@require_GET
def verify(request, code=None):
    """Public: anyone with a receipt's code learns whether that signature is intact.

    Shows only the surname, the branch, the version and the time, never the member's
    full name, address, browser or anything else of theirs.
    """
    if code is None:
        form = VerifyForm(request.GET or None)
        if request.GET and form.is_valid():
            return redirect("safety:verify_code", form.cleaned_data["code"])
        return render(request, "safety/verify.html", {"form": form})
    verdict = queries.verify_code(code)
    return render(
        request,
        "safety/verify.html",
        {"form": VerifyForm(initial={"code": code}), "verdict": verdict, "code": code},
        status=200 if verdict.signature else 404,
    )


# Versions (committee) ---------------------------------------------------------------


@login_required
def version_list(request):
    access.require(access.can_manage_pledges(request.user))
    versions = queries.versions_overview(access.pledge_versions_for(request.user))
    return render(
        request,
        "safety/version_list.html",
        {"versions": versions, "current": queries.current_version()},
    )


@login_required
def version_detail(request, pk):
    version = get_object_or_404(
        queries.versions_overview(access.pledge_versions_for(request.user)), pk=pk
    )
    return render(
        request,
        "safety/version_detail.html",
        {
            "version": version,
            "can_edit": access.can_edit_pledge_version(request.user, version),
            "can_manage": access.can_manage_pledges(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def version_create(request):
    access.require(access.can_manage_pledges(request.user))
    form = PledgeVersionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        version = services.create_version(form.cleaned_data, by=request.user)
        messages.success(request, _("The draft was saved. Publish it when it is final."))
        return redirect(version)
    return render(request, "safety/version_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def version_edit(request, pk):
    version = get_object_or_404(access.pledge_versions_for(request.user), pk=pk)
    access.require(access.can_edit_pledge_version(request.user, version))
    form = PledgeVersionForm(request.POST or None, instance=version)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_version(version, form.cleaned_data, by=request.user)
        except services.PledgeError as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, _("The draft was saved."))
            return redirect(version)
    return render(request, "safety/version_form.html", {"form": form, "version": version})


@login_required
@require_POST
def version_publish(request, pk):
    version = get_object_or_404(access.pledge_versions_for(request.user), pk=pk)
    access.require(access.can_manage_pledges(request.user))
    try:
        services.publish_version(version, by=request.user)
    except services.PledgeError as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("Published. Members are asked to sign it when they log in."))
    return redirect(version)


# Signing rates ----------------------------------------------------------------------


def _rate_version(request):
    versions = list(queries.published_versions())
    if not versions:
        return None, versions
    wanted = request.GET.get("version")
    for v in versions:
        if wanted and str(v.pk) == wanted:
            return v, versions
    if wanted:
        raise Http404
    return versions[0], versions


@login_required
def rates(request):
    """Signing rate per branch: all branches for the committee, their own for secretaries."""
    access.require(access.can_see_pledge_rates(request.user))
    version, versions = _rate_version(request)
    rows = (
        queries.branch_rates(version, access.pledge_rate_branches_for(request.user))
        if version
        else []
    )
    return render(
        request,
        "safety/rates.html",
        {
            "version": version,
            "versions": versions,
            "rows": rows,
            "totals": queries.totals(rows),
        },
    )


@login_required
def rate_branch(request, branch_pk):
    """Who in one branch has and has not signed."""
    branch = get_object_or_404(access.pledge_rate_branches_for(request.user), pk=branch_pk)
    version, versions = _rate_version(request)
    if version is None:
        raise Http404
    members = queries.branch_signers(version, branch)
    return render(
        request,
        "safety/rate_branch.html",
        {
            "branch": branch,
            "version": version,
            "versions": versions,
            "members": members,
            "unsigned": [m for m in members if m.signature is None],
            "signed": [m for m in members if m.signature is not None],
        },
    )


# Zones ------------------------------------------------------------------------------


@login_required
def zone_list(request):
    """The zones the user may read, 50 a page by branch, with a branch filter for those who
    read several: the committee's 450 zones on one page were 170 KB that nobody could search
    (docs/performance.md). "New zone" goes to the branch chosen, or to the only one the
    user edits; the committee chooses a branch first."""
    user = request.user
    zones = access.zones_for(user)
    branches = list(access.branches_for(user).order_by("order", "name").values_list("pk", "name"))
    editable = [Branch(pk=pk, name=name) for pk, name in branches]
    editable = [b for b in editable if access.can_edit_branch(user, b)]
    new_zone_branch = editable[0] if len(editable) == 1 else None
    # ?branch=<id>: one branch's zones, as the filter and the dashboard's figures ask.
    branch = request.GET.get("branch", "")
    if branch:
        branch_pk = querystring.number(branch)
        if branch_pk is None:
            raise Http404
        zones = zones.filter(branch_id=branch_pk)
        new_zone_branch = next((b for b in editable if b.pk == branch_pk), new_zone_branch)
    page = queries.zones_page(zones, request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "safety/zone_list.html",
        {
            "zones": page.object_list,
            "page": page,
            "query": query.urlencode(),
            "filter": ZoneFilterForm(request.GET, branches=branches) if len(branches) > 1 else None,
            "new_zone_branch": new_zone_branch,
            "choose_branch_to_add": len(editable) > 1 and new_zone_branch is None,
        },
    )


@login_required
def zone_detail(request, pk):
    try:
        zone = queries.zone_detail(access.zones_for(request.user), pk)
    except SafetyZone.DoesNotExist:
        raise Http404 from None
    return render(
        request,
        "safety/zone_detail.html",
        {"zone": zone, "can_edit": access.can_edit_zone(request.user, zone)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def zone_create(request, branch_pk):
    branch = get_object_or_404(access.branches_for(request.user), pk=branch_pk)
    access.require(access.can_edit_branch(request.user, branch))
    form = ZoneForm(request.POST or None, branch=branch)
    if request.method == "POST" and form.is_valid():
        zone = services.create_zone(branch, form.cleaned_data, by=request.user)
        messages.success(request, _("The responsibility zone was created."))
        return redirect(zone)
    return render(request, "safety/zone_form.html", {"form": form, "branch": branch})


@login_required
@require_http_methods(["GET", "POST"])
def zone_edit(request, pk):
    zone = get_object_or_404(access.zones_for(request.user).select_related("branch"), pk=pk)
    access.require(access.can_edit_zone(request.user, zone))
    form = ZoneForm(request.POST or None, instance=zone, branch=zone.branch)
    if request.method == "POST" and form.is_valid():
        services.update_zone(zone, form.cleaned_data, by=request.user)
        messages.success(request, _("The responsibility zone was saved."))
        return redirect(zone)
    return render(
        request, "safety/zone_form.html", {"form": form, "branch": zone.branch, "zone": zone}
    )


@login_required
@require_http_methods(["GET", "POST"])
def violation_create(request, zone_pk):
    zone = get_object_or_404(access.zones_for(request.user).select_related("branch"), pk=zone_pk)
    access.require(access.can_edit_zone(request.user, zone))
    form = ViolationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.record_violation(zone, form.cleaned_data, by=request.user)
        messages.success(
            request, _("The violation was recorded; the zone's days without violation restart.")
        )
        return redirect(zone)
    return render(request, "safety/violation_form.html", {"form": form, "zone": zone})
