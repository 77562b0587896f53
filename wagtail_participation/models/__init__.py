"""Models, split by concept. Import from here: ``from wagtail_participation.models import ProjectPage``."""
# ruff: noqa: F401  (re-exports)

from wagtail_participation.models.budgets import Budget, BudgetBallot, BudgetOutcomeOverride, BudgetPage, BudgetProject  # noqa: F401
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
from wagtail_participation.models.ideas import (  # noqa: F401
    Idea,
    IdeaBoardPage,
    IdeaExport,  # noqa: F401
)
from wagtail_participation.models.methods import MethodRecord, ParticipationMethodPage  # noqa: F401
from wagtail_participation.models.outcomes import Milestone, PolicyDecision  # noqa: F401
from wagtail_participation.models.participants import Participant, Verification  # noqa: F401
from wagtail_participation.models.polls import (  # noqa: F401
    AnalysisOption,
    OptionAnalysisPage,
    OptionComment,
    PollBallot,
    PollOption,
    PollPage,
    PollTally,
)
from wagtail_participation.models.projects import ParticipationIndexPage, ProjectPage, ProjectPhase  # noqa: F401
from wagtail_participation.models.proposals import (
    OfflineSignatures,
    Proposal,
    ProposalAreaThreshold,
    ProposalNotification,
    ProposalsPage,
    ProposalSupport,
    SupportCorrection,
)
from wagtail_participation.models.results import ResultSnapshot  # noqa: F401
from wagtail_participation.models.results_pages import ResultsPage  # noqa: F401
from wagtail_participation.models.reviews import ReviewRequest  # noqa: F401
from wagtail_participation.models.settings import ParticipationSettings  # noqa: F401
from wagtail_participation.models.surveys import (  # noqa: F401
    SurveyExport,
    SurveyPage,
    SurveyParticipation,
    SurveyQuestion,
    SurveyResponse,
)
from wagtail_participation.models.taxonomy import Area, Department, Topic  # noqa: F401
from wagtail_participation.models.verification import (  # noqa: F401
    CensusClaimRefusal,
    CensusEntry,
    CensusImport,
    CodeBatch,
    InvitationCode,
)
