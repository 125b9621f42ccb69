"""The demo company's reminders: the scans replayed over the last two weeks, in-process.

Runs last (every record a scan reads exists by then). Nobody is e-mailed: the rows are put
straight into the inboxes as delivered without e-mail (`emailed=False`), which is what they
are; the demo's console backend would otherwise print hundreds of messages. Reminders due
more than a week ago are marked read, as a member who opened the portal meanwhile would have.
Idempotent: the scans write nothing new for a natural key that exists, and the updates
below touch only rows that have not been through them yet.
"""

import datetime

from django.utils import timezone

from . import reminders
from .models import Reminder

DAYS_BACK = 14  # replay the scans for the fortnight before today, and today
READ_BEFORE = 7  # reminders due more than a week ago have been read


def seed(ctx):
    today = ctx.today
    started = timezone.now()
    for back in range(DAYS_BACK, -1, -1):
        reminders.run_scans(today - datetime.timedelta(days=back), kick=False)
    # Only the rows this run wrote: anything else in the outbox is left to the delivery.
    made = Reminder.objects.filter(created_at__gte=started, state=Reminder.State.PENDING)
    made.filter(due_on__lt=today - datetime.timedelta(days=READ_BEFORE)).update(read_at=started)
    made.filter(due_on__lte=today).update(state=Reminder.State.SENT, sent_at=started)
