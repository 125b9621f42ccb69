"""Reads shared by the organisation pages and the home pages, with their queries decided here."""

from django.db.models import Count, Prefetch, Q

from .models import Branch, GeneralBranch, Member, PartyGroup, Role

_ACTIVE = Q(members__is_active=True)
# 第一、第二、第三党小组 sort by when they were set up, not by the characters of their names.
GROUPS = Prefetch("groups", queryset=PartyGroup.objects.order_by("id"))


def with_member_counts(branches):
    """Annotate branches with active, full and probationary member counts (one query)."""
    return branches.annotate(
        member_count=Count("members", filter=_ACTIVE),
        full_count=Count("members", filter=_ACTIVE & Q(members__status=Member.Status.FULL)),
        probationary_count=Count(
            "members", filter=_ACTIVE & Q(members__status=Member.Status.PROBATIONARY)
        ),
    )


def org_tree(committee_branches):
    """General branches with their branches (counted) and each branch's party groups.

    Returns (general_branches, direct_branches): branches under a 党总支 hang on it as
    `.tree_branches`; those directly under the 党委 come second. Three queries.
    """
    branches = list(
        with_member_counts(committee_branches)
        .select_related("general_branch")
        .prefetch_related(GROUPS)
        .order_by("order", "name")
    )
    generals = list(GeneralBranch.objects.order_by("order", "name"))
    for general in generals:
        general.tree_branches = [b for b in branches if b.general_branch_id == general.pk]
    direct = [b for b in branches if b.general_branch_id is None]
    return generals, direct


def roster(branch):
    """The branch's active members with group, roles, model posts and shock teams."""
    return (
        branch.members.filter(is_active=True)
        .select_related("party_group", "user")
        .prefetch_related(
            Prefetch("roles", queryset=Role.objects.select_related("branch")),
            "model_posts",
            "shock_teams",
        )
        .order_by("party_group_id", "name")
    )


def branch_page(pk, branches):
    """One branch from the user's scope, with counts, groups and teams prefetched."""
    return (
        with_member_counts(branches)
        .select_related("general_branch", "committee")
        .prefetch_related(
            Prefetch("groups", queryset=PartyGroup.objects.select_related("leader").order_by("id")),
            Prefetch("model_posts", queryset=_teams("model_posts")),
            Prefetch("shock_teams", queryset=_teams("shock_teams").select_related("leader")),
            Prefetch("roles", queryset=Role.objects.select_related("member")),
        )
        .get(pk=pk)
    )


def _teams(name):
    model = Branch._meta.get_field(name).related_model
    return model.objects.prefetch_related("members")
