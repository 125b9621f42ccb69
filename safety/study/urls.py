"""The 三学 pages' URLs, in the `study:` namespace."""

from django.urls import path

from . import views

app_name = "study"

urlpatterns = [
    path("study/", views.session_list, name="list"),
    path("study/new/<str:mode>/", views.session_create, name="create"),
    path("study/participation/", views.participation, name="participation"),
    path("study/mentors/", views.mentor_pairs, name="mentor_pairs"),
    path("study/<int:pk>/", views.session_detail, name="detail"),
    path("study/<int:pk>/attendance/", views.attendance, name="attendance"),
    path("study/<int:pk>/material/", views.material, name="material"),
]
