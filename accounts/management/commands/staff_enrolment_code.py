"""Print a one-time code with which a staff account may enrol its first two-factor device."""

import datetime

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from accounts import services


class Command(BaseCommand):
    help = (
        "Print a single-use code (valid 30 minutes) that lets a staff account enrol its "
        "first two-factor device. Hand it over in person or by phone, never by e-mail."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--minutes", type=int, default=30, help="How long the code is valid (1–1440)."
        )

    def handle(self, *args, username, minutes, **options):
        if not 1 <= minutes <= 24 * 60:
            raise CommandError("--minutes takes 1 to 1440.")
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"no account {username!r}")
        try:
            _row, code = services.issue_enrolment_code(
                user, by=None, valid_for=datetime.timedelta(minutes=minutes)
            )
        except services.EnrolmentError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(code)
        self.stderr.write(
            f"single use, valid {minutes} minutes: {username} signs in, enters it on the "
            "two-factor page and then sets up the authenticator app"
        )
