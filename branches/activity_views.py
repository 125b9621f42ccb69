"""Pages of the branches' activities: list, record and edit, detail and evidence, the printed
会议记录, the ledger (.xlsx, and the PDF built in the background), the compliance matrix,
the month calendar and the members' private calendar feed."""

import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from dashboard import services as export_services
from hongjun import access, audit, audit_words, images, uploads, xlsx

from . import compliance, ical, ledger, printing, queries, services
from .filters import ActivityFilter
from .forms import ActivityForm, AttendanceFormSet, entry_is_valid
from .models import (
    COMMITTEE_ONLY_KINDS,
    COMMITTEE_QUORUM_SOURCE,
    Activity,
    ActivityAttachment,
    Branch,
    CalendarToken,
    committee_quorum_met,
)

PAGE_SIZE = 25
FEED_DAYS_BACK = 180


@login_required
def activity_home(request):
    """The 活动 menu: the committee's matrix, or the list of the user's own branch."""
    if access.actor(request.user).is_committee:
        return redirect("branches:compliance_matrix")
    branch = access.branches_for(request.user).first()
    if branch is None:
        raise Http404
    return redirect("branches:activity_list", pk=branch.pk)


@login_required
def activity_list(request, pk):
    branch = get_object_or_404(access.branches_for(request.user), pk=pk)
    filterset = ActivityFilter(
        request.GET or None, queryset=queries.activity_list(branch.activities.all())
    )
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "branches/activity_list.html",
        {
            "branch": branch,
            "filter": filterset,
            "page": page,
            "query": query.urlencode(),
            "can_log": access.can_log_activity(request.user, branch),
            "year": timezone.localdate().year,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def activity_create(request, pk):
    branch = get_object_or_404(access.branches_for(request.user), pk=pk)
    access.require(access.can_log_activity(request.user, branch))
    roster = queries.activity_roster(branch, kind=_posted_kind(request))
    own = access.actor(request.user).member
    form = ActivityForm(
        request.POST or None,
        request.FILES or None,
        branch=branch,
        roster=roster,
        initial={
            "host": own.pk if own and own.branch_id == branch.pk else None,
            "kind": request.GET.get("kind"),
        },
    )
    formset = _attendance_formset(request, form, roster)
    if request.method == "POST" and formset.is_bound and entry_is_valid(form, formset):
        activity = services.create_activity(
            branch,
            form.cleaned_data,
            formset.attendance() if form.is_held else [],
            form.evidence(),
            by=request.user,
        )
        messages.success(request, _("The activity was recorded."))
        return redirect(activity)
    return render(
        request,
        "branches/activity_form.html",
        {"form": form, "formset": formset, "branch": branch, "roster_kind": _roster_kind(request)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def activity_edit(request, pk):
    activity = get_object_or_404(
        access.activities_for(request.user).select_related("branch"), pk=pk
    )
    access.require(access.can_edit_activity(request.user, activity))
    roster = queries.activity_roster(
        activity.branch, activity, kind=_posted_kind(request) or activity.kind
    )
    form = ActivityForm(
        request.POST or None,
        request.FILES or None,
        instance=activity,
        branch=activity.branch,
        roster=roster,
    )
    formset = _attendance_formset(
        request, form, roster, recorded=queries.recorded_attendance(activity)
    )
    if request.method == "POST" and formset.is_bound and entry_is_valid(form, formset):
        services.update_activity(
            activity,
            form.cleaned_data,
            formset.attendance() if form.is_held else [],
            form.evidence(),
            by=request.user,
        )
        messages.success(request, _("The activity was saved."))
        return redirect(activity)
    return render(
        request,
        "branches/activity_form.html",
        {
            "form": form,
            "formset": formset,
            "branch": activity.branch,
            "activity": activity,
            "roster_kind": _roster_kind(request, activity),
        },
    )


def _posted_kind(request):
    """The activity kind the attendance roster is for: posted, or asked for in the link
    (`?kind=committee_meeting` opens the form with the 委员 only)."""
    return request.POST.get("kind") or request.GET.get("kind") or None


def _roster_kind(request, activity=None):
    """ "committee" when the attendance lists the 委员 only (activities.js reloads the form
    when the kind chosen needs the other roster)."""
    kind = _posted_kind(request) or (activity.kind if activity else None)
    return "committee" if kind in COMMITTEE_ONLY_KINDS else "branch"


def _attendance_formset(request, form, roster, recorded=None):
    """The roster's attendance, bound to the post unless the post was filled in for another
    roster (the kind changed to or from a 支部委员会): then the new roster, unbound, with a
    message on the form, and nothing saved."""
    formset = AttendanceFormSet(request.POST or None, roster=roster, recorded=recorded)
    if _posted_kind(request) in COMMITTEE_ONLY_KINDS and formset.outside_roster():
        form.is_valid()
        form.add_error(
            None,
            _(
                "The attendance below now lists whom this kind of meeting expects (a branch "
                "committee meeting: its 委员 only). Check it and save again."
            ),
        )
        formset = AttendanceFormSet(roster=roster, recorded=recorded)
    return formset


@login_required
def activity_detail(request, pk):
    try:
        activity = queries.activity_detail(pk, access.activities_for(request.user))
    except Activity.DoesNotExist:
        raise Http404 from None
    attendances = list(activity.attendances.all())
    groups = {status: [] for status in ("present", "excused", "absent")}
    for row in attendances:
        groups[row.status].append(row)
    can_edit = access.can_edit_activity(request.user, activity)
    files = list(activity.attachments.all())
    quorum = None
    if activity.kind in COMMITTEE_ONLY_KINDS and attendances:
        # The rows recorded are the 委员 expected (the form lists only them).
        present, expected = len(groups["present"]), len(attendances)
        quorum = {
            "present": present,
            "expected": expected,
            "met": committee_quorum_met(present, expected),
            "source": COMMITTEE_QUORUM_SOURCE,
        }
    return render(
        request,
        "branches/activity_detail.html",
        {
            "activity": activity,
            "quorum": quorum,
            "attendances": attendances,
            "present": groups["present"],
            "excused": groups["excused"],
            "absent": groups["absent"],
            "photos": [f for f in files if f.is_image],
            "documents": [f for f in files if not f.is_image],
            "can_edit": can_edit,
            # The change history names who changed what: for those who keep the record.
            "timeline": audit_words.describe(
                audit.timeline(activity).select_related("actor__member")
            )
            if can_edit
            else [],
        },
    )


@login_required
def attachment_download(request, pk, file_pk):
    activity = get_object_or_404(access.activities_for(request.user), pk=pk)
    attachment = get_object_or_404(activity.attachments, pk=file_pk)
    return uploads.serve_for(request, attachment.file, download_name=attachment.original_name)


@login_required
def activity_print(request, pk):
    """The activity's 会议记录 as an A4 sheet for the browser to print: held activities only
    (a planned one has no record yet), scoped like the activity's page."""
    try:
        activity = queries.activity_detail(
            pk,
            access.activities_for(request.user)
            .filter(status=Activity.Status.HELD)
            .select_related("created_by__member"),
        )
    except Activity.DoesNotExist:
        raise Http404 from None

    def photo_src(attachment):
        # Photos that are pictures show as such; a PDF filed as a photo is listed by name.
        with attachment.file.open("rb") as handle:
            found = uploads.sniff(handle)
        if found is None or found[0] != "image":
            return None
        return (reverse("branches:attachment_photo", args=[activity.pk, attachment.pk]),)

    record = printing.minutes(activity, printing.secretary_of(activity.branch), photo_src)
    return render(request, "print/minutes.html", {"m": record})


@login_required
def attachment_photo(request, pk, file_pk):
    """A photo of the activity at print size (JPEG), shown inline by the printed record."""
    activity = get_object_or_404(access.activities_for(request.user), pk=pk)
    attachment = get_object_or_404(
        activity.attachments.filter(kind=ActivityAttachment.Kind.PHOTO), pk=file_pk
    )
    picture = images.downscale(attachment.file, images.PRINT)
    if picture is None:
        raise Http404
    response = HttpResponse(picture[0], content_type="image/jpeg")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=86400"
    return response


@login_required
def ledger_download(request, pk, year):
    branch = get_object_or_404(access.branches_for(request.user), pk=pk)
    access.require(access.can_download_ledger(request.user, branch))
    _check_ledger_year(year)
    workbook = ledger.build(branch, year)
    return xlsx.response(
        workbook,
        _("%(branch)s activity ledger %(year)s.xlsx") % {"branch": branch.name, "year": year},
    )


@login_required
@require_POST
def ledger_pdf_create(request, pk, year):
    """Queue the year's 台账 as PDF; its page shows the progress and then the download."""
    branch = get_object_or_404(access.branches_for(request.user), pk=pk)
    access.require(access.can_download_ledger(request.user, branch))
    _check_ledger_year(year)
    job = export_services.request_ledger_pdf(branch, year, by=request.user)
    return redirect("dashboard:export_detail", pk=job.pk)


def _check_ledger_year(year):
    """A ledger exists from 2000 to next year; any other year in the address is a 404."""
    if not 2000 <= year <= timezone.localdate().year + 1:
        raise Http404


@login_required
def compliance_matrix(request):
    """The committee's one screen: every branch against every cadence rule."""
    access.require(access.can_see_compliance_matrix(request.user))
    today = timezone.localdate()
    rules = compliance.rules()
    rows = compliance.compliance_for(
        Branch.objects.select_related("general_branch").order_by("order", "name"),
        on=today,
        cadence_rules=rules,
    )
    return render(
        request,
        "branches/compliance_matrix.html",
        {
            "rules": rules,
            "rows": rows,
            "matrix_rows": compliance.matrix_rows(rows, today.year),
            "today": today,
            "behind": sum(1 for r in rows if r.overdue),
        },
    )


def _month(value):
    """(year, month) from '2026-11', or the current month for anything else."""
    try:
        day = datetime.datetime.strptime(value or "", "%Y-%m").date()
    except ValueError:
        day = timezone.localdate()
    if not 2000 <= day.year <= 2100:
        day = timezone.localdate()
    return day.year, day.month


@login_required
def calendar_month(request):
    year, month = _month(request.GET.get("month"))
    activities = access.activities_for(request.user)
    sessions = access.study_sessions_for(request.user)
    branches = None
    branch_id = None
    if access.actor(request.user).is_committee:
        branches = Branch.objects.order_by("order", "name")
        try:
            branch_id = int(request.GET.get("branch") or 0) or None
        except ValueError:
            branch_id = None
        if branch_id:
            activities = activities.filter(branch_id=branch_id)
            sessions = sessions.filter(
                Q(branch_id=branch_id)
                | Q(branch__isnull=True, attendances__member__branch_id=branch_id)
            ).distinct()
    first = datetime.date(year, month, 1)
    prev_month = (first - datetime.timedelta(days=1)).strftime("%Y-%m")
    next_month = (first + datetime.timedelta(days=31)).strftime("%Y-%m")
    # The whole company's month is a count a day, each linking to that day's list on the
    # dashboard; a branch's month lists its activities.
    counts_only = branches is not None and not branch_id
    if counts_only:
        weeks = queries.month_counts(year, month, activities)
    else:
        weeks = queries.month_grid(year, month, activities, sessions)
    return render(
        request,
        "branches/calendar_month.html",
        {
            "weeks": weeks,
            "first": first,
            "prev_month": prev_month,
            "next_month": next_month,
            "today": timezone.localdate(),
            "branches": branches,
            "branch_id": branch_id,
            "days": [d for week in weeks for d in week if d[1] and d[2]],
            "weekdays": [WEEKDAYS_ABBR[i] for i in range(7)],
            "counts_only": counts_only,
            "day_list_url": reverse("dashboard:activities") if counts_only else None,
        },
    )


def calendar_feed(request, token):
    """The private .ics feed: no login, the token is the key; unknown or revoked → 404."""
    found = (
        CalendarToken.objects.filter(token=token, revoked_at__isnull=True, member__is_active=True)
        .select_related("member")
        .first()
    )
    if found is None:
        raise Http404
    member = found.member
    since = timezone.now() - datetime.timedelta(days=FEED_DAYS_BACK)
    activities = (
        access.activities_concerning(member)
        .filter(starts_at__gte=since)
        .select_related("branch", "host", "party_group")
        .order_by("starts_at", "id")
    )
    sessions = (
        access.study_sessions_concerning(member)
        .filter(starts_at__gte=since)
        .select_related("branch", "host")
        .order_by("starts_at", "id")
    )
    with translation.override(settings.LANGUAGE_CODE):
        text = ical.feed(
            activities,
            name=_("%(name)s · branch activities") % {"name": member.name},
            url_for=lambda a: request.build_absolute_uri(a.get_absolute_url()),
            domain=request.get_host().split(":")[0],
            sessions=sessions,
        )
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=600"
    return response


@login_required
def calendar_subscription(request):
    """The member's own feed address, with buttons to create, replace or revoke it."""
    member = access.actor(request.user).member
    if member is None:
        raise Http404
    token = CalendarToken.objects.filter(member=member, revoked_at__isnull=True).first()
    feed_url = (
        request.build_absolute_uri(reverse("branches:calendar_feed", args=[token.token]))
        if token
        else None
    )
    return render(
        request, "branches/calendar_subscription.html", {"token": token, "feed_url": feed_url}
    )


@login_required
@require_POST
def calendar_token_create(request):
    member = access.actor(request.user).member
    if member is None:
        raise Http404
    services.create_calendar_token(member, by=request.user)
    messages.success(
        request, _("Your calendar address is ready. Any earlier address no longer works.")
    )
    return redirect("branches:calendar_subscription")


@login_required
@require_POST
def calendar_token_revoke(request):
    member = access.actor(request.user).member
    if member is None:
        raise Http404
    if services.revoke_calendar_token(member, by=request.user):
        messages.success(request, _("The calendar address was revoked."))
    return redirect("branches:calendar_subscription")
