"""Polls and option analyses: one question or several options, one ballot per participant."""

from django.utils.translation import gettext_lazy as _

from wagtail_participation import method_apps


class PollsConfig(method_apps.MethodAppConfig):
    name = "wagtail_participation.polls"
    label = "participation_polls"
    verbose_name = _("Polls")
