"""Members signing at the same moment: each gets a signature, the chain stays one line.

Real threads, each with its own database connection, against real PostgreSQL. A pause is
put between reading the chain's head and writing the new link, so that without the lock
every thread would read the same head (and all but one would fail on the one-successor
constraint): the test passes because of the lock, not by luck.
"""

import threading
import time

import pytest
from django.db import connection

from safety.models import PledgeSignature
from safety.pledges import chain, services
from tests.factories import MemberFactory, PledgeVersionFactory

pytestmark = pytest.mark.django_db(transaction=True)


def run_together(targets):
    barrier = threading.Barrier(len(targets))
    results, errors = [], []

    def worker(target):
        try:
            barrier.wait()
            results.append(target())
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(t,)) for t in targets]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results, errors


@pytest.fixture
def slow_links(monkeypatch):
    real = chain.text_digest

    def slow(version):
        time.sleep(0.05)
        return real(version)

    monkeypatch.setattr(chain, "text_digest", slow)


def test_members_signing_at_once_form_one_unbroken_chain(slow_links):
    from tests.factories import UserFactory

    committee = UserFactory(is_superuser=True)
    version = services.publish_version(PledgeVersionFactory(), by=committee)
    members = [MemberFactory() for _ in range(6)]

    def signer(member):
        return lambda: services.sign_pledge(version, member, member.name, by=member.user)

    results, errors = run_together([signer(m) for m in members])

    assert errors == []
    assert len(results) == 6
    rows = list(PledgeSignature.objects.order_by("seq"))
    assert [r.seq for r in rows] == [1, 2, 3, 4, 5, 6]
    assert rows[0].prev_digest == "0" * 64
    assert [r.prev_digest for r in rows[1:]] == [r.digest for r in rows[:-1]]
    assert {r.member_id for r in rows} == {m.pk for m in members}
    assert all(chain.digest_of(r) == r.digest for r in rows)


def test_two_tabs_signing_at_once_give_one_signature(slow_links):
    from tests.factories import UserFactory

    committee = UserFactory(is_superuser=True)
    version = services.publish_version(PledgeVersionFactory(), by=committee)
    member = MemberFactory(name="王双击")
    first = MemberFactory()
    services.sign_pledge(version, first, first.name, by=first.user)  # the chain has a head

    def tab():
        return services.sign_pledge(version, member, member.name, by=member.user)

    results, errors = run_together([tab, tab])

    assert len(results) == 1
    assert len(errors) == 1
    assert isinstance(errors[0], services.AlreadySigned)
    assert errors[0].signature.pk == results[0].pk
    assert PledgeSignature.objects.filter(member=member).count() == 1
