"""Signing in: Django's model backend, with everything each page needs of the user in one query.

Every signed-in request loads its user; every page then asks access.py who they are (their
member record and roles) and shows the bell's count. Read separately that was four queries
before a page did its own work; here it is the user's row with its member, the member's
branch, their roles joined as text and the unread count (access.actor reads them).
"""

import functools

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Coalesce, Concat
from django.utils import timezone

from .subqueries import count_of, joined_of


def signed_in_users():
    """Users with `member` (and its branch), `role_pairs` ("kind:branch_id,...", the roles
    of their active member record) and `unread_reminders` (due by today) in the row."""
    return _signed_in_users(timezone.localdate())


@functools.lru_cache(maxsize=2)
def _signed_in_users(today):
    # Built once a day and process: composing the annotations took longer than running
    # the query (1.3 ms of the 2 that each request spent in the ORM before it).
    from branches.models import Role
    from reminders.models import Reminder

    roles = Role.objects.filter(member__is_active=True)
    pair = Concat(
        "kind", Value(":"), Coalesce(Cast("branch_id", CharField()), Value("")),
        output_field=CharField(),
    )  # fmt: skip
    unread = Reminder.objects.filter(read_at__isnull=True, due_on__lte=today)
    return (
        get_user_model()
        ._default_manager.select_related("member__branch")
        .annotate(
            role_pairs=joined_of(roles, "member__user", pair),
            unread_reminders=count_of(unread, "recipient"),
        )
    )


class PortalBackend(ModelBackend):
    def get_user(self, user_id):
        user = signed_in_users().filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
