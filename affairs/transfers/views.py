"""组织关系转接 pages: start a member's move, accept or reject it, see the history."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from affairs.models import Transfer
from hongjun import access, audit, audit_words, querystring
from hongjun.workflow import TransitionNotAllowed

from . import queries, services
from .forms import NoteForm, ReceiptForm, ReceiveForm, TransferForm, TransferPickForm


def _startable(user):
    """Members whose transfer the user may start: active, in a branch they edit."""
    return access.members_for(user).filter(
        branch__in=access.branches_editable_by(user), is_active=True
    )


@login_required
def transfer_list(request):
    """Waiting transfers first (those the user may decide marked), then the finished ones."""
    transfers = list(queries.transfer_list(access.transfers_for(request.user)))
    today = timezone.localdate()
    for t in transfers:
        t.actions = services.TRANSFER_FLOW.available(t, request.user)
        t.expired = t.letter_expired(today)
    return render(
        request,
        "affairs/transfer_list.html",
        {
            "waiting": [t for t in transfers if t.status == Transfer.Status.REQUESTED],
            "receipts": [t for t in transfers if t.awaiting_receipt],
            "done": [
                t
                for t in transfers
                if t.status != Transfer.Status.REQUESTED and not t.awaiting_receipt
            ],
            "can_receive": access.can_receive_members(request.user),
            "pick": TransferPickForm(members=_startable(request.user))
            if access.actor(request.user).is_branch_editor or access.is_committee(request.user)
            else None,
        },
    )


@login_required
def transfer_pick(request):
    """The member chosen on the list page: on to their transfer form."""
    pk = querystring.number(request.GET.get("member"))
    if pk is None:
        raise Http404
    return redirect("affairs:transfer_create", pk)


@login_required
@require_http_methods(["GET", "POST"])
def transfer_create(request, member_pk):
    member = get_object_or_404(
        access.members_for(request.user).select_related("branch"), pk=member_pk, is_active=True
    )
    access.require(access.can_start_transfer(request.user, member))
    form = TransferForm(request.POST or None, member=member, initial={"kind": "internal"})
    if request.method == "POST" and form.is_valid():
        try:
            transfer = services.start_transfer(member, form.cleaned_data, by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The transfer was requested."))
            return redirect(transfer)
    return render(request, "affairs/transfer_form.html", {"form": form, "member": member})


@login_required
def transfer_detail(request, pk):
    transfer = get_object_or_404(queries.transfer_list(access.transfers_for(request.user)), pk=pk)
    can_receipt = transfer.awaiting_receipt and access.can_record_receipt(request.user, transfer)
    return _detail(
        request,
        transfer,
        actions=services.TRANSFER_FLOW.available(transfer, request.user),
        receipt_form=ReceiptForm(transfer=transfer) if can_receipt else None,
    )


def _detail(request, transfer, actions, receipt_form):
    return render(
        request,
        "affairs/transfer_detail.html",
        {
            "transfer": transfer,
            "expired": transfer.letter_expired(timezone.localdate()),
            "actions": actions,
            "receipt_form": receipt_form,
            "form": NoteForm(),
            "history": queries.membership_history(transfer.member),
            "timeline": audit_words.describe(
                audit.timeline(transfer).select_related("actor__member")
            ),
        },
    )


@login_required
@require_POST
def transfer_decide(request, pk, to):
    transfer = get_object_or_404(
        access.transfers_for(request.user).select_related("from_branch", "to_branch"), pk=pk
    )
    if to not in (Transfer.Status.ACCEPTED, Transfer.Status.REJECTED, Transfer.Status.CANCELLED):
        raise Http404
    access.require(bool(access.transfer_roles(request.user, transfer)))
    form = NoteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        services.decide_transfer(transfer, to, by=request.user, note=note)
    except (TransitionNotAllowed, ValidationError) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(
            request, _("The transfer is now: %(status)s.") % {"status": Transfer.Status(to).label}
        )
    return redirect(transfer)


@login_required
@require_POST
def transfer_receipt(request, pk):
    """回执: the receiving side's slip recorded, closing a move out."""
    transfer = get_object_or_404(queries.transfer_list(access.transfers_for(request.user)), pk=pk)
    access.require(access.can_record_receipt(request.user, transfer))
    form = ReceiptForm(request.POST, transfer=transfer)
    if form.is_valid():
        try:
            services.record_receipt(transfer, form.cleaned_data, by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The receipt was recorded: the transfer is closed."))
            return redirect(transfer)
    return _detail(request, transfer, actions=[], receipt_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def member_receive(request):
    """A member arriving from outside the company with their 介绍信."""
    access.require(access.can_receive_members(request.user))
    branches = access.branches_editable_by(request.user).order_by("order", "name")
    form = ReceiveForm(
        request.POST or None,
        branches=branches,
        initial={"received_on": timezone.localdate(), "status": "full"},
    )
    if request.method == "POST" and form.is_valid():
        try:
            transfer = services.receive_member(form.cleaned_data, by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(name)s was received into %(branch)s.")
                % {"name": transfer.member.name, "branch": transfer.to_branch.name},
            )
            return redirect(transfer)
    return render(request, "affairs/member_receive.html", {"form": form})
