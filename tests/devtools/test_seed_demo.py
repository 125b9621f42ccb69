"""`seed_demo` runs each part once, also on a demo database seeded before its modules moved."""

from unittest import mock

from django.core.management import call_command

from devtools.management.commands.seed_demo import MOVED
from hongjun.models import AuditEntry


def seeder(module, ran):
    def seed(ctx):
        ran.append(module)

    seed.__module__ = module
    return seed


def test_parts_seeded_under_their_old_module_are_not_seeded_again(db):
    ran = []
    parts = ["branches.demo", "initiatives.demo", *MOVED.values()]
    # What the audit log of a demo seeded before the moves says.
    for old in MOVED:
        AuditEntry.objects.create(action="demo.seeded", object_repr=old)
    with mock.patch(
        "devtools.management.commands.seed_demo.SEEDERS", [seeder(m, ran) for m in parts]
    ):
        call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert ran == ["branches.demo", "initiatives.demo"]
