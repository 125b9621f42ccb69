from django.urls import path

from . import inbox

app_name = "inbox"

urlpatterns = [
    path("inbox/", inbox.inbox, name="list"),
    path("inbox/<int:pk>/open/", inbox.open_reminder, name="open"),
    path("inbox/read-all/", inbox.read_all, name="read_all"),
    path("settings/reminders/", inbox.preferences, name="preferences"),
]
