"""The party affairs hub (党务): the four areas, fitted to who is looking."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from affairs.models import Applicant, Appraisal, Stage, Transfer
from hongjun import access, querystring

from .appraisal.queries import open_ballots_for
from .recruitment.queries import due_recruitment_steps, pipeline


@login_required
def hub(request):
    """Secretaries: their branch's figures; committee: all branches; members: their own."""
    user = request.user
    a = access.actor(user)
    today = timezone.localdate()
    editable = access.branches_editable_by(user)
    context = {
        "actor": a,
        "today": today,
        "editable_branches": list(editable.order_by("order", "name")) if a.is_branch_editor else [],
        "is_editor": access.can_keep_affairs(user),
        "own_applicant": Applicant.objects.filter(user=user).first()
        if user.is_authenticated and not a.member
        else None,
    }
    if context["is_editor"]:
        context["pipeline"] = pipeline(editable)
        context["due_steps"] = [
            d for d in due_recruitment_steps(today) if access.can_edit_branch(user, d.branch)
        ][:8]
        context["waiting_transfers"] = (
            access.transfers_for(user).filter(status=Transfer.Status.REQUESTED).count()
        )
        context["open_appraisals"] = (
            access.appraisals_for(user).filter(status=Appraisal.Status.OPEN).count()
        )
    context["ballots"] = open_ballots_for(a.member)
    context["stages"] = Stage.choices
    return render(request, "affairs/hub.html", context)


def branch_from_query(request, branches):
    """The branch picked with ?branch= among `branches`, else the first one (or None)."""
    pk = querystring.number(request.GET.get("branch"))
    chosen = branches.filter(pk=pk).first() if pk is not None else None
    return chosen or branches.order_by("order", "name").first()
