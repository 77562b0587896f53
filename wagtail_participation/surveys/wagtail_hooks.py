"""Registrations only: the surveys screen in the "Participation" menu and the permission to read
responses (docs/architecture.md, "Admin: how a method app adds its screens")."""

from django.contrib.auth.models import Permission
from wagtail import hooks

from wagtail_participation.admin_registry import register_participation_viewset
from wagtail_participation.surveys.admin import SurveyViewSet

register_participation_viewset(SurveyViewSet())


@hooks.register("register_permissions")
def survey_permissions():
    """Lets a group read survey responses (``view_surveyresponse``) without changing anything."""
    return Permission.objects.filter(content_type__app_label="participation_surveys", codename="view_surveyresponse")
