"""Two committee members awarding one project at the same moment: only one succeeds.

Real threads on real connections (`transactional_db`), so the row lock taken by
`services.award` / `Workflow.transition` is what decides, not the test's transaction.
"""

import threading

from django.db import connections, transaction

from branches.models import Role
from initiatives import services
from initiatives.models import Initiative
from tests.factories import MemberFactory, RoleFactory

ALREADY = "该项目已确定由电解一车间党支部揭榜，不能重复确定。"


def second_committee_member():
    dave = MemberFactory(name="丁伟", user__username="dave")
    RoleFactory(member=dave, kind=Role.Kind.PARTY_COMMITTEE, branch=None)
    return dave


def in_thread(target, results, key):
    def run():
        try:
            results[key] = target()
        except Exception as error:  # the test reads what each thread met
            results[key] = error
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def test_second_award_waits_for_the_lock_then_sees_the_project_awarded(
    transactional_db, applied, carol, sam, bob
):
    dave = second_committee_member()
    first_has_lock, release = threading.Event(), threading.Event()
    results = {}

    def first():
        with transaction.atomic():
            services.award(applied, sam.branch, by=carol.user)
            first_has_lock.set()
            release.wait(10)  # hold the row, uncommitted, while the second one tries
        return "awarded"

    def second():
        return services.award(Initiative.objects.get(pk=applied.pk), bob.branch, by=dave.user)

    t1 = in_thread(first, results, "first")
    assert first_has_lock.wait(10)
    t2 = in_thread(second, results, "second")
    t2.join(0.5)
    assert t2.is_alive(), "the second award must wait for the first one's row lock"
    release.set()
    t1.join(10)
    t2.join(10)

    assert results["first"] == "awarded"
    assert str(results["second"]) == ALREADY
    applied.refresh_from_db()
    assert (applied.status, applied.branch) == (Initiative.Status.AWARDED, sam.branch)


def test_two_awards_released_together_one_wins(transactional_db, applied, carol, sam, bob):
    dave = second_committee_member()
    start = threading.Barrier(2)
    results = {}

    def award(by, branch):
        def go():
            start.wait(5)
            return services.award(Initiative.objects.get(pk=applied.pk), branch, by=by)

        return go

    threads = [
        in_thread(award(carol.user, sam.branch), results, "carol"),
        in_thread(award(dave.user, bob.branch), results, "dave"),
    ]
    for thread in threads:
        thread.join(10)

    winners = [k for k, v in results.items() if isinstance(v, Initiative)]
    losers = [v for v in results.values() if not isinstance(v, Initiative)]
    assert len(winners) == 1 and len(losers) == 1
    assert "不能重复确定" in str(losers[0])
    applied.refresh_from_db()
    assert applied.branch == {"carol": sam.branch, "dave": bob.branch}[winners[0]]
    from hongjun.models import AuditEntry

    assert AuditEntry.objects.filter(action="initiative.awarded").count() == 1
