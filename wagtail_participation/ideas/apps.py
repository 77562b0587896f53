"""Idea collection: boards where residents post, vote on and discuss ideas."""

from django.utils.translation import gettext_lazy as _

from wagtail_participation import method_apps


class IdeasConfig(method_apps.MethodAppConfig):
    name = "wagtail_participation.ideas"
    label = "participation_ideas"
    verbose_name = _("Ideas")
