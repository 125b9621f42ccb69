"""Template context every page needs: which home and navigation fit the user."""

from . import access


def portal(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"portal_role": access.home_kind(user), "portal_actor": access.actor(user)}
