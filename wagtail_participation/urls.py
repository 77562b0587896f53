"""Citizen-facing routes that are not pages: verification and "my participation", and the routes
of every installed method app (its ``urls`` module, named in its manifest).

Include inside ``i18n_patterns`` so they speak the visitor's language::

    path("participation/", include("wagtail_participation.urls")),

A method app's URL module sets no ``app_name``: its names join this namespace
(``wagtail_participation:vote_poll``), so templates and blocks reverse them as before.
"""

from django.urls import include, path

from wagtail_participation import comment_views, manifests, my_participation_views, review_views, verification_views

app_name = "wagtail_participation"

urlpatterns = [
    path("verify/", verification_views.VerifyIndexView.as_view(), name="verify"),
    path("verify/<slug:backend>/", verification_views.VerifyView.as_view(), name="verify_with"),
    path("me/", my_participation_views.MyParticipationView.as_view(), name="me"),
    path("me/download/", my_participation_views.DownloadMyDataView.as_view(), name="me_download"),
    path("me/delete/", my_participation_views.DeleteAccountView.as_view(), name="me_delete"),
    path("review/<slug:kind>/<int:pk>/", review_views.request_review, name="request_review"),
    path("comments/<slug:kind>/<int:contribution_id>/", comment_views.comment_on, name="comment_on"),
]

# The URLconf is loaded after every app's ready(), so the registry is complete here.
urlpatterns += [path("", include(manifest.urls)) for manifest in manifests.manifests() if manifest.urls]
