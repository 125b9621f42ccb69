"""Pages of the reminder inbox (the bell in the navbar) and the e-mail preferences."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from hongjun import access

from . import services
from .forms import ReminderPreferencesForm

PAGE_SIZE = 30


@login_required
def inbox(request):
    entries = access.reminders_for(request.user).filter(due_on__lte=timezone.localdate())
    page = Paginator(entries.order_by("-due_on", "-id"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    for entry in page.object_list:
        entry.kind_label = services.kind_label(entry.kind)
    return render(request, "inbox/inbox.html", {"page": page})


@login_required
@require_POST
def open_reminder(request, pk):
    """Mark the entry read and go to the thing it is about."""
    reminder = get_object_or_404(access.reminders_for(request.user), pk=pk)
    services.mark_read(reminder, by=request.user)
    safe = url_has_allowed_host_and_scheme(
        reminder.url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return redirect(reminder.url if reminder.url and safe else "inbox:list")


@login_required
@require_POST
def read_all(request):
    services.mark_all_read(by=request.user)
    messages.success(request, _("All reminders are marked as read."))
    return redirect("inbox:list")


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request):
    form = ReminderPreferencesForm(request.POST or None, current=services.preferences(request.user))
    if request.method == "POST" and form.is_valid():
        services.save_preferences(request.user, form.chosen(), by=request.user)
        messages.success(request, _("Your reminder settings were saved."))
        return redirect("inbox:preferences")
    return render(
        request,
        "inbox/preferences.html",
        {
            "form": form,
            "has_email": bool(request.user.email),
            "chat": len(form.codes) > 1,
            "has_userid": bool(access.actor(request.user).member),
        },
    )
