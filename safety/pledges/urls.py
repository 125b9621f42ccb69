"""The pledge and zone pages' URLs, in the `safety:` namespace."""

from django.urls import path

from . import views

app_name = "safety"

urlpatterns = [
    path("pledge/", views.sign, name="sign"),
    path("pledge/receipts/<int:pk>/", views.receipt, name="receipt"),
    path("pledge/versions/", views.version_list, name="version_list"),
    path("pledge/versions/new/", views.version_create, name="version_create"),
    path("pledge/versions/<int:pk>/", views.version_detail, name="version_detail"),
    path("pledge/versions/<int:pk>/edit/", views.version_edit, name="version_edit"),
    path("pledge/versions/<int:pk>/publish/", views.version_publish, name="version_publish"),
    path("pledge/rates/", views.rates, name="rates"),
    path("pledge/rates/<int:branch_pk>/", views.rate_branch, name="rate_branch"),
    path("verify/", views.verify, name="verify"),
    path("verify/<str:code>/", views.verify, name="verify_code"),
    path("zones/", views.zone_list, name="zone_list"),
    path("zones/<int:pk>/", views.zone_detail, name="zone_detail"),
    path("zones/<int:pk>/edit/", views.zone_edit, name="zone_edit"),
    path("zones/<int:zone_pk>/violations/new/", views.violation_create, name="violation_create"),
    path("branches/<int:branch_pk>/zones/new/", views.zone_create, name="zone_create"),
]
