"""Test-only reminder kinds and scans, imported by the tests and by the Celery workers that
the fault tests start (`--include tests.reminders.scans`).

The real scans (activities, pledges, hazards, milestones) live in their apps; these stand
in for them with the same shape: a fixed number of queries whatever the member count.
"""

from branches.models import Branch, Member
from reminders import services as reminders

EVERYONE = "test_everyone"

reminders.KINDS.setdefault(
    EVERYONE, reminders.Kind(EVERYONE, "Test: everyone about their branch", "members", days=(0,))
)


@reminders.register_scan(EVERYONE)
def everyone_about_their_branch(today):
    """Every active member with an account, about their branch: one query."""
    members = Member.objects.filter(is_active=True, user__isnull=False).values_list(
        "user_id", "branch_id", "branch__name"
    )
    return [
        reminders.row(
            EVERYONE,
            Branch(pk=branch_id),
            user_id,
            today,
            subject=f"{name}：今日提醒",
            body="测试提醒正文。",
            url=f"/branches/{branch_id}/",
        )
        for user_id, branch_id, name in members
    ]
