"""The budgets routes outside the page tree, included by the core's ``wagtail_participation.urls``
(no ``app_name``: the names are ``wagtail_participation:<name>``). The review's "Submit my ballot"
posts here (docs/write-paths.md)."""

from django.urls import path

from wagtail_participation.budgets import views

urlpatterns = [
    path("budgets/<int:record_id>/<slug:budget_slug>/ballot/", views.cast, name="cast_budget_ballot"),
]
