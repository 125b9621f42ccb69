from django.urls import path

from . import views

app_name = "dashboard"

urlpatterns = [
    path("dashboard/", views.dashboard, name="home"),
    path("dashboard/tables/<slug:name>/", views.full_table, name="table"),
    path("dashboard/tables/<slug:name>.xlsx", views.table_download, name="table_download"),
    path("dashboard/activities/", views.activities, name="activities"),
    path("dashboard/activities.xlsx", views.activities_download, name="activities_download"),
    path("dashboard/weights/", views.weights_edit, name="weights"),
    path("dashboard/green-power/", views.green_power, name="green_power"),
    path("dashboard/exports/new/", views.export_create, name="export_create"),
    path("dashboard/exports/<int:pk>/", views.export_detail, name="export_detail"),
    path("dashboard/exports/<int:pk>/status/", views.export_status, name="export_status"),
    path("dashboard/exports/<int:pk>/download/", views.export_download, name="export_download"),
]
