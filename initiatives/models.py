"""示范项目 and 揭榜 projects: the list, applications, milestones, progress and 验收."""

from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hongjun import uploads
from hongjun.themes import Theme
from hongjun.uploads import RandomName


class TeamKind(models.TextChoices):
    """The shapes of team the article names for project work."""

    SHOCK_TEAM = "shock_team", _("party member shock team")
    TASK_GROUP = "task_group", _("party member key-problem group")
    STUDIO = "studio", _("party member innovation studio")


class Initiative(models.Model):
    """A 党委示范项目 (started by the committee) or a 党支部揭榜项目 (put on the list).

    Its `status` moves only through `initiatives.services.FLOW`; the timeline of every step
    is the record's audit log.
    """

    class Kind(models.TextChoices):
        DEMONSTRATION = "demonstration", _("demonstration project")
        LISTED = "listed", _("listed project")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("open for applications")
        AWARDED = "awarded", _("awarded")
        IN_PROGRESS = "in_progress", _("in progress")
        SUBMITTED = "submitted", _("awaiting acceptance")
        ACCEPTED = "accepted", pgettext_lazy("initiative", "accepted")
        RETURNED = "returned", _("returned")
        CANCELLED = "cancelled", pgettext_lazy("initiative", "cancelled")

    class Rating(models.TextChoices):
        EXCELLENT = "excellent", pgettext_lazy("initiative", "excellent")
        GOOD = "good", _("good")
        PASS = "pass", _("pass")

    # The states in which the team works: ticks milestones, reports progress.
    WORKING = (Status.IN_PROGRESS, Status.RETURNED)
    # The states after which nothing changes any more.
    CLOSED = (Status.ACCEPTED, Status.CANCELLED)

    kind = models.CharField(
        pgettext_lazy("initiative", "kind"), max_length=16, choices=Kind.choices
    )
    title = models.CharField(_("project title"), max_length=200)
    theme = models.CharField(
        pgettext_lazy("initiative", "theme"), max_length=16, choices=Theme.choices
    )
    problem = models.TextField(
        _("problem and goals"), help_text=_("The hard problem to solve and the goals to reach.")
    )
    expected_outcome = models.TextField(_("expected outcome"), blank=True)
    apply_deadline = models.DateField(
        _("deadline to apply"),
        null=True,
        blank=True,
        help_text=_("Listed projects only: branches apply until this day."),
    )
    reward_points = models.PositiveIntegerField(_("reward points"), default=0)
    reward_text = models.CharField(_("reward"), max_length=200, blank=True)
    status = models.CharField(
        pgettext_lazy("initiative", "project status"),
        max_length=16,
        choices=Status.choices,
        default=Status.DRAFT,
    )
    branch = models.ForeignKey(
        "branches.Branch",
        verbose_name=_("branch"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="initiatives",
        help_text=_("The awarded branch of a listed project; the host branch of a demonstration."),
    )
    lead = models.ForeignKey(
        "branches.Member",
        verbose_name=pgettext_lazy("initiative", "project lead"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_initiatives",
    )
    team = models.ManyToManyField(
        "branches.Member",
        verbose_name=pgettext_lazy("initiative", "team"),
        blank=True,
        related_name="initiatives",
    )
    team_kind = models.CharField(
        pgettext_lazy("initiative", "team kind"),
        max_length=16,
        choices=TeamKind.choices,
        blank=True,
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    percent_done = models.PositiveSmallIntegerField(
        pgettext_lazy("initiative", "progress (%)"), default=0
    )
    rating = models.CharField(
        pgettext_lazy("initiative", "rating"), max_length=16, choices=Rating.choices, blank=True
    )
    acceptance_comments = models.TextField(
        pgettext_lazy("initiative", "acceptance comments"), blank=True
    )
    return_reason = models.TextField(_("reasons for return"), blank=True)
    created_at = models.DateTimeField(
        pgettext_lazy("initiative", "created at"), default=timezone.now
    )

    class Meta:
        verbose_name = pgettext_lazy("initiative", "initiative")
        verbose_name_plural = _("initiatives")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="initiative_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(percent_done__lte=100), name="initiative_percent_at_most_100"
            ),
            models.CheckConstraint(
                condition=~Q(kind="listed") | Q(apply_deadline__isnull=False),
                name="initiative_listed_has_deadline",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "kind"], name="initiative_status_kind_idx"),
            models.Index(fields=["theme"], name="initiative_theme_idx"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("initiatives:detail", args=[self.pk])


class Application(models.Model):
    """A branch's bid (揭榜申请) for a listed project: its plan and its team."""

    initiative = models.ForeignKey(
        Initiative,
        verbose_name=pgettext_lazy("application", "initiative"),
        on_delete=models.CASCADE,
        related_name="applications",
    )
    branch = models.ForeignKey(
        "branches.Branch",
        verbose_name=_("branch"),
        on_delete=models.PROTECT,
        related_name="initiative_applications",
    )
    plan = models.TextField(_("plan"))
    team_kind = models.CharField(
        pgettext_lazy("application", "team kind"), max_length=16, choices=TeamKind.choices
    )
    lead = models.ForeignKey(
        "branches.Member",
        verbose_name=pgettext_lazy("application", "proposed lead"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    team = models.ManyToManyField(
        "branches.Member",
        verbose_name=pgettext_lazy("application", "team"),
        related_name="initiative_applications",
    )
    submitted_by = models.ForeignKey(
        "branches.Member",
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("submitted at"), default=timezone.now)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "branch"], name="application_one_per_branch"
            ),
        ]

    def __str__(self):
        return f"{self.branch} · {self.initiative}"


class Milestone(models.Model):
    """A dated step of a project; due on or after the project starts (checked by the service)."""

    initiative = models.ForeignKey(
        Initiative,
        verbose_name=pgettext_lazy("milestone", "initiative"),
        on_delete=models.CASCADE,
        related_name="milestones",
    )
    title = models.CharField(_("milestone title"), max_length=200)
    due_on = models.DateField(pgettext_lazy("milestone", "due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    # Its reminders go with it: an inbox entry must not link to a deleted record.
    reminders = GenericRelation("reminders.Reminder")

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["due_on", "id"]
        indexes = [
            # The reminder scan asks exactly this: open milestones by due date.
            models.Index(
                fields=["due_on"], condition=Q(done_on__isnull=True), name="milestone_open_due_idx"
            ),
        ]

    def __str__(self):
        return self.title

    def is_overdue(self, today=None):
        return self.done_on is None and self.due_on < (today or timezone.localdate())


class ProgressReport(models.Model):
    """A progress update: how far along (0–100 %), what happened, figures achieved since the
    previous report (so that figures add up over reports), evidence."""

    initiative = models.ForeignKey(
        Initiative,
        verbose_name=pgettext_lazy("progress report", "initiative"),
        on_delete=models.CASCADE,
        related_name="reports",
    )
    percent = models.PositiveSmallIntegerField(pgettext_lazy("progress report", "progress (%)"))
    text = models.TextField(_("progress"))
    reported_by = models.ForeignKey(
        "branches.Member",
        verbose_name=pgettext_lazy("progress report", "reported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(
        pgettext_lazy("progress report", "reported at"), default=timezone.now
    )

    class Meta:
        verbose_name = pgettext_lazy("progress report", "progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(percent__gte=0) & Q(percent__lte=100), name="report_percent_0_100"
            ),
        ]

    def __str__(self):
        return f"{self.initiative} · {self.percent}%"

    @property
    def evidence_photos(self):
        """The report's photos, shown as thumbnails; no query when `evidence` is prefetched."""
        return [e for e in self.evidence.all() if e.is_image]

    @property
    def evidence_documents(self):
        """The report's other files (PDF reports), shown as links."""
        return [e for e in self.evidence.all() if not e.is_image]


class OutcomeFigure(models.Model):
    """One measured result of a report: a number with its unit, so the dashboard can add up."""

    class Unit(models.TextChoices):
        KWH = "kwh", "kWh"
        T_CO2 = "t_co2", _("t CO2")
        WAN_YUAN = "wan_yuan", _("10,000 yuan")
        PERCENT = "percent", "%"
        HOURS = "hours", _("hours")

    report = models.ForeignKey(
        ProgressReport,
        verbose_name=pgettext_lazy("outcome figure", "progress report"),
        on_delete=models.CASCADE,
        related_name="figures",
    )
    label = models.CharField(pgettext_lazy("outcome figure", "what was measured"), max_length=100)
    quantity = models.DecimalField(
        pgettext_lazy("outcome figure", "quantity"), max_digits=14, decimal_places=2
    )
    unit = models.CharField(
        pgettext_lazy("outcome figure", "unit"), max_length=16, choices=Unit.choices
    )

    class Meta:
        verbose_name = _("outcome figure")
        verbose_name_plural = _("outcome figures")
        ordering = ["id"]

    def __str__(self):
        return f"{self.label} {plain_number(self.quantity)} {self.get_unit_display()}"

    @property
    def quantity_text(self):
        return plain_number(self.quantity)


def plain_number(value):
    """1850000.00 → "1,850,000", 4.50 → "4.5": figures as people write them."""
    return format(value.normalize(), ",f")


class Evidence(models.Model):
    """A file proving the work (photo, report PDF), attached to a progress report."""

    initiative = models.ForeignKey(
        Initiative,
        verbose_name=pgettext_lazy("evidence", "initiative"),
        on_delete=models.CASCADE,
        related_name="evidence",
    )
    report = models.ForeignKey(
        ProgressReport,
        verbose_name=pgettext_lazy("evidence", "progress report"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="evidence",
    )
    file = models.FileField(pgettext_lazy("evidence", "file"), upload_to=RandomName("initiatives"))
    name = models.CharField(pgettext_lazy("evidence", "file name"), max_length=200)
    uploaded_by = models.ForeignKey(
        "branches.Member",
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(
        pgettext_lazy("evidence", "uploaded at"), default=timezone.now
    )

    class Meta:
        verbose_name = pgettext_lazy("evidence", "evidence")
        verbose_name_plural = pgettext_lazy("evidence", "evidence")
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("initiatives:evidence", args=[self.pk])

    @property
    def is_image(self):
        return uploads.is_image(self.file)
