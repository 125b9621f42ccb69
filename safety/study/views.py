"""Pages of 安全"三学": sessions, attendance and scores, participation, mentor pairs."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from hongjun import access, uploads

from ..models import StudySession
from . import queries, services
from .forms import (
    MODE_FORMS,
    BranchSessionForm,
    MentorPairForm,
    MentorSessionForm,
    PeriodForm,
    attendance_formset,
)

Mode = StudySession.Mode
PARTICIPATION_PAGE = 50  # branches a page


@login_required
def session_list(request):
    actor = access.actor(request.user)
    upcoming, past = queries.upcoming_and_past(
        access.study_sessions_for(request.user), actor.member
    )
    page = Paginator(past, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "safety/study/list.html",
        {
            "upcoming": list(upcoming[:50]),
            "page": page,
            "modes": access.study_modes_for(request.user),
            "Mode": Mode,
        },
    )


def _session_form(request, mode):
    data = (request.POST or None, request.FILES or None)
    form_class = MODE_FORMS[mode]
    if form_class is BranchSessionForm:
        return form_class(*data, branches=access.study_branches_for(request.user))
    if form_class is MentorSessionForm:
        return form_class(*data, mentor=access.actor(request.user).member)
    return form_class(*data)


@login_required
@require_http_methods(["GET", "POST"])
def session_create(request, mode):
    if mode not in Mode.values:
        raise Http404
    access.require(mode in access.study_modes_for(request.user))
    form = _session_form(request, mode)
    if request.method == "POST" and form.is_valid():
        try:
            session = services.create_session(mode, form.cleaned_data, by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("The session was scheduled and %(n)s members were invited.")
                % {"n": session.attendances.count()},
            )
            return redirect(session)
    return render(request, "safety/study/form.html", {"form": form, "mode_label": Mode(mode).label})


def _scoped(request, pk):
    try:
        return queries.session_page(pk, access.study_sessions_for(request.user))
    except StudySession.DoesNotExist:
        raise Http404 from None


def _render_detail(request, session, formset=None):
    rows = queries.attendance_rows(session)
    can_record = access.can_record_study_attendance(request.user, session)
    member = access.actor(request.user).member
    if can_record and formset is None:
        formset = attendance_formset(rows)
    return render(
        request,
        "safety/study/detail.html",
        {
            "session": session,
            "rows": rows,
            "formset": formset if can_record else None,
            "can_record": can_record,
            "my_row": next((r for r in rows if member and r.member_id == member.pk), None),
            "present_count": sum(1 for r in rows if r.attended),
        },
    )


@login_required
def session_detail(request, pk):
    return _render_detail(request, _scoped(request, pk))


@login_required
@require_POST
def attendance(request, pk):
    session = _scoped(request, pk)
    access.require(access.can_record_study_attendance(request.user, session))
    formset = attendance_formset(queries.attendance_rows(session), data=request.POST)
    if formset.is_valid():
        rows = [
            (f.cleaned_data["member"], f.cleaned_data["attended"], f.cleaned_data["quiz_score"])
            for f in formset.forms
        ]
        try:
            services.record_attendance(session, rows, by=request.user)
        except ValidationError as error:
            formset._non_form_errors = formset.error_class(error.messages)
        else:
            messages.success(request, _("Attendance and scores were saved."))
            return redirect(session)
    return _render_detail(request, session, formset=formset)


@login_required
def material(request, pk):
    session = get_object_or_404(access.study_sessions_for(request.user), pk=pk)
    if not session.material:
        raise Http404
    return uploads.serve(session.material)


@login_required
def participation(request):
    access.require(access.can_see_study_participation(request.user))
    period = PeriodForm(request.GET or None)
    since = until = None
    if period.is_valid():
        since, until = period.cleaned_data["since"], period.cleaned_data["until"]
    branches, totals = queries.participation(since, until)
    # The totals are the company's; the rows a page of branches at a time, because 150
    # branches by three modes are 1,350 cells to render.
    page = Paginator(branches, PARTICIPATION_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "safety/study/participation.html",
        {
            "period": period,
            "page": page,
            "query": query.urlencode(),
            "totals": totals,
            "modes": list(Mode),
            "low_rate": queries.LOW_RATE,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def mentor_pairs(request):
    can_edit = access.can_edit_mentor_pairs(request.user)
    if request.method == "POST":
        access.require(can_edit)
    form = None
    if can_edit:
        form = MentorPairForm(
            request.POST or None, branches=access.branches_editable_by(request.user)
        )
        if request.method == "POST" and form.is_valid():
            try:
                services.create_mentor_pair(form.cleaned_data, by=request.user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The mentor pair was recorded."))
                return redirect("study:mentor_pairs")
    pairs = queries.mentor_pair_rows(access.mentor_pairs_for(request.user))
    page = Paginator(pairs, 50).get_page(request.GET.get("page"))
    return render(request, "safety/study/mentor_pairs.html", {"form": form, "page": page})
