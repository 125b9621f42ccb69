"""A real OpenLDAP server for the sign-in tests: Debian's slapd on a free loopback port,
with a throwaway configuration and database in a temporary folder (`.ci/run` installs it).

The directory holds the company's accounts the tests sign in with; `PEOPLE` names them.
The password policy overlay (ppolicy) makes `pwdAccountLockedTime` lock an account, as a
company's administrator disables one. A test adds people of its own with
`directory_entries` (LDIF through ldapadd, as a company's administrator would), and signs
in against the server with `company_directory`.

The fixtures are the whole suite's (tests/conftest.py imports them): the sign-in tests and
the browser journeys share one server per run.
"""

import shutil
import socket
import subprocess
import time

import pytest

SUFFIX = "dc=hongjun,dc=test"
BASE = f"ou=people,{SUFFIX}"
ADMIN = f"cn=admin,{SUFFIX}"
ADMIN_PASSWORD = "directory-admin"  # a throwaway test directory

# uid: (工号, password, locked?)
PEOPLE = {
    "zhangwei": ("10023", "Company-Pass-1", False),
    "wangfang": ("10025", "Company-Pass-3", False),
    "lisi": ("10024", "Company-Pass-2", True),
    "zhaoliu": ("99999", "Company-Pass-4", False),
}
# The service account a company gives the portal to search with (LDAP_BIND_USERNAME).
SERVICE = ("portal-search", "Service-Pass-9")
BACKEND = "accounts.directory.DirectoryBackend"

CONFIG = """\
include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/inetorgperson.schema
modulepath /usr/lib/ldap
moduleload back_mdb
moduleload ppolicy
pidfile {tmp}/slapd.pid
database mdb
maxsize 10485760
suffix "{suffix}"
rootdn "{admin}"
rootpw {admin_password}
directory {tmp}/db
overlay ppolicy
ppolicy_default "cn=default,ou=policies,{suffix}"
"""


def person(uid, employee_no, password, locked=False):
    """The LDIF of a company account: an inetOrgPerson whose employeeNumber is the 工号."""
    entry = (
        f"dn: uid={uid},{BASE}\nobjectClass: inetOrgPerson\nuid: {uid}\ncn: {uid}\n"
        f"sn: {uid}\nmail: {uid}@hongjun.test\nemployeeNumber: {employee_no}\n"
        f"userPassword: {password}"
    )
    if locked:  # ppolicy: locked for good, until an administrator unlocks it
        entry += "\npwdAccountLockedTime: 000001010000Z"
    return entry


def seed():
    entries = [
        f"dn: {SUFFIX}\nobjectClass: dcObject\nobjectClass: organization\ndc: hongjun\no: 霍煤鸿骏",
        f"dn: {BASE}\nobjectClass: organizationalUnit\nou: people",
        f"dn: ou=policies,{SUFFIX}\nobjectClass: organizationalUnit\nou: policies",
        f"dn: cn=default,ou=policies,{SUFFIX}\nobjectClass: applicationProcess\n"
        "objectClass: pwdPolicy\ncn: default\npwdAttribute: userPassword\npwdLockout: TRUE",
    ]
    for uid, (employee_no, password, locked) in PEOPLE.items():
        entries.append(person(uid, employee_no, password, locked=locked))
    entries.append(
        f"dn: uid={SERVICE[0]},{BASE}\nobjectClass: inetOrgPerson\nuid: {SERVICE[0]}\n"
        f"cn: {SERVICE[0]}\nsn: {SERVICE[0]}\nuserPassword: {SERVICE[1]}"
    )
    return "\n\n".join(entries) + "\n"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def ldap_server(tmp_path_factory):
    """The URL of a running slapd seeded with `PEOPLE`."""
    slapd = shutil.which("slapd") or "/usr/sbin/slapd"
    tmp = tmp_path_factory.mktemp("slapd")
    (tmp / "db").mkdir()
    config = tmp / "slapd.conf"
    config.write_text(
        CONFIG.format(tmp=tmp, suffix=SUFFIX, admin=ADMIN, admin_password=ADMIN_PASSWORD)
    )
    (tmp / "seed.ldif").write_text(seed())
    subprocess.run(  # noqa: S603 (our own command line)
        ["/usr/sbin/slapadd", "-f", str(config), "-l", str(tmp / "seed.ldif")],
        check=True,
        capture_output=True,
    )
    port = free_port()
    url = f"ldap://127.0.0.1:{port}"
    # -d 0: stays in the foreground, so the fixture owns the process.
    process = subprocess.Popen(  # noqa: S603
        [slapd, "-f", str(config), "-h", f"{url}/", "-d", "0"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 15
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"slapd did not start on {url}")
            time.sleep(0.1)
    yield url
    process.terminate()
    process.wait(timeout=10)


def use_directory(settings, url):
    """Sign-in against the directory at `url` (pytest-django's `settings`, undone after
    the test), after the local accounts as in production."""
    settings.LDAP_AUTH_URL = [url]
    settings.LDAP_AUTH_SEARCH_BASE = BASE
    settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, BACKEND]


@pytest.fixture
def company_directory(settings, ldap_server):
    """Company accounts on, against the running slapd; its URL."""
    use_directory(settings, ldap_server)
    return ldap_server


def ldap_tool(tool, url, ldif="", *arguments):
    """ldapadd / ldapdelete (ldap-utils, beside slapd) as the directory's administrator."""
    subprocess.run(  # noqa: S603 (our own command line)
        [f"/usr/bin/{tool}", "-x", "-H", url, "-D", ADMIN, "-w", ADMIN_PASSWORD, *arguments],
        input=ldif.encode(),
        check=True,
        capture_output=True,
    )


@pytest.fixture
def directory_entries(ldap_server):
    """`add(ldif)`: put entries into the running directory (e.g. `person(...)`); the
    server lives for the whole run, so they are deleted again after the test."""
    added = []

    def add(ldif):
        ldap_tool("ldapadd", ldap_server, ldif + "\n")
        added.extend(
            line.removeprefix("dn: ") for line in ldif.splitlines() if line.startswith("dn: ")
        )

    yield add
    for dn in reversed(added):
        ldap_tool("ldapdelete", ldap_server, "", dn)
