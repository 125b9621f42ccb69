"""Chinese names for the third-party apps the admin lists: their AppConfigs, named here,
and the model names their own catalogues lack (axes has no Chinese one). django-otp's
TOTP devices are listed as `accounts.Authenticator`, a proxy with a Chinese name."""

from axes.apps import AppConfig as AxesAppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop


class AxesConfig(AxesAppConfig):
    verbose_name = _("Sign-in security")


# axes names its models with gettext in its own domain: the portal's catalogue answers.
AXES_MODEL_NAMES = (
    gettext_noop("access attempt"),
    gettext_noop("access attempts"),
    gettext_noop("access failure"),
    gettext_noop("access failures"),
    gettext_noop("access log"),
    gettext_noop("access logs"),
    gettext_noop("access attempt expiration"),
    gettext_noop("access attempt expirations"),
)
