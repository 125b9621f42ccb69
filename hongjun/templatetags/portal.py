"""Template helpers: ask `hongjun.access` from a template, and small display filters."""

from django import template

from hongjun import access

register = template.Library()


@register.simple_tag(takes_context=True)
def can(context, verb, obj=None):
    """`{% can "edit_branch" branch as allowed %}` asks `access.can_edit_branch(user, branch)`."""
    check = getattr(access, f"can_{verb}")
    return check(context["request"].user, obj)


@register.filter
def minutes(delta):
    """A timedelta in whole minutes, for messages such as the login lockout's."""
    return int(delta.total_seconds() // 60) if delta else 0
