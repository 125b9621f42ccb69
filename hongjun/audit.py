"""The audit log: `record()` writes an entry; the middleware supplies the client's address."""

from contextlib import contextmanager
from contextvars import ContextVar

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import Model

from .clientip import client_ip
from .models import AuditEntry

_client_ip: ContextVar[str | None] = ContextVar("audit_client_ip", default=None)


class AuditContextMiddleware:
    """Remember the client's address for the entries written while serving a request.

    Services take only the acting user; the address travels beside it so that no service
    signature has to carry the request.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _client_ip.set(client_ip(request))
        try:
            return self.get_response(request)
        finally:
            _client_ip.reset(token)


def _jsonable(value):
    if isinstance(value, Model):
        return str(value)
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def current_ip():
    """The client's address of the request being served (for entries written in bulk)."""
    return _client_ip.get()


def record(action, obj, by, changes=None):
    """Write one audit entry for `obj`; call it inside the service's transaction."""
    return AuditEntry.objects.create(
        actor=by if by is not None and by.is_authenticated else None,
        ip_address=_client_ip.get(),
        action=action,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        changes=_jsonable(changes or {}),
    )


def diff(instance, cleaned_data, fields):
    """The fields of `cleaned_data` that differ from the stored `instance`: {field: [old, new]}.

    Pass a fresh copy of the row (a ModelForm has already written its data onto its own).
    """
    changed = {}
    for name in fields:
        if name not in cleaned_data:
            continue
        old, new = getattr(instance, name), cleaned_data[name]
        if hasattr(old, "all"):  # a many-to-many manager
            old = sorted(str(o) for o in old.all())
            new = sorted(str(o) for o in new)
        if old != new:
            changed[name] = [_jsonable(old), _jsonable(new)]
    return changed


def timeline(obj):
    """The audit entries of one record, oldest first (one query)."""
    return (
        AuditEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
        )
        .select_related("actor__member")
        .order_by("at", "id")
    )


@contextmanager
def backdating():
    """For the demo seeder only: entries written inside may have their time moved back.

    On PostgreSQL a trigger refuses every other change to the log (hongjun migration 0005).
    """
    with transaction.atomic():
        _backdating("on")  # undone with the savepoint if the block fails
        yield
        _backdating("off")


def _backdating(state):
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('hongjun.audit_backdating', %s, true)", [state])
