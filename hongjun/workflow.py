"""The one state-machine idiom: a table of allowed steps and one `transition` service.

An app declares its workflow once:

    HAZARD_FLOW = Workflow(
        steps=[Step({"reported", "returned"}, "assigned", {"secretary", "committee"},
                    "hazard.assigned", _("Assign")), ...],
        roles_of=lambda user, hazard: {...},   # the role names `user` holds on `hazard`
    )

and every state change goes through `HAZARD_FLOW.transition(hazard, "assigned", by=user,
update={"assignee": m}, reason=...)`: it locks the row, checks the table and the roles,
saves with `update_fields` and writes the audit entry (the record's timeline) in the same
transaction. A refused step raises `TransitionNotAllowed` and changes nothing.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from . import audit


class TransitionNotAllowed(Exception):
    """A step not allowed from the current state or for this user; the message says why."""


@dataclass(frozen=True)
class Step:
    source: frozenset
    target: str
    roles: frozenset
    action: str
    label: str

    def __init__(self, source, target, roles, action, label):
        object.__setattr__(self, "source", frozenset(source))
        object.__setattr__(self, "target", target)
        object.__setattr__(self, "roles", frozenset(roles))
        object.__setattr__(self, "action", action)
        object.__setattr__(self, "label", label)


class Workflow:
    def __init__(self, *, steps, roles_of, field="status"):
        self.steps = list(steps)
        self.roles_of = roles_of
        self.field = field

    def _find(self, state, to):
        for step in self.steps:
            if step.target == to and state in step.source:
                return step
        return None

    def available(self, obj, user):
        """The steps `user` may take on `obj` now, for buttons on its page."""
        state = getattr(obj, self.field)
        roles = self.roles_of(user, obj)
        return [s for s in self.steps if state in s.source and s.roles & roles]

    def can(self, obj, to, user):
        step = self._find(getattr(obj, self.field), to)
        return step is not None and bool(step.roles & self.roles_of(user, obj))

    def transition(self, obj, to, by, *, update=None, **details):
        """Move `obj` to state `to` as `by`; returns the saved, locked copy of `obj`."""
        update = update or {}
        with transaction.atomic():
            locked = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
            state = getattr(locked, self.field)
            step = self._find(state, to)
            if step is None:
                raise TransitionNotAllowed(
                    _("This step is not allowed from the current state (%(state)s).")
                    % {"state": _display(locked, self.field)}
                )
            if not step.roles & self.roles_of(by, locked):
                raise TransitionNotAllowed(_("You may not take this step."))
            setattr(locked, self.field, to)
            for name, value in update.items():
                setattr(locked, name, value)
            locked.save(update_fields=[self.field, *update])
            audit.record(
                step.action,
                locked,
                by,
                {"from": state, "to": to, **update, **details},
            )
        return locked


def _display(obj, field):
    getter = getattr(obj, f"get_{field}_display", None)
    return getter() if getter else getattr(obj, field)
