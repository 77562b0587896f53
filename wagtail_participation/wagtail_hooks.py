"""Registrations only."""

from wagtail.snippets.models import register_snippet

from .viewsets import ParticipationViewSetGroup

register_snippet(ParticipationViewSetGroup)
