"""How a permission-matrix entry is checked; shared by `tests/test_permission_matrix.py` and
the apps' parts of the matrix (`tests/*/test_url_matrix.py`).

An entry maps a URL name to (how to build its arguments from the test's `world`, the codes
expected for anonymous, alice, sam, bob and carol, as one string in that order).
"""

from django.test import Client
from django.urls import reverse

ROLES = ["anonymous", "alice", "sam", "bob", "carol"]

# URLs a logged-out visitor reaches without being sent to the login page.
NOT_TO_LOGIN = {"login_code"}


def no_args(world):
    return {}


def check(name, entry, world):
    """GET the URL as each role and compare the status codes with the entry's."""
    build, expected = entry
    url = reverse(name, kwargs=build(world))
    for role, code in zip(ROLES, expected.split(), strict=True):
        client = Client()
        if role != "anonymous":
            client.force_login(getattr(world, role).user)
        response = client.get(url)
        assert response.status_code == int(code), f"{name} as {role}: {response.status_code}"
        if role == "anonymous" and code == "302" and name not in NOT_TO_LOGIN:
            assert response.url.startswith(reverse("login")), name
