from django.urls import path

from . import views

app_name = "onboarding"

urlpatterns = [
    path("", views.import_home, name="home"),
    path("template.xlsx", views.template_download, name="template"),
    path("<str:digest>/", views.import_preview, name="preview"),
    path("<str:digest>/confirm/", views.import_confirm, name="confirm"),
    path("<str:digest>/absent/", views.import_absent, name="absent"),
]
