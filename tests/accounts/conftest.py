"""Fixtures of the sign-in tests: the real OpenLDAP server (tests/accounts/directory.py)."""

from .directory import ldap_server  # noqa: F401 (a fixture)
