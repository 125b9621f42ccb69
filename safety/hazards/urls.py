"""The hazard pages' URLs, in the `hazards:` namespace."""

from django.urls import path

from . import views

app_name = "hazards"

urlpatterns = [
    path("hazards/", views.hazard_list, name="list"),
    path("hazards/mine/", views.hazard_mine, name="mine"),
    path("hazards/report/", views.hazard_report, name="report"),
    path("hazards/<int:pk>/", views.hazard_detail, name="detail"),
    path("hazards/<int:pk>/assign/", views.hazard_assign, name="assign"),
    path("hazards/<int:pk>/submit/", views.hazard_submit, name="submit"),
    path("hazards/<int:pk>/close/", views.hazard_close, name="close"),
    path("hazards/<int:pk>/return/", views.hazard_return, name="return"),
    path("hazards/<int:pk>/photo/<str:which>/", views.hazard_photo, name="photo"),
]
