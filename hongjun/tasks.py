"""Thin Celery tasks over `hongjun.reminders`: they take ids and call the service.

All are late-acknowledged (settings): a worker killed mid-task leaves the message to be
redelivered, and the services are idempotent, so running one twice does no harm.
"""

from celery import shared_task
from django.utils import timezone

from . import reminders
from .dashboard.tasks import build_company_workbook  # noqa: F401 (the worker finds it here)


@shared_task(bind=True, acks_late=True, max_retries=reminders.MAX_ATTEMPTS)
def deliver_reminder(self, reminder_id):
    """Deliver one reminder; a temporary failure retries with backoff (capped, see module)."""
    outcome = reminders.deliver(reminder_id)
    if outcome.state == "retry" and not self.request.is_eager:
        # Countdown is at most MAX_BACKOFF, far under the visibility timeout; should this
        # retry be lost anyway, deliver_pending finds the row once `not_before` has passed.
        raise self.retry(countdown=outcome.retry_in + 1)
    return outcome.state


@shared_task(acks_late=True)
def deliver_pending():
    """Deliver a batch of due rows (beat runs this every few minutes as a safety net)."""
    counts, more = reminders.deliver_due()
    if more:
        deliver_pending.delay()
    return counts


@shared_task(acks_late=True)
def run_scans():
    """Run every registered scan for today (beat, several times a day: it is idempotent)."""
    return reminders.run_scans(timezone.localdate())
