"""The home page, which fits the user's role, and the health check."""

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpResponse
from django.shortcuts import render

from branches import queries as org_queries
from branches.models import Branch
from reminders import services as reminders
from safety.pledges import queries as safety_queries

from . import access


@login_required
def home(request):
    kind = access.home_kind(request.user)
    actor = access.actor(request.user)
    context = {"kind": kind, "member": actor.member}
    context["pledge_prompt"] = safety_queries.pledge_prompt(actor.member)
    if kind == "committee":
        generals, direct = org_queries.org_tree(Branch.objects.all())
        context.update(generals=generals, direct_branches=direct)
    elif kind == "secretary":
        context["branches"] = list(
            org_queries.with_member_counts(
                access.branches_editable_by(request.user)
            ).prefetch_related(org_queries.GROUPS)
        )
    if actor.member:
        context["my_reminders"] = reminders.unread_for(request.user)
        context["own_member"] = (
            type(actor.member)
            .objects.select_related("branch", "party_group")
            .prefetch_related("roles__branch", "model_posts", "shock_teams")
            .get(pk=actor.member.pk)
        )
    return render(request, "home.html", context)


def healthz(request):
    """For the load balancer: the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


def bench_floor(request):
    """The benchmark's floor: a page through the whole stack and base.html, no database.

    Routed only when the BENCH_FLOOR setting is on (see `hongjun.urls`), never in
    production; `bench/pages.py` sets it for the gunicorn it starts.
    """
    return render(request, "bench/floor.html", {"rows": range(20)})
