"""The portal's own `check --deploy` warnings: settings Django cannot judge by itself."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "0.0.0.0"}  # noqa: S104 (names, not a bind)


@checks.register(checks.Tags.security, deploy=True)
def site_url_is_public(app_configs=None, **kwargs):
    """SITE_URL starts every link in a reminder's e-mail: left at its development default,
    every link a member receives points at their own computer."""
    parts = urlsplit(settings.SITE_URL)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return [
            checks.Warning(
                f"SITE_URL ({settings.SITE_URL!r}) is not an http(s) address.",
                hint="Set SITE_URL to the portal's address as users reach it, "
                "e.g. https://dangjian.example.cn.",
                id="hongjun.W001",
            )
        ]
    if parts.hostname in LOCAL_HOSTS:
        return [
            checks.Warning(
                f"SITE_URL still points at this machine ({settings.SITE_URL}): the links in "
                "reminder e-mails would not open for anyone else.",
                hint="Set SITE_URL to the portal's address as users reach it, "
                "e.g. https://dangjian.example.cn.",
                id="hongjun.W002",
            )
        ]
    if parts.scheme != "https" and not settings.DEBUG:
        return [
            checks.Warning(
                f"SITE_URL ({settings.SITE_URL}) is not https: links in e-mails would send "
                "members to the portal unencrypted before the redirect.",
                hint="Use the https:// address the reverse proxy serves.",
                id="hongjun.W003",
            )
        ]
    return []


@checks.register(checks.Tags.security, deploy=True)
def field_encryption_key_is_set(app_configs=None, **kwargs):
    """Sealed personal data (hongjun/sealed.py) with the key derived from SECRET_KEY: a
    rotated SECRET_KEY would make every sealed 身份证号 unreadable, and one secret would
    guard both the sessions and the data."""
    if settings.FIELD_ENCRYPTION_KEYS:
        return []
    return [
        checks.Warning(
            "FIELD_ENCRYPTION_KEYS is not set: personal data is sealed with a key derived "
            "from SECRET_KEY.",
            hint="Set FIELD_ENCRYPTION_KEYS to a key made by "
            "`python -c 'from cryptography.fernet import Fernet; "
            "print(Fernet.generate_key().decode())'` and keep it apart from the database "
            "backups.",
            id="hongjun.W004",
        )
    ]
