"""Labels for participation levels (the levels themselves are in ``engine.policy``)."""

from django.utils.translation import gettext_lazy as _

from wagtail_participation.engine.policy import Level

LEVEL_CHOICES = [
    (Level.ANYONE.value, _("Anyone (no account needed)")),
    (Level.REGISTERED.value, _("Registered participants")),
    (Level.CONFIRMED.value, _("Participants with a confirmed e-mail address")),
    (Level.VERIFIED.value, _("Verified residents")),
]

LEVEL_NAMES = {
    Level.ANYONE: "anyone",
    Level.REGISTERED: "registered",
    Level.CONFIRMED: "confirmed",
    Level.VERIFIED: "verified",
}
