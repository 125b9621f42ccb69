"""谈心谈话 pages: the branches' coverage, a branch's talks of the year, a talk recorded."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from hongjun import access, querystring

from . import queries, services
from .forms import TalkForm


def _year(request):
    today = timezone.localdate()
    year = querystring.number(request.GET.get("year"))
    return year if year and 2000 <= year <= today.year else today.year


@login_required
def talk_list(request):
    """The branches the user keeps, each with its coverage; a member's own talks."""
    year = _year(request)
    user = request.user
    member = access.actor(user).member
    own = (
        queries.talks_of(access.talks_for(user).filter(Q(talker=member) | Q(talkee=member)), year)
        if member
        else []
    )
    return render(
        request,
        "affairs/talk_list.html",
        {
            "year": year,
            "years": range(timezone.localdate().year, timezone.localdate().year - 4, -1),
            "rows": queries.coverage(
                access.branches_editable_by(user).order_by("order", "name"), year
            )
            if access.can_keep_affairs(user)
            else [],
            "own": own,
            "rule": queries.RULE,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def branch_talks(request, pk):
    """A branch's talks of the year: who with whom and when for all who keep it, the gist
    for the two and the secretary; its members not yet talked with; the form."""
    branch = get_object_or_404(access.branches_editable_by(request.user), pk=pk)
    year = _year(request)
    can_record = access.can_record_talk(request.user, branch)
    members = branch.members.filter(is_active=True)
    form = TalkForm(
        request.POST or None, members=members, initial={"held_on": timezone.localdate()}
    )
    if request.method == "POST":
        access.require(can_record)
        if form.is_valid():
            try:
                services.record_talk(branch, form.cleaned_data, by=request.user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The talk was recorded."))
                return redirect(f"{request.path}?year={form.cleaned_data['held_on'].year}")
    talks = queries.talks_of(branch.talks.all(), year)
    for talk in talks:
        talk.readable = access.can_read_talk_gist(request.user, talk)
    [coverage] = queries.coverage([branch], year)
    return render(
        request,
        "affairs/talk_branch.html",
        {
            "branch": branch,
            "year": year,
            "years": range(timezone.localdate().year, timezone.localdate().year - 4, -1),
            "talks": talks,
            "coverage": coverage,
            "missing": queries.members_without_talk(branch, year),
            "form": form if can_record else None,
            "rule": queries.RULE,
        },
    )
