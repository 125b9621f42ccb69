"""The inbox's pages. The namespace stays `inbox`, the name every link and template uses."""

from django.urls import path

from . import views

app_name = "inbox"

urlpatterns = [
    path("inbox/", views.inbox, name="list"),
    path("inbox/<int:pk>/open/", views.open_reminder, name="open"),
    path("inbox/read-all/", views.read_all, name="read_all"),
    path("settings/reminders/", views.preferences, name="preferences"),
]
