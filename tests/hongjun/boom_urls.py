"""A URLconf with a view that fails, for the 500 page test."""

from django.urls import path


def boom(request):
    raise RuntimeError("secret internals")


urlpatterns = [path("boom/", boom)]
