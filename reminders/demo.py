"""The demo company's reminders: the scans replayed over the last three weeks, in-process.

Runs last (every record a scan reads exists by then). Nobody is e-mailed: the rows go
straight into the inboxes as delivered without e-mail (`emailed=False`), which is what they
are; through the delivery, the demo's console backend would print hundreds of messages.
Each person's few newest reminders stay unread and the older ones are read, as someone who
opens the portal now and then would have left them. Idempotent: the scans write nothing
new for a natural key that exists, and the updates below touch only the rows this run wrote.
"""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from . import services
from .models import Reminder, ReminderPreference

# The demo member's choices, as someone who reads 企业微信 at work and e-mail rarely would
# have left them: the e-mail off for the weekly pledge reminder, 钉钉 off for activities
# (the channels show on the settings page when a demo server has their settings).
CHOICES = {
    "pledge_unsigned": {"email_enabled": False},
    "activity": {"dingtalk_enabled": False},
}
DAYS_BACK = 21  # replay the scans for the three weeks before today, and today
UNREAD = 3  # each person's newest reminders left unread


def seed(ctx):
    today = ctx.today
    started = timezone.now()
    for back in range(DAYS_BACK, -1, -1):
        services.run_scans(today - datetime.timedelta(days=back), kick=False)
    # Only the rows this run wrote: anything else in the outbox is left to the delivery.
    made = Reminder.objects.filter(
        created_at__gte=started, state=Reminder.State.PENDING, due_on__lte=today
    )
    seen, read = {}, []
    for pk, recipient_id in made.order_by("recipient_id", "-due_on", "-id").values_list(
        "pk", "recipient_id"
    ):
        seen[recipient_id] = seen.get(recipient_id, 0) + 1
        if seen[recipient_id] > UNREAD:
            read.append(pk)
    Reminder.objects.filter(pk__in=read).update(read_at=started)
    made.update(state=Reminder.State.SENT, sent_at=started)
    member = get_user_model().objects.filter(username="member").first()
    for kind, choice in CHOICES.items():
        if member is not None:
            ReminderPreference.objects.get_or_create(user=member, kind=kind, defaults=choice)
