"""The dashboard's own records: the green-power shares, the score weights and the export jobs.

They were born in the `hongjun` app and keep its tables (`db_table`), so moving them here
moved no data (migrations `dashboard.0001_initial` and `hongjun.0007_models_moved_out`).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class GreenPowerShare(models.Model):
    """绿电占比: the share of green power in electrolysis for one month, entered by the committee.

    One row per month (`month` is the first day of it); the dashboard sets it against the
    company's 40 % target.
    """

    month = models.DateField(_("month"), unique=True, help_text=_("The first day of the month."))
    percent = models.DecimalField(_("green-power share (%)"), max_digits=5, decimal_places=2)
    note = models.CharField(pgettext_lazy("green power share", "note"), max_length=200, blank=True)
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
        db_table = "hongjun_greenpowershare"
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
    that does not add up to 100. Without rows the defaults of `dashboard.score` hold.
    """

    indicator = models.CharField(_("indicator"), max_length=24, unique=True)
    weight = models.PositiveSmallIntegerField(_("weight (%)"))

    class Meta:
        db_table = "hongjun_scoreweight"
        verbose_name = _("score weight")
        verbose_name_plural = _("score weights")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=Q(weight__lte=100), name="score_weight_at_most_100"),
        ]

    def __str__(self):
        return f"{self.indicator}: {self.weight}%"


class ExportJob(models.Model):
    """A file built in the background, the page polling this row for its progress: the
    company-wide workbook of a year, or a branch's 台账 of a year as PDF."""

    class Kind(models.TextChoices):
        COMPANY_WORKBOOK = "company", _("company workbook")
        LEDGER_PDF = "ledger_pdf", _("branch ledger (PDF)")

    class State(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("being built")
        DONE = "done", _("ready")
        FAILED = "failed", pgettext_lazy("export job", "failed")

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("export job", "requested by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    kind = models.CharField(
        pgettext_lazy("export job", "kind"),
        max_length=12,
        choices=Kind.choices,
        default=Kind.COMPANY_WORKBOOK,
    )
    branch = models.ForeignKey(
        "branches.Branch",
        verbose_name=_("branch"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("The branch whose ledger this is (a branch ledger only)."),
    )
    year = models.PositiveSmallIntegerField(pgettext_lazy("export job", "year"))
    state = models.CharField(
        pgettext_lazy("export job", "state"),
        max_length=8,
        choices=State.choices,
        default=State.QUEUED,
    )
    progress = models.PositiveSmallIntegerField(
        pgettext_lazy("export job", "progress (%)"), default=0
    )
    file = models.FileField(
        pgettext_lazy("export job", "file"), upload_to="exports/%Y/%m/", blank=True, max_length=200
    )
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        db_table = "hongjun_exportjob"
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
            # A branch's ledger names its branch; the company's workbook names none.
            models.CheckConstraint(
                condition=Q(kind="ledger_pdf", branch__isnull=False)
                | Q(kind="company", branch__isnull=True),
                name="export_job_branch_for_ledger",
            ),
        ]

    def __str__(self):
        state = f"{self.get_state_display()} {self.progress}%"
        return f"{self.year} · {self.get_kind_display()} · {state}"

    @property
    def is_finished(self):
        return self.state in (self.State.DONE, self.State.FAILED)
