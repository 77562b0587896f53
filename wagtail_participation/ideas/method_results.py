"""An idea board's method results: its ideas by score, what was answered, and who took part.

``IdeaBoardPage.get_results()`` delegates here, so a snapshot of a closed board freezes the
ranking that the top ideas (:mod:`wagtail_participation.ideas.blocks`) show "by votes":
votes cast later (or withdrawn) never change a published results page.
"""

from __future__ import annotations

from django.db.models import Count

from wagtail_participation import figures
from wagtail_participation.engine.method_results import MethodResults, ResultRow
from wagtail_participation.ideas.engine.board import BoardTotals
from wagtail_participation.ideas.figures import idea_votes
from wagtail_participation.ideas.models import Idea
from wagtail_participation.levels import LEVEL_NAMES
from wagtail_participation.models import Comment, Visibility

RULE = "score"  # up votes minus down votes; ties by the earliest idea
TOP_ROWS = 100  # a snapshot keeps the best ideas, not a copy of every idea on a big board


def board_results(board) -> MethodResults:
    record = board.participation_record
    ideas = Idea.objects.filter(record=record, visibility=Visibility.VISIBLE)
    top = ideas.order_by("-score", "created_at").values("pk", "title", "score", "status", "up_votes", "down_votes")[
        :TOP_ROWS
    ]
    rows = tuple(
        ResultRow(code=str(idea["pk"]), label=idea["title"], value=idea["score"], detail=idea["status"]) for idea in top
    )
    by_status = dict(ideas.order_by().values_list("status").annotate(n=Count("pk")))
    by_channel = dict(ideas.order_by().values_list("channel").annotate(n=Count("pk")))
    votes = idea_votes([record])["online"]
    comments = Comment.objects.filter(
        contribution__record=record, visibility=Visibility.VISIBLE, removed_at__isnull=True
    )
    return MethodResults(
        rule=RULE,
        rows=rows,
        participants=figures.participant_count([record]),
        assurance=LEVEL_NAMES[record.action_rules("vote").level] if record.is_offered("vote") else "",
        specifics=BoardTotals(
            ideas=sum(by_channel.values()),
            ideas_by_status=by_status,
            ideas_by_channel=by_channel,
            votes=votes,
            comments=comments.count(),
        ),
    )
