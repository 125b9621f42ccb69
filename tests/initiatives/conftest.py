"""Projects at each step, on a fixed day: 2025-03-15 (the list closes on 2025-03-31)."""

import datetime

import pytest
import time_machine

from initiatives.models import Initiative
from tests.factories import ApplicationFactory, InitiativeFactory

TODAY = datetime.date(2025, 3, 15)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # The cast's accounts are hashed at creation; the default hasher costs ~0.5 s a user.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def uploads_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def on_a_fixed_day():
    with time_machine.travel(datetime.datetime(2025, 3, 15, 10, 0, tzinfo=datetime.UTC)):
        yield


@pytest.fixture
def listed(db):
    """A listed project open for applications until 2025-03-31."""
    return InitiativeFactory(title="电解槽底清灰自动化", status=Initiative.Status.PUBLISHED)


@pytest.fixture
def applied(listed, sam, bob, alice):
    """Branches A (team: alice, lead sam) and B have applied for `listed`."""
    a = ApplicationFactory(initiative=listed, branch=sam.branch, lead=sam, plan="A支部方案")
    a.team.set([alice, sam])
    ApplicationFactory(initiative=listed, branch=bob.branch, lead=bob, plan="B支部方案")
    return listed


@pytest.fixture
def awarded_to_a(applied, carol):
    from initiatives import services

    return services.award(applied, applied.applications.get(plan="A支部方案").branch, by=carol.user)


@pytest.fixture
def working(awarded_to_a, sam):
    """Listed project awarded to branch A and in progress."""
    from initiatives import services

    return services.take_step(awarded_to_a, Initiative.Status.IN_PROGRESS, by=sam.user)
