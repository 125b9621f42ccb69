"""发展党员 pages: each branch's applicants, their steps and the committee's pipeline."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from affairs.forms import ReasonForm
from affairs.models import RECRUITMENT_STEPS, RecruitmentRecord, Stage
from hongjun import access, audit_words, querystring, uploads

from . import queries, services
from .forms import ApplicantForm, CorrectStepForm, PlanForm, StepForm


@login_required
def recruitment_list(request):
    """The applicants the user follows with each one's next step; the pipeline by branch;
    the year's 年度发展计划 against the records (the committee sets it here)."""
    access.require(access.branches_editable_by(request.user).exists())
    today = timezone.localdate()
    branches = access.branches_editable_by(request.user)
    applicants = access.applicants_for(request.user).exclude(
        stage__in=[Stage.FULL, Stage.CANCELLED]
    )
    branch_pk = querystring.number(request.GET.get("branch"))
    if branch_pk is not None:
        applicants = applicants.filter(branch_id=branch_pk)
    year = querystring.number(request.GET.get("year"))
    if year is None or not today.year - 5 <= year <= today.year + 1:
        year = today.year
    rows = queries.applicants_with_plans(
        applicants.order_by("branch__order", "stage", "name"), today
    )
    pipeline = queries.pipeline(branches)
    can_plan = access.can_set_recruitment_plan(request.user)
    return render(
        request,
        "affairs/recruitment_list.html",
        {
            "rows": rows,
            "pipeline": pipeline,
            "plans": queries.plans_against_records(pipeline, year),
            "year": year,
            "years": [today.year - 1, today.year, today.year + 1],
            "plan_form": PlanForm(branches=branches, initial={"year": year}) if can_plan else None,
            "stages": Stage.choices,
            "steps": RECRUITMENT_STEPS,
            "today": today,
        },
    )


@login_required
@require_POST
def recruitment_plan(request):
    """The committee sets a branch's 年度发展计划 (a second time: changes it)."""
    access.require(access.can_set_recruitment_plan(request.user))
    branches = access.branches_editable_by(request.user)
    form = PlanForm(request.POST, branches=branches)
    if form.is_valid():
        data = form.cleaned_data
        services.set_plan(data["branch"], data["year"], data, by=request.user)
        messages.success(
            request,
            _("The recruitment plan of %(branch)s for %(year)s was set.")
            % {"branch": data["branch"].name, "year": data["year"]},
        )
        return redirect(f"{reverse('affairs:recruitment_list')}?year={data['year']}")
    return render(
        request,
        "affairs/form.html",
        {
            "form": form,
            "title": _("Recruitment plan"),
            "back_url": reverse("affairs:recruitment_list"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def applicant_create(request, branch_pk):
    branch = get_object_or_404(access.branches_for(request.user), pk=branch_pk)
    access.require(access.can_edit_branch(request.user, branch))
    form = ApplicantForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            applicant = services.create_applicant(branch, form.cleaned_data, by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("%(name)s's application was recorded.") % {"name": applicant.name}
            )
            return redirect(applicant)
    return render(request, "affairs/applicant_form.html", {"form": form, "branch": branch})


@login_required
@require_http_methods(["GET", "POST"])
def applicant_detail(request, pk):
    """The applicant's five stages with every step (done, next, overdue), the form for the
    next step and for the branch's open decisions, and the timeline."""
    applicant = get_object_or_404(access.applicants_for(request.user), pk=pk)
    today = timezone.localdate()
    [applicant] = queries.applicants_with_plans(type(applicant).objects.filter(pk=pk), today)
    can_edit = access.can_edit_applicant(request.user, applicant)
    step = applicant.plan.step
    decisions = queries.open_decisions(applicant.current)
    # The form posted says which it is ("step"): a branch's decision, else the next step.
    taken = None
    if request.method == "POST":
        access.require(can_edit)
        posted = request.POST.get("step")
        taken = next((d for d in decisions if d.code == posted), step)
    forms = {
        rule.code: StepForm(
            *((request.POST, request.FILES) if rule is taken else ()),
            rule=rule,
            initial={"done_on": today},
        )
        for rule in [step, *decisions]
        if rule is not None
    }
    if taken is not None:
        form = forms[taken.code]
        if form.is_valid():
            try:
                services.record_step(applicant, taken.code, form.cleaned_data, by=request.user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("“%(step)s” was recorded.") % {"step": taken.label})
                return redirect(applicant)
    records = list(queries.applicant_page(applicant))
    current_ids = {r.pk for r in applicant.current.values()}
    last = [r for r in RECRUITMENT_STEPS if r.code in applicant.current][-1:]
    return render(
        request,
        "affairs/applicant_detail.html",
        {
            "applicant": applicant,
            "records": records,
            "current_ids": current_ids,
            "last_id": applicant.current[last[0].code].pk if last else None,
            "phases": queries.phases(applicant),
            "form": forms.get(step.code) if can_edit and step else None,
            "decisions": [(d, forms[d.code]) for d in decisions] if can_edit else [],
            "probation_end": queries.probation_end(applicant.current),
            "can_edit": can_edit,
            "timeline": audit_words.describe(queries.applicant_timeline(applicant, records)),
            "today": today,
        },
    )


def _record(request, pk):
    record = get_object_or_404(
        RecruitmentRecord.objects.filter(
            applicant__in=access.applicants_for(request.user)
        ).select_related("applicant__branch"),
        pk=pk,
    )
    return record


@login_required
@require_http_methods(["GET", "POST"])
def record_correct(request, pk):
    record = _record(request, pk)
    access.require(access.can_edit_applicant(request.user, record.applicant))
    form = CorrectStepForm(
        request.POST or None,
        request.FILES or None,
        initial={"done_on": record.done_on, "note": record.note},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.correct_step(record, form.cleaned_data, by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The correction was recorded."))
            return redirect(record.applicant)
    return render(request, "affairs/record_correct.html", {"form": form, "record": record})


@login_required
@require_POST
def record_withdraw(request, pk):
    record = _record(request, pk)
    access.require(access.can_edit_applicant(request.user, record.applicant))
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a reason for withdrawing the step."))
    else:
        try:
            services.withdraw_step(record, form.cleaned_data["reason"], by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The step was withdrawn."))
    return redirect(record.applicant)


@login_required
def record_document(request, pk):
    record = _record(request, pk)
    if not record.document:
        raise Http404
    return uploads.serve(record.document)


@login_required
@require_POST
def applicant_account(request, pk):
    applicant = get_object_or_404(access.applicants_for(request.user), pk=pk)
    access.require(access.can_edit_applicant(request.user, applicant))
    try:
        password = services.give_applicant_account(applicant, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _(
                "Account %(username)s was created, initial password: %(password)s. "
                "Hand it over in person; it is not shown again."
            )
            % {"username": applicant.employee_no, "password": password},
        )
    return redirect(applicant)
