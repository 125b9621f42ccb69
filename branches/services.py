"""Every change to the organisation: permission check, one transaction, an audit entry."""

import secrets

from django.contrib.auth import get_user_model
from django.db import transaction

from hongjun import access, audit

from .models import Branch, Member

BRANCH_FIELDS = ["unit", "meeting_place", "description"]
MEMBER_FIELDS = [
    "name",
    "gender",
    "employee_no",
    "status",
    "joined_on",
    "post",
    "party_group",
    "phone",
]


def update_branch(branch, data, by):
    access.require(access.can_edit_branch(by, branch))
    with transaction.atomic():
        # The form has already copied its data onto `branch`: compare with the stored row.
        branch = Branch.objects.select_for_update().get(pk=branch.pk)
        changes = audit.diff(branch, data, BRANCH_FIELDS)
        for name in BRANCH_FIELDS:
            setattr(branch, name, data[name])
        branch.save(update_fields=BRANCH_FIELDS)
        audit.record("branch.updated", branch, by, changes)
    return branch


def create_member(branch, data, by):
    """Add a member to `branch` with a login account; returns (member, initial password).

    The account's username is the employee number; the initial password is shown once to
    the secretary, who hands it over, and the member changes it after the first login.
    """
    access.require(access.can_edit_branch(by, branch))
    password = secrets.token_urlsafe(9)
    with transaction.atomic():
        user = get_user_model().objects.create_user(username=data["employee_no"], password=password)
        member = Member(branch=branch, user=user, **{f: data[f] for f in MEMBER_FIELDS})
        member.save()
        audit.record("member.created", member, by, {f: data[f] for f in MEMBER_FIELDS})
    return member, password


def update_member(member, data, by):
    access.require(access.can_edit_member(by, member))
    with transaction.atomic():
        member = Member.objects.select_for_update().get(pk=member.pk)
        changes = audit.diff(member, data, MEMBER_FIELDS)
        for name in MEMBER_FIELDS:
            setattr(member, name, data[name])
        member.save(update_fields=MEMBER_FIELDS)
        if "employee_no" in changes and member.user_id:
            member.user.username = member.employee_no
            member.user.save(update_fields=["username"])
        audit.record("member.updated", member, by, changes)
    return member
