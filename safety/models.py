"""党建+安全生产: pledges, responsibility zones, violations, hazards and 三学 study."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The `prev_digest` of the first signature: the chain starts from nothing.
GENESIS_DIGEST = "0" * 64


class PledgeVersion(models.Model):
    """One text of the 党员身边无违章 承诺书: a draft until published, then never edited.

    The committee replaces a published text by publishing the next version; the latest
    published one is the one members sign (`queries.current_version`).
    """

    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
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
    reminders = GenericRelation("hongjun.Reminder")

    class Meta:
        verbose_name = _("pledge version")
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
        return f"{self.year} · {self.title}"

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
        raise ValidationError(_("A signed pledge cannot be changed."))

    def delete(self):
        raise ValidationError(_("A signed pledge cannot be removed."))


class PledgeSignature(models.Model):
    """A member's signature of one pledge version: a link in a tamper-evident chain.

    `digest` is SHA-256 over the canonical form of the record (`safety.chain`), which
    includes `prev_digest`, the digest of the signature before it (by `seq`). Changing or
    removing a row breaks the chain; `manage.py verify_pledges` finds where. On PostgreSQL
    a trigger refuses UPDATE and DELETE on this table as well.
    """

    seq = models.PositiveIntegerField(_("position in the chain"), unique=True, editable=False)
    version = models.ForeignKey(
        PledgeVersion,
        verbose_name=_("pledge version"),
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
            raise ValidationError(_("A signed pledge cannot be changed."))
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("safety:receipt", args=[self.pk])

    def delete(self, *args, **kwargs):
        raise ValidationError(_("A signed pledge cannot be removed."))

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
    name = models.CharField(_("name"), max_length=100)
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
        SafetyZone, verbose_name=_("zone"), on_delete=models.CASCADE, related_name="violations"
    )
    occurred_on = models.DateField(_("date"))
    description = models.TextField(_("description"))
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

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
