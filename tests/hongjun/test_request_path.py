"""What a request imports: the development tools and demo seeders stay out of it, and the
Celery tasks keep the names the beat schedule and queued messages know them by."""

import subprocess
import sys

from django.conf import settings

from hongjun.celery import app

# Import the URLconf as a web worker does (every view module with it), then list what
# was imported that a request must not carry: the generator and any demo seeder.
PROBE = """
import django, sys
django.setup()
import hongjun.urls
from django.urls import get_resolver
get_resolver().url_patterns  # every include() resolved
bad = sorted(
    name for name in sys.modules
    # The app itself and its AppConfig are loaded by setup(), as for every installed app.
    if (name.startswith("devtools.") and name != "devtools.apps")
    or name.rsplit(".", 1)[-1] == "demo" or name.rsplit(".", 1)[-1].startswith("demo_")
)
print(" ".join(bad))
"""


def test_urlconf_imports_no_generator_and_no_demo_seeder():
    result = subprocess.run(  # noqa: S603 (our own interpreter and our own probe)
        [sys.executable, "-c", PROBE],
        cwd=settings.BASE_DIR,
        env={"DEBUG": "1", "DJANGO_SETTINGS_MODULE": "hongjun.settings", "PATH": "/usr/bin"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == ""


def test_tasks_keep_the_names_they_were_born_with():
    # The beat rows (hongjun.0003_reminder_schedule) and messages queued before the move
    # name the tasks so; a renamed task would be an unregistered one for the worker.
    app.loader.import_default_modules()
    for name in (
        "hongjun.tasks.deliver_reminder",
        "hongjun.tasks.deliver_pending",
        "hongjun.tasks.run_scans",
        "hongjun.dashboard.tasks.build_company_workbook",
    ):
        assert name in app.tasks, name


def test_beat_schedule_names_registered_tasks(db):
    from django_celery_beat.models import PeriodicTask

    app.loader.import_default_modules()
    scheduled = set(PeriodicTask.objects.values_list("task", flat=True))
    assert scheduled
    assert scheduled <= set(app.tasks)
