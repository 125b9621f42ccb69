"""Move a test database back to an older schema, fill it, and bring it forward again.

For proving that a migration keeps the data of a database made by the old code: use it
from a `@pytest.mark.django_db(transaction=True)` test (migrations cannot run inside the
test's transaction), and call `migrate_to_latest()` in a `finally` so the next test finds
the schema it expects.

    old_apps = migrate_to([("hongjun", "0006_reminder_due_index"), ("reminders", None)])
    OldReminder = old_apps.get_model("hongjun", "Reminder")   # the historical model
    ... create rows ...
    migrate_to_latest()
    ... read them through today's models ...
"""

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def _executor():
    return MigrationExecutor(connection)


def migrate_to(targets):
    """Migrate to `targets` ((app, migration name or None for "none of it")), return the
    historical apps of that state, to create rows as the old code would have."""
    executor = _executor()
    executor.migrate(targets)
    ContentType.objects.clear_cache()
    executor = _executor()  # a fresh loader sees what is applied now
    nodes = [(app, name) for app, name in targets if name is not None]
    return executor.loader.project_state(nodes, at_end=True).apps


def migrate_to_latest():
    """Apply every migration there is (the leaf of each app)."""
    executor = _executor()
    executor.migrate(executor.loader.graph.leaf_nodes())
    ContentType.objects.clear_cache()
