from django.urls import path

from . import activity_views, views

app_name = "branches"

urlpatterns = [
    path("org/", views.org_tree, name="org_tree"),
    path("branches/<int:pk>/", views.branch_detail, name="branch_detail"),
    path("branches/<int:pk>/edit/", views.branch_edit, name="branch_edit"),
    path("branches/<int:pk>/elections/new/", views.election_create, name="election_create"),
    path("branches/<int:branch_pk>/members/add/", views.member_create, name="member_create"),
    path("members/search/", views.member_search, name="member_search"),
    path("members/<int:pk>/", views.member_detail, name="member_detail"),
    path("members/<int:pk>/edit/", views.member_edit, name="member_edit"),
    path("members/<int:pk>/id-number/", views.member_id_number, name="member_id_number"),
    path("members/<int:pk>/training/new/", views.training_create, name="training_create"),
    # Activities
    path("activities/", activity_views.activity_home, name="activity_home"),
    path("branches/<int:pk>/activities/", activity_views.activity_list, name="activity_list"),
    path(
        "branches/<int:pk>/activities/new/",
        activity_views.activity_create,
        name="activity_create",
    ),
    path("activities/<int:pk>/", activity_views.activity_detail, name="activity_detail"),
    path("activities/<int:pk>/edit/", activity_views.activity_edit, name="activity_edit"),
    path(
        "activities/<int:pk>/files/<int:file_pk>/",
        activity_views.attachment_download,
        name="attachment_download",
    ),
    path("activities/<int:pk>/print/", activity_views.activity_print, name="activity_print"),
    path(
        "activities/<int:pk>/files/<int:file_pk>/photo.jpg",
        activity_views.attachment_photo,
        name="attachment_photo",
    ),
    path(
        "branches/<int:pk>/ledger/<int:year>/pdf/",
        activity_views.ledger_pdf_create,
        name="ledger_pdf_create",
    ),
    path(
        "branches/<int:pk>/ledger/<int:year>.xlsx",
        activity_views.ledger_download,
        name="ledger_download",
    ),
    path("compliance/", activity_views.compliance_matrix, name="compliance_matrix"),
    path("calendar/", activity_views.calendar_month, name="calendar"),
    path("calendar/feed/<str:token>.ics", activity_views.calendar_feed, name="calendar_feed"),
    path(
        "calendar/subscription/",
        activity_views.calendar_subscription,
        name="calendar_subscription",
    ),
    path(
        "calendar/subscription/new/",
        activity_views.calendar_token_create,
        name="calendar_token_create",
    ),
    path(
        "calendar/subscription/revoke/",
        activity_views.calendar_token_revoke,
        name="calendar_token_revoke",
    ),
]
