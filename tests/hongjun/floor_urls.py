"""The portal's URLconf with the benchmark's floor page routed, for the floor tests."""

from django.urls import path

from hongjun.urls import urlpatterns as portal
from hongjun.views import bench_floor

urlpatterns = [*portal, path("bench/floor/", bench_floor, name="bench_floor")]
