"""The surveys routes outside the page tree, included by the core's ``wagtail_participation.urls``
(no ``app_name``: the names are ``wagtail_participation:<name>``). A survey's last step, and a
survey embedded in any page, posts its answers here (docs/write-paths.md)."""

from django.urls import path

from wagtail_participation.surveys import views

urlpatterns = [
    path("surveys/<int:record_id>/answer/", views.answer, name="answer_survey"),
]
