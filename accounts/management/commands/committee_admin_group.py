"""Give the 党委 admin group the permissions of `hongjun.access.COMMITTEE_ADMIN`."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from accounts import services


class Command(BaseCommand):
    help = (
        "Create or update the admin group 党委 with the sections the committee manages "
        "(hongjun.access.COMMITTEE_ADMIN) and add the given staff accounts to it."
    )

    def add_arguments(self, parser):
        parser.add_argument("usernames", nargs="*")

    def handle(self, *args, usernames, **options):
        users = list(get_user_model().objects.filter(username__in=usernames))
        missing = set(usernames) - {u.username for u in users}
        if missing:
            raise CommandError(f"no account {', '.join(sorted(missing))}")
        if not_staff := [u.username for u in users if not u.is_staff]:
            raise CommandError(f"not staff (the admin is for staff): {', '.join(not_staff)}")
        group = services.sync_committee_group(users)
        self.stdout.write(
            f"{group.name}：{group.permissions.count()} permissions, "
            f"{group.user_set.count()} accounts"
        )
