"""Company accounts: signing in with the LDAP / Active Directory password, matched by 工号.

django-python3-ldap does the directory's part (servers, TLS, binding as the user, the
optional service account, the search); this backend decides who the person is in the
portal. A directory account is a member's account when its 工号 attribute
(`LDAP_EMPLOYEE_NO_ATTR`, e.g. employeeNumber or AD's employeeID) names an active
`Member`: never by user name, so a directory entry can never take over a local account
that merely has the same name (an "admin" in the domain is not the portal's admin).

The directory refuses a wrong password, a disabled account (AD's disabled flag, OpenLDAP's
ppolicy lock) and an unknown name alike; the portal then says what it says for a wrong
password. When no directory server answers, the sign-in form says so in Chinese
(`request.directory_unavailable`), and local accounts sign in as before.
"""

import contextlib
import logging

import ldap3
from django.conf import settings
from django.contrib.auth import get_user_model
from django_python3_ldap import ldap
from django_python3_ldap.utils import format_search_filters
from ldap3.core.exceptions import LDAPCommunicationError, LDAPException, LDAPResponseTimeoutError

from hongjun.backends import PortalBackend

from . import services

logger = logging.getLogger(__name__)


def enabled():
    return bool(settings.LDAP_AUTH_URL)


def search_filters(ldap_fields):
    """The library's filters (object class, user name) and `LDAP_USER_FILTER`, e.g. AD's
    "not disabled": (!(userAccountControl:1.2.840.113556.1.4.803:=2))."""
    filters = format_search_filters(ldap_fields)
    if settings.LDAP_USER_FILTER:
        filters.append(settings.LDAP_USER_FILTER)
    return filters


def answers(url):
    """Does the directory server at `url` answer an LDAP request (an anonymous bind: any
    result, even a refusal, is an answer)? False when it refuses the connection, or
    accepts it and then says nothing within the timeouts."""
    server = ldap3.Server(
        url, connect_timeout=settings.LDAP_AUTH_CONNECT_TIMEOUT, get_info=ldap3.NONE
    )
    connection = ldap3.Connection(
        server, receive_timeout=settings.LDAP_AUTH_RECEIVE_TIMEOUT, raise_exceptions=True
    )
    try:
        connection.open()
        connection.bind()
    except (LDAPCommunicationError, LDAPResponseTimeoutError):
        return False
    except LDAPException:
        return True
    finally:
        with contextlib.suppress(Exception):
            connection.unbind()
    return True


def reachable():
    """Does any directory server answer? Asked only after a sign-in failed."""
    return any(answers(url) for url in settings.LDAP_AUTH_URL)


def outage_not_counted(request, credentials):
    """django-axes' AXES_WHITELIST_CALLABLE: a sign-in the directory could not check (no
    server answered) is not a wrong password, and does not count towards a lockout.
    Before the sign-in is tried, and for every other failure, it is False."""
    return bool(getattr(request, "directory_unavailable", False))


def first(value):
    if isinstance(value, list | tuple):
        value = value[0] if value else ""
    return str(value or "").strip()


def lookup(username, password):
    """The directory entry's attributes for `username` signed in with `password`, or None
    (wrong password, disabled, unknown, or no server answered)."""
    with ldap.connection(username=username, password=password) as found:
        if found is None:
            return None
        # Caught here: an error thrown back into the library's context manager at its
        # yield would make it yield again (a RuntimeError, a server error for the user).
        try:
            if not found.has_user(username=username):
                return None
            return found._connection.response[0]["attributes"]
        except LDAPException as error:
            logger.warning("Directory search for %r failed: %s", username, error)
            return None


class DirectoryBackend(PortalBackend):
    """Sign-in with the company account; the session then loads the user as every other
    (`PortalBackend.get_user`, one query). Listed after the local backend: a local account
    with a usable password signs in locally first."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not (enabled() and username and password):
            return None
        attributes = lookup(username, password)
        if attributes is None:
            if request is not None and not self._local(username) and not reachable():
                logger.warning("No directory server answered the sign-in of %r", username)
                request.directory_unavailable = True
            return None
        employee_no = first(attributes.get(settings.LDAP_EMPLOYEE_NO_ATTR))
        user = services.directory_account(employee_no, email=first(attributes.get("mail")))
        if user is None:
            logger.warning(
                "Directory account %r (工号 %r) matches no active member", username, employee_no
            )
            if request is not None:
                request.directory_unmatched = employee_no or "-"
            return None
        return user if self.user_can_authenticate(user) else None

    def _local(self, username):
        """A local account by this name: its sign-in failed on the password, not the
        directory, so it gets the usual message."""
        user = get_user_model().objects.filter(username=username).first()
        return user is not None and user.has_usable_password()
