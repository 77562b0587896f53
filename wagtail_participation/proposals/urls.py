"""The proposals routes outside the page tree, included by the core's ``wagtail_participation.urls``
(no ``app_name``: the names are ``wagtail_participation:<name>``). Supporting a proposal (and
withdrawing the support) needs the proposal and its record, not Wagtail's serving of the page."""

from django.urls import path

from wagtail_participation.proposals import views

urlpatterns = [
    path("proposals/<int:proposal_id>/support/", views.support_proposal, name="support_proposal"),
]
