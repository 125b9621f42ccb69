"""党建+安全生产: pledges, responsibility zones, violations, hazards and 三学 study."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hongjun.uploads import RandomName

# The `prev_digest` of the first signature: the chain starts from nothing.
GENESIS_DIGEST = "0" * 64


class PledgeVersion(models.Model):
    """One text of the 党员身边无违章 承诺书: a draft until published, then never edited.

    The committee replaces a published text by publishing the next version; the latest
    published one is the one members sign (`queries.current_version`).
    """

    year = models.PositiveSmallIntegerField(
        pgettext_lazy("pledge version", "year"),
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
    )
    title = models.CharField(pgettext_lazy("pledge version", "title"), max_length=200)
    text = models.TextField(pgettext_lazy("pledge version", "text"))
    created_at = models.DateTimeField(
        pgettext_lazy("pledge version", "created at"), auto_now_add=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Its reminders go with it: an inbox entry must not link to a deleted record.
    reminders = GenericRelation("reminders.Reminder")

    class Meta:
        verbose_name = pgettext_lazy("pledge version", "pledge version")
        verbose_name_plural = _("pledge versions")
        ordering = [models.F("published_at").desc(nulls_first=True), "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100), name="pledge_version_year_range"
            ),
        ]
        indexes = [
            models.Index(
                fields=["-published_at", "-id"],
                condition=Q(published_at__isnull=False),
                name="pledge_version_published_idx",
            ),
        ]

    def __str__(self):
        # The title usually names its year already ("2026年度…"): say the year once.
        return self.title if str(self.year) in self.title else f"{self.year} · {self.title}"

    def get_absolute_url(self):
        return reverse("safety:version_detail", args=[self.pk])

    @property
    def is_published(self):
        return self.published_at is not None


class PledgeChain(models.Model):
    """The head of the signature chain: one row, locked while a link is added.

    Signing locks this row (`SELECT ... FOR UPDATE`), so concurrent signatures take their
    place in the chain one after another; it also remembers the head, so that
    `verify_pledges` notices signatures removed from the end of the table.
    """

    length = models.PositiveIntegerField(_("length"), default=0)
    head_digest = models.CharField(_("head digest"), max_length=64, default=GENESIS_DIGEST)

    class Meta:
        verbose_name = _("pledge chain head")
        verbose_name_plural = _("pledge chain head")

    def __str__(self):
        return f"#{self.length} {self.head_digest[:12]}"


class SignatureQuerySet(models.QuerySet):
    """Signatures are appended, never changed: bulk changes are refused here too."""

    def update(self, **kwargs):
        raise ValidationError(
            pgettext_lazy("signature query set", "A signed pledge cannot be changed.")
        )

    def delete(self):
        raise ValidationError(
            pgettext_lazy("signature query set", "A signed pledge cannot be removed.")
        )


class PledgeSignature(models.Model):
    """A member's signature of one pledge version: a link in a tamper-evident chain.

    `digest` is SHA-256 over the canonical form of the record (`safety.pledges.chain`), which
    includes `prev_digest`, the digest of the signature before it (by `seq`). Changing or
    removing a row breaks the chain; `manage.py verify_pledges` finds where. On PostgreSQL
    a trigger refuses UPDATE and DELETE on this table as well.
    """

    seq = models.PositiveIntegerField(_("position in the chain"), unique=True, editable=False)
    version = models.ForeignKey(
        PledgeVersion,
        verbose_name=pgettext_lazy("pledge signature", "pledge version"),
        on_delete=models.PROTECT,
        related_name="signatures",
    )
    member = models.ForeignKey(
        "branches.Member",
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        related_name="pledge_signatures",
    )
    typed_name = models.CharField(_("typed name"), max_length=50)
    signed_at = models.DateTimeField(_("signed at"))
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=500, blank=True)
    code = models.CharField(_("verification code"), max_length=16, unique=True)
    text_digest = models.CharField(_("digest of the text signed"), max_length=64)
    prev_digest = models.CharField(_("digest of the previous signature"), max_length=64)
    digest = models.CharField(_("digest"), max_length=64, unique=True)

    objects = SignatureQuerySet.as_manager()

    class Meta:
        verbose_name = _("pledge signature")
        verbose_name_plural = _("pledge signatures")
        ordering = ["seq"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "member"], name="pledge_signature_once_per_version"
            ),
            # One successor per link: the chain can never fork, even if the lock were lost.
            models.UniqueConstraint(fields=["prev_digest"], name="pledge_signature_one_successor"),
        ]

    def __str__(self):
        return f"#{self.seq} {self.member_id} · {self.version_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValidationError(
                pgettext_lazy("pledge signature", "A signed pledge cannot be changed.")
            )
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("safety:receipt", args=[self.pk])

    def delete(self, *args, **kwargs):
        raise ValidationError(
            pgettext_lazy("pledge signature", "A signed pledge cannot be removed.")
        )

    @property
    def display_code(self):
        """The verification code in groups of four, as printed on the receipt."""
        return "-".join(self.code[i : i + 4] for i in range(0, len(self.code), 4))


class SafetyZone(models.Model):
    """安全责任区: a place a branch answers for, with one or more responsible members."""

    branch = models.ForeignKey(
        "branches.Branch",
        verbose_name=_("branch"),
        on_delete=models.CASCADE,
        related_name="safety_zones",
    )
    name = models.CharField(pgettext_lazy("safety zone", "name"), max_length=100)
    location = models.CharField(_("location"), max_length=200, blank=True)
    established_on = models.DateField(
        _("counted since"),
        default=timezone.localdate,
        help_text=_("The day the zone's count of days without violation starts."),
    )
    responsible = models.ManyToManyField(
        "branches.Member",
        verbose_name=_("responsible members"),
        related_name="safety_zones",
    )

    class Meta:
        verbose_name = _("safety responsibility zone")
        verbose_name_plural = _("safety responsibility zones")
        ordering = ["branch", "name"]
        constraints = [
            models.UniqueConstraint(fields=["branch", "name"], name="safety_zone_unique_name"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("safety:zone_detail", args=[self.pk])


class Violation(models.Model):
    """违章 recorded in a zone: it restarts the zone's and its members' days without one."""

    class Severity(models.TextChoices):
        MINOR = "minor", _("minor")
        SERIOUS = "serious", _("serious")
        SEVERE = "severe", _("severe")

    zone = models.ForeignKey(
        SafetyZone,
        verbose_name=pgettext_lazy("violation", "zone"),
        on_delete=models.CASCADE,
        related_name="violations",
    )
    occurred_on = models.DateField(_("date"))
    description = models.TextField(pgettext_lazy("violation", "description"))
    severity = models.CharField(
        pgettext_lazy("violation", "severity"), max_length=10, choices=Severity.choices
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("violation", "recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(pgettext_lazy("violation", "recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("violation")
        verbose_name_plural = _("violations")
        ordering = ["-occurred_on", "-id"]
        indexes = [
            models.Index(fields=["zone", "-occurred_on"], name="violation_zone_date_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(severity__in=["minor", "serious", "severe"]),
                name="violation_severity_valid",
            ),
        ]

    def __str__(self):
        return f"{self.occurred_on} {self.zone} · {self.get_severity_display()}"


# --- Hazards and 三学 study ---


class HazardQuerySet(models.QuerySet):
    def with_overdue(self, today=None):
        """Annotate `is_overdue`: the fix is still owed and the deadline has passed.

        The deadline day itself is not overdue; from the next day on it is. Computed against
        `today` (the local date by default) on every read, never stored.
        """
        today = today or timezone.localdate()
        return self.annotate(
            is_overdue=Case(
                When(
                    Q(status__in=Hazard.FIX_OWED, deadline__lt=today),
                    then=Value(True),
                ),
                default=Value(False),
                output_field=models.BooleanField(),
            )
        )

    def overdue(self, today=None):
        today = today or timezone.localdate()
        return self.filter(status__in=Hazard.FIX_OWED, deadline__lt=today)

    def open(self):
        return self.exclude(status=Hazard.Status.CLOSED)


class Hazard(models.Model):
    """隐患: reported by a member in a zone, assigned, fixed by a deadline, checked and closed.

    The steps between states are the table in `safety.hazards.services.HAZARD_FLOW`.
    """

    class Severity(models.TextChoices):
        GENERAL = "general", pgettext_lazy("hazard severity", "general")
        SERIOUS = "serious", pgettext_lazy("hazard severity", "serious")
        MAJOR = "major", pgettext_lazy("hazard severity", "major")

    class Status(models.TextChoices):
        REPORTED = "reported", pgettext_lazy("hazard status", "reported")
        ASSIGNED = "assigned", pgettext_lazy("hazard status", "assigned")
        SUBMITTED = "submitted", pgettext_lazy("hazard status", "fix submitted")
        RETURNED = "returned", pgettext_lazy("hazard status", "returned")
        CLOSED = "closed", pgettext_lazy("hazard status", "closed")

    # The states in which the assignee still owes a fix: only these can be overdue. Once a
    # fix is submitted the assignee has done their part until it is sent back.
    FIX_OWED = (Status.ASSIGNED, Status.RETURNED)

    zone = models.ForeignKey(
        SafetyZone,
        verbose_name=pgettext_lazy("hazard", "zone"),
        on_delete=models.PROTECT,
        related_name="hazards",
    )
    reported_by = models.ForeignKey(
        "branches.Member",
        verbose_name=pgettext_lazy("hazard", "reported by"),
        on_delete=models.PROTECT,
        related_name="reported_hazards",
    )
    reported_at = models.DateTimeField(pgettext_lazy("hazard", "reported at"), default=timezone.now)
    description = models.TextField(_("what is wrong"))
    location_detail = models.CharField(
        _("exact place"),
        max_length=200,
        blank=True,
        help_text=_("For example: 3rd floor, north side of cell 112."),
    )
    severity = models.CharField(
        pgettext_lazy("hazard", "severity"),
        max_length=10,
        choices=Severity.choices,
        default=Severity.GENERAL,
    )
    photo = models.FileField(
        pgettext_lazy("hazard", "photo"),
        upload_to=RandomName("hazards"),
        blank=True,
        max_length=200,
    )
    status = models.CharField(
        pgettext_lazy("hazard", "status"),
        max_length=10,
        choices=Status.choices,
        default=Status.REPORTED,
    )
    assignee = models.ForeignKey(
        "branches.Member",
        verbose_name=_("assigned to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_hazards",
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    fix_description = models.TextField(pgettext_lazy("hazard", "what was done"), blank=True)
    after_photo = models.FileField(
        _("photo after the fix"), upload_to=RandomName("hazards"), blank=True, max_length=200
    )
    submitted_at = models.DateTimeField(_("fix submitted at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # Its reminders go with it: an inbox entry must not link to a deleted record.
    reminders = GenericRelation("reminders.Reminder")

    objects = HazardQuerySet.as_manager()

    class Meta:
        verbose_name = _("hazard")
        verbose_name_plural = _("hazards")
        ordering = ["-reported_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="reported")
                | Q(status="closed", closed_at__isnull=False)
                | (
                    Q(status__in=["assigned", "submitted", "returned"])
                    & Q(assignee__isnull=False, deadline__isnull=False)
                ),
                name="hazard_assigned_has_assignee_and_deadline",
            ),
        ]
        indexes = [
            # The overdue scan and the status filter of the list.
            models.Index(fields=["status", "deadline"], name="hazard_status_deadline_idx"),
            models.Index(fields=["zone", "status"], name="hazard_zone_status_idx"),
            # The list, newest first: a page of 30 read from the index, not 20,000 sorted.
            models.Index(fields=["-reported_at", "-id"], name="hazard_reported_idx"),
            # The list's open/overdue/major summary (`safety.hazards.queries.summary`): the few
            # hundred open hazards read from the index alone, not the years of closed ones.
            models.Index(
                fields=["status", "deadline"],
                include=["severity", "zone"],
                condition=~Q(status="closed"),
                name="hazard_open_idx",
            ),
        ]

    def __str__(self):
        return f"#{self.pk} {self.description[:40]}"

    def get_absolute_url(self):
        return reverse("hazards:detail", args=[self.pk])

    def overdue_on(self, day):
        """Whether the fix is owed and `day` is after the deadline (no query)."""
        return self.status in self.FIX_OWED and self.deadline is not None and day > self.deadline

    @property
    def is_open(self):
        return self.status != self.Status.CLOSED


class MentorPair(models.Model):
    """导师带徒: a mentor and an apprentice of one branch, from a day, until a day or open."""

    branch = models.ForeignKey(
        "branches.Branch",
        verbose_name=_("branch"),
        on_delete=models.CASCADE,
        related_name="mentor_pairs",
    )
    mentor = models.ForeignKey(
        "branches.Member",
        verbose_name=_("mentor"),
        on_delete=models.CASCADE,
        related_name="apprenticeships_as_mentor",
    )
    apprentice = models.ForeignKey(
        "branches.Member",
        verbose_name=_("apprentice"),
        on_delete=models.CASCADE,
        related_name="apprenticeships_as_apprentice",
    )
    starts_on = models.DateField(pgettext_lazy("mentor pair", "from"))
    ends_on = models.DateField(pgettext_lazy("mentor pair", "until"), null=True, blank=True)

    class Meta:
        verbose_name = _("mentor pair")
        verbose_name_plural = _("mentor pairs")
        ordering = ["branch", "mentor", "-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="mentor_pair_ends_after_start",
            ),
            models.CheckConstraint(
                condition=~Q(mentor=F("apprentice")), name="mentor_pair_not_self"
            ),
            models.UniqueConstraint(
                fields=["mentor", "apprentice", "starts_on"], name="mentor_pair_unique"
            ),
        ]

    def __str__(self):
        return f"{self.mentor} → {self.apprentice}"

    @staticmethod
    def current_on(day):
        """The condition for pairs running on `day`, for filters."""
        return Q(starts_on__lte=day) & (Q(ends_on__isnull=True) | Q(ends_on__gte=day))


class StudySession(models.Model):
    """安全"三学": one 党委领学, 支部研学 or 导师带学 session with its invitees."""

    class Mode(models.TextChoices):
        COMMITTEE_LED = "committee_led", _("committee-led study")
        BRANCH_STUDY = "branch_study", _("branch study")
        MENTOR = "mentor", _("mentor-led study")

    mode = models.CharField(_("mode"), max_length=16, choices=Mode.choices)
    topic = models.CharField(pgettext_lazy("study session", "topic"), max_length=200)
    material = models.FileField(
        _("material"),
        upload_to=RandomName("study"),
        blank=True,
        max_length=200,
        help_text=pgettext_lazy("study session", "An image or a PDF, at most 10 MB."),
    )
    material_text = models.TextField(
        _("material text or link"),
        blank=True,
        help_text=_("The text to study, or where to find it (a link or a book and page)."),
    )
    starts_at = models.DateTimeField(_("time"))
    place = models.CharField(pgettext_lazy("study session", "place"), max_length=100)
    host = models.ForeignKey(
        "branches.Member",
        verbose_name=pgettext_lazy("study session", "host"),
        on_delete=models.PROTECT,
        related_name="hosted_study_sessions",
    )
    branch = models.ForeignKey(
        "branches.Branch",
        verbose_name=_("branch"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="study_sessions",
        help_text=_("Empty for a committee-led session."),
    )
    invited_branches = models.ManyToManyField(
        "branches.Branch",
        verbose_name=_("invited branches"),
        blank=True,
        related_name="+",
        help_text=_("For a committee-led session: empty means everyone."),
    )
    invitees = models.ManyToManyField(
        "branches.Member",
        verbose_name=_("invitees"),
        through="StudyAttendance",
        related_name="study_sessions",
    )
    created_at = models.DateTimeField(
        pgettext_lazy("study session", "created at"), auto_now_add=True
    )
    # Its reminders go with it: an inbox entry must not link to a deleted record.
    reminders = GenericRelation("reminders.Reminder")

    class Meta:
        verbose_name = pgettext_lazy("study session", "study session")
        verbose_name_plural = _("study sessions")
        ordering = ["-starts_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(mode="committee_led", branch__isnull=True)
                | (~Q(mode="committee_led") & Q(branch__isnull=False)),
                name="study_session_branch_matches_mode",
            ),
        ]
        indexes = [models.Index(fields=["branch", "starts_at"], name="study_branch_time_idx")]

    def __str__(self):
        return f"{self.get_mode_display()} · {self.topic}"

    def get_absolute_url(self):
        return reverse("study:detail", args=[self.pk])


class StudyAttendance(models.Model):
    """One invitee of a session: whether they came and, optionally, their quiz score."""

    session = models.ForeignKey(
        StudySession,
        verbose_name=pgettext_lazy("study attendance", "study session"),
        on_delete=models.CASCADE,
        related_name="attendances",
    )
    member = models.ForeignKey(
        "branches.Member",
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="study_attendances",
    )
    attended = models.BooleanField(_("attended"), default=False)
    quiz_score = models.PositiveSmallIntegerField(_("quiz score"), null=True, blank=True)

    class Meta:
        verbose_name = _("study attendance")
        verbose_name_plural = _("study attendance")
        ordering = ["session", "member__name"]
        constraints = [
            models.UniqueConstraint(fields=["session", "member"], name="study_attendance_unique"),
            models.CheckConstraint(
                condition=Q(quiz_score__isnull=True) | Q(quiz_score__gte=0, quiz_score__lte=100),
                name="study_attendance_score_0_100",
            ),
            models.CheckConstraint(
                condition=Q(quiz_score__isnull=True) | Q(attended=True),
                name="study_attendance_score_needs_attendance",
            ),
        ]

    def __str__(self):
        return f"{self.session} · {self.member}"


class StudyTally(models.Model):
    """How many of one branch's members a session invited, how many came and their quiz
    scores: the summary the dashboard and the participation page add up, a company's year
    of 三学 is 600 of these instead of 32,000 invitations joined to their members.

    Members count in their branch as it is now, as the participation pages count them.
    Kept by database triggers (migrations 0006 and 0008) on the invitations and on a
    member's change of branch, so every writer keeps it true; the portal never writes it.
    """

    session = models.ForeignKey(
        StudySession,
        verbose_name=pgettext_lazy("study tally", "study session"),
        on_delete=models.CASCADE,
        related_name="tallies",
    )
    branch = models.ForeignKey(
        "branches.Branch", verbose_name=_("branch"), on_delete=models.CASCADE, related_name="+"
    )
    invited = models.PositiveIntegerField(_("invited"), default=0)
    present = models.PositiveIntegerField(pgettext_lazy("study tally", "present"), default=0)
    # The quiz scores of those present (a score needs presence), for the average score:
    # how many were scored and the sum of their scores (migration 0008).
    scored = models.PositiveIntegerField(_("scored"), default=0)
    score_sum = models.PositiveIntegerField(_("sum of scores"), default=0)

    class Meta:
        verbose_name = _("study tally")
        verbose_name_plural = _("study tallies")
        constraints = [
            models.UniqueConstraint(fields=["session", "branch"], name="study_tally_unique"),
        ]

    def __str__(self):
        return f"{self.session_id} · {self.branch_id}: {self.present}/{self.invited}"


class PledgeTally(models.Model):
    """How many of one branch's active members signed one pledge version: the summary the
    dashboard reads for 150 branches instead of joining 8,000 members to their signatures.

    Kept by database triggers (migration 0007) on new signatures and on a member's change
    of branch or of being active, so every writer keeps it true; the portal never writes
    it. The signing-rate pages count the same members (tested against them).
    """

    version = models.ForeignKey(
        PledgeVersion,
        verbose_name=pgettext_lazy("pledge tally", "pledge version"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    branch = models.ForeignKey(
        "branches.Branch", verbose_name=_("branch"), on_delete=models.CASCADE, related_name="+"
    )
    signed = models.PositiveIntegerField(_("signed"), default=0)

    class Meta:
        verbose_name = _("pledge tally")
        verbose_name_plural = _("pledge tallies")
        constraints = [
            models.UniqueConstraint(fields=["version", "branch"], name="pledge_tally_unique"),
        ]

    def __str__(self):
        return f"{self.version_id} · {self.branch_id}: {self.signed}"
