"""The one state-machine idiom: a table of allowed steps and one `transition` service.

An app declares its workflow once:

    HAZARD_FLOW = Workflow(
        steps=[Step({"reported", "returned"}, "assigned", {"secretary", "committee"},
                    "hazard.assigned", _("Assign")), ...],
        roles_of=lambda user, hazard: {...},   # the role names `user` holds on `hazard`
    )

(a `guard=` callable on a step adds a condition the state and roles cannot say), and every
state change goes through `HAZARD_FLOW.transition(hazard, "assigned", by=user,
update={"assignee": m}, reason=...)`: it locks the row, checks the table and the roles,
saves with `update_fields` and writes the audit entry (the record's timeline) in the same
transaction. A refused step raises `TransitionNotAllowed` and changes nothing.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from . import audit


class TransitionNotAllowed(Exception):
    """A step not allowed from the current state or for this user; the message says why."""


@dataclass(frozen=True)
class Step:
    """One row of the table: from any of `source` to `target`, for any of `roles`.

    `guard(obj)`, when given, is a condition the state and the roles cannot say: the
    project's kind, or that a recruitment step is the applicant's next one. A step whose
    guard is false is not offered and not taken.
    """

    source: frozenset
    target: str
    roles: frozenset
    action: str
    label: str
    guard: Callable | None = None

    def __init__(self, source, target, roles, action, label, guard=None):
        object.__setattr__(self, "source", frozenset(source))
        object.__setattr__(self, "target", target)
        object.__setattr__(self, "roles", frozenset(roles))
        object.__setattr__(self, "action", action)
        object.__setattr__(self, "label", label)
        object.__setattr__(self, "guard", guard)

    def open_for(self, obj, state):
        return state in self.source and (self.guard is None or self.guard(obj))


class Workflow:
    def __init__(self, *, steps, roles_of, field="status"):
        self.steps = list(steps)
        self.roles_of = roles_of
        self.field = field

    def _find(self, obj, to=None, action=None):
        state = getattr(obj, self.field)
        for step in self.steps:
            wanted = (to is None or step.target == to) and (action in (None, step.action))
            if wanted and step.open_for(obj, state):
                return step
        return None

    def available(self, obj, user):
        """The steps `user` may take on `obj` now, for buttons on its page."""
        state = getattr(obj, self.field)
        roles = self.roles_of(user, obj)
        return [s for s in self.steps if s.roles & roles and s.open_for(obj, state)]

    def can(self, obj, to, user):
        step = self._find(obj, to=to)
        return step is not None and bool(step.roles & self.roles_of(user, obj))

    def transition(self, obj, to, by, *, update=None, **details):
        """Move `obj` to state `to` as `by`; returns the saved, locked copy of `obj`."""
        return self._take(obj, by, update, None, details, to=to)

    def take(self, obj, action, by, *, update=None, then=None, **details):
        """Take the step named `action` (for tables where several steps share a target).

        `then(locked)`, if given, runs after the save in the same transaction (records the
        step makes besides the state) and returns more details for the audit entry.
        Returns the saved, locked copy of `obj`.
        """
        return self._take(obj, by, update, then, details, action=action)

    def _take(self, obj, by, update, then, details, **which):
        update = update or {}
        with transaction.atomic():
            locked = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
            state = getattr(locked, self.field)
            step = self._find(locked, **which)
            if step is None:
                raise TransitionNotAllowed(
                    _("This step is not allowed from the current state (%(state)s).")
                    % {"state": _display(locked, self.field)}
                )
            if not step.roles & self.roles_of(by, locked):
                raise TransitionNotAllowed(_("You may not take this step."))
            setattr(locked, self.field, step.target)
            for name, value in update.items():
                setattr(locked, name, value)
            locked.save(update_fields=[self.field, *update])
            if then is not None:
                details = {**details, **(then(locked) or {})}
            audit.record(
                step.action,
                locked,
                by,
                {"from": state, "to": step.target, **update, **details},
            )
        return locked


def _display(obj, field):
    getter = getattr(obj, f"get_{field}_display", None)
    return getter() if getter else getattr(obj, field)
