"""The reminders' records: the outbox (each row is also an inbox entry) and the e-mail choices.

They were born in the `hongjun` app and keep its tables (`db_table`), so moving them here
moved no data (migrations `reminders.0001_initial` and `hongjun.0007_models_moved_out`).
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Reminder(models.Model):
    """One reminder to one person about one thing: the outbox row and the inbox entry.

    Rows are written only through `reminders.services` (by a service in the transaction that
    caused them, or by a periodic scan) and delivered by Celery tasks that claim them with
    a conditional update. The natural key (kind, thing, recipient, due date) is unique, so
    re-running a scan or a task can never make a second reminder.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("pending")
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")
        FAILED = "failed", pgettext_lazy("reminder", "failed")

    kind = models.CharField(pgettext_lazy("reminder", "kind"), max_length=40)
    content_type = models.ForeignKey(
        ContentType,
        verbose_name=pgettext_lazy("reminder", "record type"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    object_id = models.PositiveBigIntegerField(pgettext_lazy("reminder", "record id"))
    target = GenericForeignKey("content_type", "object_id")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    due_on = models.DateField(pgettext_lazy("reminder", "due on"))
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(pgettext_lazy("reminder", "text"), blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    state = models.CharField(
        pgettext_lazy("reminder", "state"),
        max_length=16,
        choices=State.choices,
        default=State.PENDING,
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    not_before = models.DateTimeField(
        _("not before"), default=timezone.now, help_text=_("The next attempt waits until then.")
    )
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    emailed = models.BooleanField(_("e-mailed"), default=False)
    # The channels it has gone out by ("email wecom"): a retry sends only the others.
    delivered_by = models.CharField(
        _("delivered by"), max_length=60, blank=True, default="", db_default=""
    )
    last_error = models.TextField(_("last error"), blank=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    created_at = models.DateTimeField(pgettext_lazy("reminder", "created at"), auto_now_add=True)

    class Meta:
        db_table = "hongjun_reminder"
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-due_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "content_type", "object_id", "recipient", "due_on"],
                name="reminder_natural_key",
            ),
            models.CheckConstraint(
                condition=~Q(state="sent") | Q(sent_at__isnull=False),
                name="reminder_sent_has_time",
            ),
        ]
        indexes = [
            # Exactly what the delivery sweep asks for: only rows still in flight.
            models.Index(
                fields=["due_on"],
                condition=Q(state__in=["pending", "sending"]),
                name="reminder_claim_idx",
            ),
            models.Index(fields=["recipient", "-due_on", "-id"], name="reminder_inbox_idx"),
            # The admin's outbox, newest first: a page without sorting 100,000 rows.
            models.Index(fields=["-due_on", "-id"], name="reminder_due_idx"),
            # The navbar's unread count on every page.
            models.Index(
                fields=["recipient", "due_on"],
                condition=Q(read_at__isnull=True),
                name="reminder_unread_idx",
            ),
        ]

    def __str__(self):
        return f"{self.due_on} {self.kind} → {self.recipient_id}: {self.subject}"


class ReminderPreference(models.Model):
    """A member's choice of channels for one kind of reminder; no row means all are on.

    The inbox always keeps every reminder: only e-mail, 企业微信 and 钉钉 are switched off.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("reminder preference", "account"),
        on_delete=models.CASCADE,
        related_name="reminder_preferences",
    )
    kind = models.CharField(pgettext_lazy("reminder preference", "kind"), max_length=40)
    email_enabled = models.BooleanField(_("send e-mail"), default=True)
    # The chat channels, where the settings switch them on (reminders.channels).
    wecom_enabled = models.BooleanField(_("send to WeCom"), default=True, db_default=True)
    dingtalk_enabled = models.BooleanField(_("send to DingTalk"), default=True, db_default=True)

    class Meta:
        db_table = "hongjun_reminderpreference"
        verbose_name = _("reminder preference")
        verbose_name_plural = _("reminder preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="reminder_preference_unique"),
        ]

    def __str__(self):
        return f"{self.user} {self.kind}"
