"""Safety fixtures on top of the cast: a published pledge and a way to sign it for real."""

import pytest

from safety.pledges import services
from tests.factories import PledgeVersionFactory


@pytest.fixture
def pledge(carol):
    """The pledge in force, published by carol (committee)."""
    version = PledgeVersionFactory(year=2025, title="2025年度党员身边无违章承诺书")
    return services.publish_version(version, by=carol.user)


@pytest.fixture
def sign():
    """Sign `version` as `member` through the service members use."""

    def make(member, version, ip="10.0.0.7", user_agent="pytest-phone"):
        return services.sign_pledge(
            version, member, member.name, by=member.user, ip_address=ip, user_agent=user_agent
        )

    return make
