"""The ideas routes outside the page tree, included by the core's ``wagtail_participation.urls``
(no ``app_name``: the names are ``wagtail_participation:<name>``)."""

from django.urls import path

from wagtail_participation.ideas import views

urlpatterns = [
    path("ideas/<int:idea_id>/vote/", views.vote, name="vote_idea"),
]
