"""Records every app shares: the audit log and the reminders (outbox and inbox)."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """One change of a record or one workflow step: who, when, from where, what.

    Written only through `hongjun.audit.record`, never edited: the admin is read-only and
    the timeline of a record is its audit entries in order.
    """

    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    action = models.CharField(_("action"), max_length=64, db_index=True)
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("record type"), null=True, on_delete=models.SET_NULL
    )
    object_id = models.CharField(_("record id"), max_length=64, blank=True)
    object_repr = models.CharField(_("record"), max_length=200, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["content_type", "object_id", "at"], name="audit_object_idx"),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"


class Reminder(models.Model):
    """One reminder to one person about one thing: the outbox row and the inbox entry.

    Rows are written only through `hongjun.reminders` (by a service in the transaction that
    caused them, or by a periodic scan) and delivered by Celery tasks that claim them with
    a conditional update. The natural key (kind, thing, recipient, due date) is unique, so
    re-running a scan or a task can never make a second reminder.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("pending")
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    kind = models.CharField(_("kind"), max_length=40)
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("record type"), on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(_("record id"))
    target = GenericForeignKey("content_type", "object_id")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    due_on = models.DateField(_("due on"))
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    state = models.CharField(
        _("state"), max_length=16, choices=State.choices, default=State.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    not_before = models.DateTimeField(
        _("not before"), default=timezone.now, help_text=_("The next attempt waits until then.")
    )
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    emailed = models.BooleanField(_("e-mailed"), default=False)
    last_error = models.TextField(_("last error"), blank=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
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
    """A member's choice of e-mail for one kind of reminder; no row means e-mail is on.

    The inbox always keeps every reminder: only the e-mail is switched off.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="reminder_preferences",
    )
    kind = models.CharField(_("kind"), max_length=40)
    email_enabled = models.BooleanField(_("send e-mail"), default=True)

    class Meta:
        verbose_name = _("reminder preference")
        verbose_name_plural = _("reminder preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="reminder_preference_unique"),
        ]

    def __str__(self):
        return f"{self.user} {self.kind}: {self.email_enabled}"


# The committee's dashboard (`hongjun.dashboard`) ----------------------------------------


class GreenPowerShare(models.Model):
    """绿电占比: the share of green power in electrolysis for one month, entered by the committee.

    One row per month (`month` is the first day of it); the dashboard sets it against the
    company's 40 % target.
    """

    month = models.DateField(_("month"), unique=True, help_text=_("The first day of the month."))
    percent = models.DecimalField(_("green-power share (%)"), max_digits=5, decimal_places=2)
    note = models.CharField(_("note"), max_length=200, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    entered_at = models.DateTimeField(_("entered at"), auto_now=True)

    class Meta:
        verbose_name = _("green-power share")
        verbose_name_plural = _("green-power shares")
        ordering = ["-month"]
        constraints = [
            models.CheckConstraint(
                condition=Q(percent__gte=0) & Q(percent__lte=100),
                name="green_power_percent_0_100",
            ),
            models.CheckConstraint(condition=Q(month__day=1), name="green_power_first_of_month"),
        ]

    def __str__(self):
        return f"{self.month:%Y-%m} {self.percent}%"


class ScoreWeight(models.Model):
    """How much one indicator counts in the branches' score (三领三创), in percent.

    One row per indicator; the committee edits them together and the service refuses a set
    that does not add up to 100. Without rows the defaults of `hongjun.dashboard.score` hold.
    """

    indicator = models.CharField(_("indicator"), max_length=24, unique=True)
    weight = models.PositiveSmallIntegerField(_("weight (%)"))

    class Meta:
        verbose_name = _("score weight")
        verbose_name_plural = _("score weights")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=Q(weight__lte=100), name="score_weight_at_most_100"),
        ]

    def __str__(self):
        return f"{self.indicator}: {self.weight}%"


class ExportJob(models.Model):
    """A company-wide workbook for a year, built in the background; the page polls this row."""

    class State(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("being built")
        DONE = "done", _("ready")
        FAILED = "failed", _("failed")

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    state = models.CharField(_("state"), max_length=8, choices=State.choices, default=State.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    file = models.FileField(_("file"), upload_to="exports/%Y/%m/", blank=True, max_length=200)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("export job")
        verbose_name_plural = _("export jobs")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="export_job_progress_0_100"
            ),
            models.CheckConstraint(
                condition=~Q(state="done") | ~Q(file=""), name="export_job_done_has_file"
            ),
        ]

    def __str__(self):
        return f"{self.year} · {self.get_state_display()} {self.progress}%"

    @property
    def is_finished(self):
        return self.state in (self.State.DONE, self.State.FAILED)
