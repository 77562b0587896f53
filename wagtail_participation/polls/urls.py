"""The polls routes outside the page tree, included by the core's ``wagtail_participation.urls``
(no ``app_name``: the names are ``wagtail_participation:<name>``). A poll embedded in any page
posts its ballot here and comes back to that page."""

from django.urls import path

from wagtail_participation.polls import views

urlpatterns = [
    path("polls/<int:record_id>/vote/", views.submit_ballot, name="vote_poll"),
]
