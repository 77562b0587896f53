"""StreamField blocks that embed participation methods live in any page (architecture decision 1)."""

from wagtail_participation.blocks.ideas import IdeaBoardBlock  # noqa: F401
from wagtail_participation.blocks.polls import PollBlock  # noqa: F401
from wagtail_participation.blocks.proposals import ProposalsBlock  # noqa: F401

PARTICIPATION_BLOCKS = [("idea_board", IdeaBoardBlock()), ("poll", PollBlock()), ("proposals", ProposalsBlock())]
