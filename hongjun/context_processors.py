"""Template context every page needs: which home and navigation fit the user, the bell."""

from reminders import services as reminders

from . import access


def portal(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "portal_role": access.home_kind(user),
        # Who is signed in, for their name and profile link. What they may do is asked of
        # access.py through the `can` tag, never read off this.
        "portal_member": access.actor(user).member,
        # One COUNT on a partial index per page; the database, never Redis, so the bell
        # works while the broker is down.
        "unread_reminders": reminders.unread_count(user),
    }
