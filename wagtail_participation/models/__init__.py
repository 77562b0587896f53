"""Models, split by concept. Import from here: ``from wagtail_participation.models import ProjectPage``."""

from .methods import MethodRecord, ParticipationMethodPage  # noqa: F401
from .participants import Participant, Verification  # noqa: F401
from .projects import ParticipationIndexPage, ProjectPage, ProjectPhase  # noqa: F401
from .results import ResultSnapshot  # noqa: F401
from .settings import ParticipationSettings  # noqa: F401
from .taxonomy import Area, Department, Topic  # noqa: F401
from .verification import CensusClaimRefusal, CensusEntry, CensusImport, CodeBatch, InvitationCode  # noqa: F401
from .contributions import (  # noqa: F401
    Channel, Comment, Contribution, ContributionVote, Follow, HideGround, OfficialUpdate, Report, StatusStyle, Visibility,
)
from .reviews import ReviewRequest  # noqa: F401
from .ideas import Idea, IdeaBoardPage  # noqa: F401
from .exports import IdeaExport  # noqa: F401
from .polls import AnalysisOption, OptionAnalysisPage, OptionComment, PollBallot, PollOption, PollPage, PollTally  # noqa: F401
from .surveys import SurveyExport, SurveyPage, SurveyParticipation, SurveyQuestion, SurveyResponse  # noqa: F401
from .budgets import Budget, BudgetBallot, BudgetOutcomeOverride, BudgetPage, BudgetProject  # noqa: F401
from .proposals import (  # noqa: F401
    OfflineSignatures, Proposal, ProposalAreaThreshold, ProposalNotification, ProposalsPage, ProposalSupport,
    SupportCorrection,
)
from .outcomes import Milestone, PolicyDecision  # noqa: F401
from .results_pages import ResultsPage  # noqa: F401
