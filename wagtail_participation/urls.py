"""Citizen-facing routes that are not pages: verification and "my participation".

Include inside ``i18n_patterns`` so they speak the visitor's language::

    path("participation/", include("wagtail_participation.urls")),
"""

from django.urls import path

from wagtail_participation import review_views, views
from wagtail_participation.ideas import views as idea_views
from wagtail_participation.polls import views as poll_views

app_name = "wagtail_participation"

urlpatterns = [
    path("verify/", views.VerifyIndexView.as_view(), name="verify"),
    path("verify/<slug:backend>/", views.VerifyView.as_view(), name="verify_with"),
    path("me/", views.MyParticipationView.as_view(), name="me"),
    path("me/download/", views.DownloadMyDataView.as_view(), name="me_download"),
    path("me/delete/", views.DeleteAccountView.as_view(), name="me_delete"),
    path("ideas/<int:idea_id>/vote/", idea_views.vote, name="vote_idea"),
    path("polls/<int:record_id>/vote/", poll_views.submit_ballot, name="vote_poll"),
    path("review/<slug:kind>/<int:pk>/", review_views.request_review, name="request_review"),
]
