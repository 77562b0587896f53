"""The ideas' participation figures: ideas per channel (with their offline channels) and votes on ideas.

Listed in the manifest; comments are counted by the core for every kind of contribution.
"""

from django.db.models import F, Sum
from django.utils.translation import gettext_lazy as _

from wagtail_participation.figures import CONTRIBUTIONS, VOTES, FigureSource, per_channel
from wagtail_participation.ideas.models import Idea
from wagtail_participation.models import ContributionVote, Visibility


def ideas(records):
    return per_channel(Idea.objects.filter(record__in=records, visibility=Visibility.VISIBLE))


def idea_authors(records):
    return Idea.objects.filter(record__in=records, author__isnull=False).values_list("author_id", flat=True)


def idea_votes(records):
    """From the ideas' vote counters (kept with F() in the vote's transaction): 25,000 idea rows
    are read instead of 250,000 vote rows."""
    total = Idea.objects.filter(record__in=records).aggregate(n=Sum(F("up_votes") + F("down_votes")))["n"]
    return {"online": total or 0}


def voters(records):
    return ContributionVote.objects.filter(
        contribution__record__in=records, contribution__idea__isnull=False
    ).values_list("participant_id", flat=True)


# Ideas first, then the core's comments (order 20), then votes on ideas: as the figures block lists them.
SOURCES = (
    FigureSource("ideas", _("Ideas"), CONTRIBUTIONS, ideas, idea_authors, order=10),
    FigureSource("idea_votes", _("Votes on ideas"), VOTES, idea_votes, voters, order=30),
)
