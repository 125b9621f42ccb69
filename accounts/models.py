"""The one-time code a staff account needs before it may enrol its first two-factor device."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

# Wrong codes typed for one account before its live codes are void.
MAX_ATTEMPTS = 5


class StaffEnrolmentCode(models.Model):
    """Issued by `manage.py staff_enrolment_code` or a verified administrator in the admin.

    Only the SHA-256 of the code is kept: someone reading the table cannot enrol with it.
    Used once (`used_at`), void after `expires_at` or after MAX_ATTEMPTS wrong codes.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    code_digest = models.CharField(_("digest of the code"), max_length=64, unique=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Empty when issued with manage.py on the server."),
    )
    created_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("valid until"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("wrong codes typed"), default=0)

    class Meta:
        verbose_name = _("two-factor enrolment code")
        verbose_name_plural = _("two-factor enrolment codes")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.user} {self.created_at:%Y-%m-%d %H:%M}"


class Authenticator(TOTPDevice):
    """django-otp's TOTP device under a Chinese name in the admin (its own is English only)."""

    class Meta:
        proxy = True
        verbose_name = _("authenticator app")
        verbose_name_plural = _("authenticator apps")
