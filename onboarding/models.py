"""An import of the organisation and the 党员花名册 from a workbook: the preview, stored
until the committee confirms it, and what each row of the file will do."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ImportBatch(models.Model):
    """One uploaded workbook, planned against the portal; keyed by the file's SHA-256 so
    that the confirm applies exactly the rows that were previewed."""

    class Status(models.TextChoices):
        PREVIEWED = "previewed", pgettext_lazy("import", "previewed")
        APPLIED = "applied", pgettext_lazy("import", "imported")

    digest = models.CharField(_("SHA-256 of the file"), max_length=64)
    filename = models.CharField(pgettext_lazy("import", "file name"), max_length=200)
    status = models.CharField(
        pgettext_lazy("import", "status"),
        max_length=12,
        choices=Status.choices,
        default=Status.PREVIEWED,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("import", "uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(pgettext_lazy("import", "uploaded at"), auto_now_add=True)
    applied_at = models.DateTimeField(pgettext_lazy("import", "imported at"), null=True)
    # {sheet: {action: count}} and the headers the file had that no column reads.
    counts = models.JSONField(pgettext_lazy("import", "counts"), default=dict)
    ignored_headers = models.JSONField(_("columns not imported"), default=list)
    has_members = models.BooleanField(_("has a roster sheet"), default=False)

    class Meta:
        verbose_name = pgettext_lazy("import", "import")
        verbose_name_plural = pgettext_lazy("import", "imports")
        ordering = ["-created_at", "-id"]
        constraints = [
            # One waiting preview a file: uploading it again plans it afresh.
            models.UniqueConstraint(
                fields=["digest"],
                condition=models.Q(status="previewed"),
                name="import_one_preview_per_file",
            ),
        ]

    def __str__(self):
        return f"{self.filename} ({self.created_at:%Y-%m-%d %H:%M})"

    @property
    def refused(self):
        return sum(sheet.get("refuse", 0) for sheet in self.counts.values())


class ImportRow(models.Model):
    """A row of the file and what the import does with it: create, change, nothing, refuse."""

    class Sheet(models.TextChoices):
        ORGANISATION = "org", _("organisation")
        MEMBERS = "member", _("roster")

    class Action(models.TextChoices):
        CREATE = "create", pgettext_lazy("import", "to be created")
        UPDATE = "update", pgettext_lazy("import", "to be changed")
        SAME = "same", pgettext_lazy("import", "unchanged")
        REFUSE = "refuse", pgettext_lazy("import", "refused")

    batch = models.ForeignKey(
        ImportBatch,
        verbose_name=pgettext_lazy("import", "import"),
        on_delete=models.CASCADE,
        related_name="rows",
    )
    sheet = models.CharField(_("sheet"), max_length=8, choices=Sheet.choices)
    line = models.PositiveIntegerField(_("row in the file"))
    key = models.CharField(_("employee number or branch"), max_length=100, blank=True)
    action = models.CharField(
        pgettext_lazy("import", "action"), max_length=8, choices=Action.choices
    )
    # The row's cells as parsed (JSON values), the changes ({field: [old, new]}) and the
    # errors ([[header, kind, message], ...]); `kinds` holds " kind kind " for the filter.
    values = models.JSONField(_("values"), default=dict)
    changes = models.JSONField(pgettext_lazy("import", "changes"), default=dict)
    errors = models.JSONField(_("errors"), default=list)
    kinds = models.CharField(_("kinds of error"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("imported row")
        verbose_name_plural = _("imported rows")
        ordering = ["batch", "sheet", "line"]
        indexes = [models.Index(fields=["batch", "sheet", "line"], name="import_row_order_idx")]

    def __str__(self):
        return f"{self.get_sheet_display()} {self.line}"
