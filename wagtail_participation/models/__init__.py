"""The core's models, split by concept. Import from here: ``from wagtail_participation.models import ProjectPage``.

Each method app keeps its own models (in its own ``models.py``)."""
# ruff: noqa: F401  (re-exports)

from wagtail_participation.models.contributions import (
    Channel,
    Comment,
    Contribution,
    ContributionVote,
    Follow,
    HideGround,
    OfficialUpdate,
    Report,
    StatusStyle,
    Visibility,
)
from wagtail_participation.models.methods import MethodRecord, ParticipationMethodPage
from wagtail_participation.models.outcomes import Milestone, PolicyDecision
from wagtail_participation.models.participants import Participant, Verification
from wagtail_participation.models.projects import ParticipationIndexPage, ProjectPage, ProjectPhase
from wagtail_participation.models.reviews import ReviewRequest
from wagtail_participation.models.settings import ParticipationSettings
from wagtail_participation.models.snapshots import ResultSnapshot
from wagtail_participation.models.taxonomy import Area, Department, Topic
from wagtail_participation.models.verification import (
    CensusClaimRefusal,
    CensusEntry,
    CensusImport,
    CodeBatch,
    InvitationCode,
)
