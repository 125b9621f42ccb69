from django.urls import path

from . import views

app_name = "initiatives"

urlpatterns = [
    path("initiatives/", views.initiative_list, name="list"),
    path("initiatives/mine/", views.my_initiatives, name="mine"),
    path("initiatives/new/", views.initiative_create, name="create"),
    path("initiatives/<int:pk>/", views.initiative_detail, name="detail"),
    path("initiatives/<int:pk>/edit/", views.initiative_edit, name="edit"),
    path("initiatives/<int:pk>/apply/", views.application_create, name="apply"),
    path("initiatives/<int:pk>/award/", views.award, name="award"),
    path("initiatives/<int:pk>/report/", views.report_create, name="report"),
    path("initiatives/<int:pk>/milestones/add/", views.milestone_create, name="milestone_create"),
    path("initiatives/<int:pk>/step/<slug:target>/", views.initiative_step, name="step"),
    path("initiatives/milestones/<int:pk>/done/", views.milestone_done, name="milestone_done"),
    path("initiatives/evidence/<int:pk>/", views.evidence_download, name="evidence"),
]
