"""The ideas a participant posted: for "Download my data" and *My participation* (listed in the manifest)."""

from django.utils.translation import gettext_lazy as _

from wagtail_participation.ideas.models import Idea
from wagtail_participation.my_items import MyItemsSection, OwnItem
from wagtail_participation.personal_data import PersonalDataKind


def export_ideas(participant):
    return [
        {
            "title": idea.title,
            "body": idea.body,
            "status": idea.status,
            "name_shown": idea.show_author,
            "created_at": idea.created_at.isoformat(),
        }
        for idea in Idea.objects.filter(author=participant).order_by("created_at")
    ]


# Kept (anonymised with the participant) when an account is deleted: ideas stay on their board.
# Listed after the account and before comments and votes (the core's kinds, order 10-72).
KINDS = (PersonalDataKind("ideas", _("Your ideas"), export_ideas, order=60),)


def my_ideas(participant) -> list[OwnItem]:
    ideas = Idea.objects.filter(author=participant).select_related("record").order_by("-created_at")
    return [
        OwnItem(idea.title, idea.record, idea.created_at, route="idea", args=(idea.pk,), language=idea.language)
        for idea in ideas
    ]


MY_ITEMS = (MyItemsSection("ideas", _("My ideas"), my_ideas, order=10),)
