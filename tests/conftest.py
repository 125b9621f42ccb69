"""The cast every test may call on, as healthchecks has alice, bob and charlie.

- `branch_a`, `branch_b`: two branches under one committee.
- `alice`: a member of branch A; `sam`: the secretary of branch A;
  `bob`: the secretary of branch B; `carol`: on the party committee.
- `client_for(person)`: a test client logged in as that member.
- `zone_a`, `zone_b`: a safety responsibility zone of branch A and of branch B.
- `ldap_server`, `company_directory`, `directory_entries`: the company's directory, a real
  slapd started once per run (tests/accounts/directory.py).
"""

import pytest
from django.db.backends.postgresql.operations import DatabaseOperations
from django.test import Client

from branches.models import Role

from .accounts.directory import (  # noqa: F401 (fixtures of the whole suite)
    company_directory,
    directory_entries,
    ldap_server,
)
from .factories import BranchFactory, HazardZoneFactory, MemberFactory, RoleFactory


@pytest.fixture(scope="session", autouse=True)
def flush_as_a_superuser():
    """Between transactional tests (live_server, concurrency) Django empties every table
    with TRUNCATE, which the append-only tables refuse (safety 0009, hongjun 0008). The
    suite's own database user is a superuser: it truncates with triggers off, in the same
    transaction, as a DBA could. A test that plays the DBA does so with raw SQL."""
    original = DatabaseOperations.sql_flush

    def sql_flush(self, style, tables, **kwargs):
        statements = original(self, style, tables, **kwargs)
        if not statements:
            return statements
        return ["SET LOCAL session_replication_role = replica", *statements]

    DatabaseOperations.sql_flush = sql_flush
    yield
    DatabaseOperations.sql_flush = original


@pytest.fixture
def branch_a(db):
    return BranchFactory(name="电解一车间党支部")


@pytest.fixture
def branch_b(db):
    return BranchFactory(name="铸造车间党支部")


@pytest.fixture
def alice(branch_a):
    return MemberFactory(name="李爱丽", branch=branch_a, user__username="alice")


@pytest.fixture
def sam(branch_a):
    member = MemberFactory(name="孙明", branch=branch_a, user__username="sam")
    RoleFactory(member=member, kind=Role.Kind.SECRETARY, branch=branch_a)
    return member


@pytest.fixture
def bob(branch_b):
    member = MemberFactory(name="包博", branch=branch_b, user__username="bob")
    RoleFactory(member=member, kind=Role.Kind.SECRETARY, branch=branch_b)
    return member


@pytest.fixture
def carol(db):
    office = BranchFactory(name="机关第一党支部")
    member = MemberFactory(name="曹蕾", branch=office, user__username="carol")
    RoleFactory(member=member, kind=Role.Kind.PARTY_COMMITTEE, branch=None)
    return member


@pytest.fixture
def zone_a(branch_a):
    return HazardZoneFactory(branch=branch_a, name="电解槽一区")


@pytest.fixture
def zone_b(branch_b):
    return HazardZoneFactory(branch=branch_b, name="铸造机旁")


@pytest.fixture
def client_for(db):
    def make(member):
        client = Client()
        client.force_login(member.user)
        # A session in use: the first request stamps its times, which query counts skip.
        client.get("/healthz/")
        return client

    return make


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """PBKDF2's deliberate slowness belongs in production, not in every test's factories."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def admin_client(db):
    """A superuser's client that has passed two-factor sign-in, as the admin requires."""
    from django.contrib.auth import get_user_model
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = get_user_model().objects.create_superuser("root", "root@hongjun.test", "pw-root-1")
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    client = Client()
    client.force_login(user)
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    assert client.post("/accounts/two-factor/", {"code": f"{code:06d}"}).status_code == 302
    client.user = user
    return client
