"""党费 pages: the branch ledger and its export, a member's dues, the committee's collection."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_http_methods, require_POST

from affairs.forms import ReasonForm
from affairs.models import DUES_BANDS, NO_INCOME_DUES, DuesCategory, DuesPayment
from hongjun import access, querystring, xlsx

from . import queries, services
from .forms import DuesBaseForm, PaymentForm


def _year(request, today):
    year = querystring.number(request.GET.get("year"))
    return year if year is not None and 2000 <= year <= today.year + 1 else today.year


@login_required
def dues_home(request):
    """The committee: collection by branch. A secretary: their ledger. A member: their dues."""
    a = access.actor(request.user)
    today = timezone.localdate()
    if a.is_committee:
        year = _year(request, today)
        rows = queries.collection_by_branch(access.branches_for(request.user), year, today)
        queries.with_collection_links(rows, year)
        return render(
            request,
            "affairs/dues_collection.html",
            {
                "rows": rows,
                "year": year,
                "years": range(today.year, today.year - 4, -1),
            },
        )
    if a.is_branch_editor:
        branch = access.branches_editable_by(request.user).order_by("order", "name").first()
        return redirect("affairs:dues_ledger", branch.pk)
    if a.member:
        return redirect("affairs:member_dues", a.member.pk)
    raise Http404


@login_required
def dues_ledger(request, pk):
    """The branch's members × the twelve months of a year: paid, unpaid, not yet due."""
    branch = get_object_or_404(access.branches_for(request.user), pk=pk)
    access.require(access.can_edit_branch(request.user, branch))
    today = timezone.localdate()
    year = _year(request, today)
    rows = queries.branch_ledger(branch, year, today)
    return render(
        request,
        "affairs/dues_ledger.html",
        {
            "branch": branch,
            "rows": queries.with_ledger_links(rows, year),
            "year": year,
            "years": range(today.year, today.year - 4, -1),
            "months": range(1, 13),
            "unpaid_count": sum(len(r.unpaid_months) for r in rows),
            "bands": [(DuesCategory(c).label, bands) for c, bands in DUES_BANDS.items()],
            "no_income_dues": NO_INCOME_DUES,
        },
    )


@login_required
def dues_export(request, pk):
    """The branch's dues ledger for a year as a workbook (党费收缴台账)."""
    branch = get_object_or_404(access.branches_for(request.user), pk=pk)
    access.require(access.can_edit_branch(request.user, branch))
    today = timezone.localdate()
    year = _year(request, today)
    rows = queries.branch_ledger(branch, year, today)
    headers = [
        pgettext("dues", "Name"),
        pgettext("dues", "Employee number"),
        _("Category"),
        _("Monthly dues (yuan)"),
        *[_("Month %(n)s") % {"n": n} for n in range(1, 13)],
        _("Paid in the year (yuan)"),
        _("Months unpaid"),
        _("Paid on the member's behalf by"),
        # 《规定》第十一条: 代缴 only with the branch's consent, recorded with the payment.
        _("Proxy agreed for the branch by"),
    ]
    body = []
    for row in rows:
        base = row.base
        cells, proxies, consents = [], [], []
        for n, m in enumerate(row.months, 1):
            if m.payment:
                # A number the treasurer can add up; who paid for the member goes in its column.
                cells.append(m.payment.amount)
                if m.payment.proxy:
                    proxies.append(_("month %(n)s: %(p)s") % {"n": n, "p": m.payment.proxy})
                    consents.append(
                        _("month %(n)s: %(by)s, %(on)s")
                        % {
                            "n": n,
                            "by": m.payment.proxy_consent_by,
                            "on": f"{m.payment.proxy_consent_on:%Y-%m-%d}",
                        }
                    )
            elif m.unpaid:
                cells.append(_("unpaid"))
            else:
                cells.append("")
        body.append(
            [
                row.member.name,
                row.member.employee_no,
                base.get_category_display() if base else _("not declared"),
                base.monthly_dues if base else "",
                *cells,
                row.paid_total,
                len(row.unpaid_months),
                "；".join(proxies),
                "；".join(consents),
            ]
        )
    workbook = xlsx.new_workbook()
    caption = _("%(branch)s dues ledger %(year)s") % {"branch": branch.name, "year": year}
    xlsx.add_sheet(workbook, _("Dues ledger"), headers, body, caption=caption)
    return xlsx.response(workbook, f"{branch.name}-党费台账-{year}.xlsx")


@login_required
def member_dues(request, pk):
    """A member's declaration, months and payment rows (reversals shown) for a year."""
    member = get_object_or_404(access.dues_members_for(request.user), pk=pk)
    today = timezone.localdate()
    year = _year(request, today)
    [row] = queries.dues_grid(type(member).objects.filter(pk=member.pk), year, today)
    return render(
        request,
        "affairs/member_dues.html",
        {
            "member": row.member,
            "row": row,
            "payments": queries.member_payments(member, year),
            "year": year,
            "years": range(today.year, today.year - 4, -1),
            "can_record": access.can_record_dues(request.user, row.member),
            "reverse_form": ReasonForm(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def dues_declare(request, pk):
    member = get_object_or_404(
        access.dues_members_for(request.user).select_related("branch"), pk=pk
    )
    access.require(access.can_record_dues(request.user, member))
    today = timezone.localdate()
    form = DuesBaseForm(request.POST or None, initial={"valid_from": today.replace(day=1)})
    if request.method == "POST" and form.is_valid():
        try:
            base = services.declare_income(member, form.cleaned_data, by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("The declaration was saved: %(dues)s yuan a month.")
                % {"dues": base.monthly_dues},
            )
            return redirect("affairs:member_dues", member.pk)
    return render(
        request,
        "affairs/form.html",
        {
            "form": form,
            "title": _("Declare income") + f" · {member.name}",
            "back_url": reverse("affairs:member_dues", args=[member.pk]),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def dues_pay(request, pk):
    member = get_object_or_404(
        access.dues_members_for(request.user).select_related("branch"), pk=pk
    )
    access.require(access.can_record_dues(request.user, member))
    today = timezone.localdate()
    [row] = queries.dues_grid(type(member).objects.filter(pk=pk), today.year, today)
    first_unpaid = next((m for m in row.months if m.unpaid), None)
    initial = {"paid_on": today, "method": "cash"}
    if first_unpaid:
        initial.update(month=first_unpaid.month, amount=first_unpaid.due)
    elif row.base:
        initial["amount"] = row.base.monthly_dues
    if request.GET.get("month"):
        initial["month"] = request.GET["month"]
    form = PaymentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            payment = services.record_payment(member, form.cleaned_data, by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("The payment for %(month)s was recorded.") % {"month": f"{payment.month:%Y-%m}"},
            )
            return redirect("affairs:member_dues", member.pk)
    return render(
        request,
        "affairs/form.html",
        {
            "form": form,
            "title": _("Record a payment") + f" · {member.name}",
            "back_url": reverse("affairs:member_dues", args=[member.pk]),
        },
    )


@login_required
@require_POST
def payment_reverse(request, pk):
    payment = get_object_or_404(
        DuesPayment.objects.filter(member__in=access.dues_members_for(request.user)).select_related(
            "member__branch"
        ),
        pk=pk,
    )
    access.require(access.can_record_dues(request.user, payment.member))
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a reason for reversing the payment."))
    else:
        try:
            services.reverse_payment(payment, form.cleaned_data["reason"], by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The payment was reversed; the month is unpaid again."))
    url = reverse("affairs:member_dues", args=[payment.member_id])
    return redirect(f"{url}?year={payment.month.year}")
