"""Personal data sealed at rest: Fernet (AES-128-CBC with an HMAC-SHA256) over the keys of
`settings.FIELD_ENCRYPTION_KEYS`, or one derived from SECRET_KEY in development.

A sealed value is opened only where a page shows it; a database dump, a backup or a
replica holds only the token. `fingerprint` is a keyed digest of the clear value, for a
unique constraint and a look-up without opening every row.
"""

import base64
import functools
import hashlib
import hmac

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings

DERIVATION_LABEL = b"hongjun.sealed.v1"


def derived_key(secret):
    """A Fernet key derived from `secret` (SECRET_KEY): the development default."""
    digest = hmac.new(secret.encode(), DERIVATION_LABEL, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest)


def keys():
    """The configured keys, or the one derived from SECRET_KEY."""
    return list(settings.FIELD_ENCRYPTION_KEYS) or [derived_key(settings.SECRET_KEY)]


@functools.lru_cache(maxsize=4)
def _fernet(key_tuple):
    return MultiFernet([Fernet(k) for k in key_tuple])


def seal(clear):
    """The token of `clear` (text); '' for ''."""
    if not clear:
        return ""
    return _fernet(tuple(keys())).encrypt(clear.encode()).decode()


def open_sealed(token):
    """The clear text of `token`; '' for '' and for a token no configured key opens."""
    if not token:
        return ""
    try:
        return _fernet(tuple(keys())).decrypt(token.encode()).decode()
    except InvalidToken:
        return ""


def fingerprint(clear):
    """A keyed digest of `clear` (hex), equal for equal values; '' for ''.

    Keyed by the last (oldest) key, so that putting a new key first to seal with it keeps
    every stored fingerprint comparable; that key stays listed while fingerprints exist.
    """
    if not clear:
        return ""
    key = base64.urlsafe_b64decode(keys()[-1])
    return hmac.new(key, clear.encode(), hashlib.sha256).hexdigest()
