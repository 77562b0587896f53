"""Demo residents: accounts in the story (no password, no e-mail), most with a public name they chose."""

from django.contrib.auth import get_user_model

from wagtail_participation import display_names
from wagtail_participation.models import Participant

# Residents who never show a name: their ideas and comments say "a resident", as most do on a real site.
NAMELESS = {("Tom", "Wouters"), ("Karim", "Benali"), ("Nina", "Goossens"), ("Ine", "Willems")}


def resident(first: str, last: str) -> Participant:
    """The resident's participant (made once). Their public name is first name and initial, never
    derived from the account's username."""
    user_model = get_user_model()
    username = f"demo.{first}.{last}".lower().replace(" ", "-")
    user = user_model.objects.filter(username=username).first()
    if user is None:
        user = user_model.objects.create_user(username, "", None, first_name=first, last_name=last)
    participant = Participant.objects.get_or_create(user=user)[0]
    if (first, last) not in NAMELESS and not participant.display_name:
        name = display_names.validate(f"{first} {last[0]}.", participant)
        display_names.set_public_name(participant, name, show_by_default=True)
    return participant


def shows_name(participant) -> bool:
    """Whether this resident shows their name with what they post (those who chose one do)."""
    return participant is not None and bool(participant.display_name)
