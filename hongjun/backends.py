"""Signing in: Django's model backend, with everything each page needs of the user in one query.

Every signed-in request loads its user; every page then asks access.py who they are (their
member record and roles) and shows the bell's count. Read separately that was four queries
before a page did its own work; here it is one: the user's row with its member, the
member's branch, their roles joined as text and the unread count (access.actor and the bell
read them). The statement is written once a process from the models' columns: composing it
through the ORM on every request cost more than running it.
"""

import functools

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError
from django.db import connections, router
from django.utils import timezone

# The roles of the user's active member record as "kind:branch_id,..." (branch empty for
# the 党委 role), and the reminders due by today still unread (the partial index's query).
ROLES = {
    "postgresql": "STRING_AGG({pair}, ',')",
    "sqlite": "GROUP_CONCAT({pair}, ',')",
}


def signed_in_user(user_id):
    """The user `user_id` with `member` (and its branch) cached, `role_pairs` and
    `unread_reminders` set; None if there is no such user. One query."""
    from branches.models import Branch, Member

    User = get_user_model()
    try:
        user_id = User._meta.pk.to_python(user_id)
    except ValidationError:
        return None
    alias = router.db_for_read(User)
    connection = connections[alias]
    sql, shapes = _statement(connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(sql, [timezone.localdate(), user_id])
        row = cursor.fetchone()
    if row is None:
        return None
    values = iter(row)
    user, member, branch = (
        _instance(model, alias, names, [next(values) for _ in names])
        for model, names in zip((User, Member, Branch), shapes, strict=True)
    )
    user.role_pairs, user.unread_reminders = next(values) or "", next(values)
    member_user = Member._meta.get_field("user")
    if member is not None:
        Member._meta.get_field("branch").set_cached_value(member, branch)
        member_user.set_cached_value(member, user)
    member_user.remote_field.set_cached_value(user, member)
    return user


def _instance(model, alias, names, values):
    # A LEFT JOIN that found nothing gives a row of NULLs: no member (or no branch).
    return None if values[0] is None else model.from_db(alias, names, values)


@functools.lru_cache(maxsize=4)
def _statement(vendor):
    """(sql, field names of the user, member and branch columns) for `vendor`."""
    from branches.models import Branch, Member, Role
    from reminders.models import Reminder

    User = get_user_model()
    quote = connections[router.db_for_read(User)].ops.quote_name

    def columns(model, alias):
        fields = model._meta.concrete_fields
        return [f.attname for f in fields], [f"{alias}.{quote(f.column)}" for f in fields]

    (user_names, u), (member_names, m), (branch_names, b) = (
        columns(User, "u"),
        columns(Member, "m"),
        columns(Branch, "b"),
    )
    pair = "r.kind || ':' || COALESCE(CAST(r.branch_id AS TEXT), '')"
    # Names from the models' _meta, no input: the only values are the two parameters.
    roles = (
        f"(SELECT {ROLES[vendor].format(pair=pair)} FROM {quote(Role._meta.db_table)} r "
        f"JOIN {quote(Member._meta.db_table)} rm ON rm.id = r.member_id "
        "WHERE rm.user_id = u.id AND rm.is_active)"
    )
    unread = (
        f"(SELECT COUNT(*) FROM {quote(Reminder._meta.db_table)} x WHERE x.recipient_id = u.id "
        "AND x.read_at IS NULL AND x.due_on <= %s)"
    )
    sql = (
        f"SELECT {', '.join(u + m + b)}, {roles}, {unread} "
        f"FROM {quote(User._meta.db_table)} u "
        f"LEFT JOIN {quote(Member._meta.db_table)} m ON m.user_id = u.id "
        f"LEFT JOIN {quote(Branch._meta.db_table)} b ON b.id = m.branch_id "
        "WHERE u.id = %s"
    )
    return sql, (user_names, member_names, branch_names)


class PortalBackend(ModelBackend):
    def get_user(self, user_id):
        user = signed_in_user(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
