"""Thin Celery tasks over `reminders.services`: they take ids and call the service.

All are late-acknowledged (settings): a worker killed mid-task leaves the message to be
redelivered, and the services are idempotent, so running one twice does no harm.

The registered names are those of the module these tasks were born in (`hongjun.tasks`):
the beat schedule's rows (migration `hongjun.0003_reminder_schedule`, editable in the admin)
and any message waiting in Redis during a deploy name them so.
"""

from celery import shared_task
from django.utils import timezone

from . import services


@shared_task(
    name="hongjun.tasks.deliver_reminder",
    bind=True,
    acks_late=True,
    max_retries=services.MAX_ATTEMPTS,
)
def deliver_reminder(self, reminder_id):
    """Deliver one reminder; a temporary failure retries with backoff (capped, see module)."""
    outcome = services.deliver(reminder_id)
    if outcome.state == "retry" and not self.request.is_eager:
        # Countdown is at most MAX_BACKOFF, far under the visibility timeout; should this
        # retry be lost anyway, deliver_pending finds the row once `not_before` has passed.
        raise self.retry(countdown=outcome.retry_in + 1)
    return outcome.state


@shared_task(name="hongjun.tasks.deliver_pending", acks_late=True)
def deliver_pending():
    """Deliver a batch of due rows (beat runs this every few minutes as a safety net)."""
    counts, more = services.deliver_due()
    if more:
        deliver_pending.delay()
    return counts


@shared_task(name="hongjun.tasks.run_scans", acks_late=True)
def run_scans():
    """Run every registered scan for today (beat, several times a day: it is idempotent)."""
    return services.run_scans(timezone.localdate())
