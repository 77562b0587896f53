"""Wagtail's catch-all before the participation URLs: they are never reached."""

from django.urls import include, path
from wagtail import urls as wagtail_urls

urlpatterns = [
    path("", include(wagtail_urls)),
    path("participation/", include("wagtail_participation.urls")),
]
