"""The participant: the one identity every "one per participant" rule keys on."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wagtail_participation.display_names import MAX_LENGTH as DISPLAY_NAME_MAX_LENGTH
from wagtail_participation.engine.policy import AreaAssurance


class Participant(models.Model):
    """A user account, or an anonymous signed first-party token where editors allow it.

    Exactly one of ``user`` and ``token`` is set (a database constraint). Votes, ballots and
    answers point here, never at ``User`` directly, so anonymous and registered participation
    share one set of integrity constraints.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="participant",
        verbose_name=_("user"),
    )
    token = models.UUIDField(_("anonymous token"), null=True, blank=True, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # Set when an account is deleted: contributions stay, anonymised, without a user or token.
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)
    # The only name ever shown publicly, and only beside contributions whose "show my name" box
    # the person ticked. Never derived from the username or e-mail address (see display_names).
    display_name = models.CharField(
        _("public name"),
        max_length=DISPLAY_NAME_MAX_LENGTH,
        blank=True,
        help_text=_("Shown with your ideas, proposals and comments when you choose to show your name."),
    )
    show_name_by_default = models.BooleanField(
        _("tick “show my name” for me"),
        default=False,
        help_text=_("Forms start with “show my name” ticked. You can still untick it each time."),
    )
    display_name_reset_reason = models.TextField(
        _("why a moderator removed the public name"),
        blank=True,
        help_text=_("Shown to the person until they choose a new name."),
    )

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=True, token__isnull=False)
                | Q(user__isnull=False, token__isnull=True)
                | Q(user__isnull=True, token__isnull=True, anonymised_at__isnull=False),
                name="wp_participant_user_xor_token",
            ),
        ]

    def __str__(self):
        if self.user_id:
            return str(self.user)
        if self.token:
            return _("Anonymous participant %(short)s") % {"short": str(self.token)[:8]}
        return str(_("Removed participant"))

    @classmethod
    def new_anonymous(cls):
        participant = cls.objects.create(token=uuid.uuid4())
        # A new participant has no verification: reading it (the permission facts, a support's
        # area) needs no query.
        cls.verification.related.set_cached_value(participant, None)
        return participant

    @property
    def is_registered(self) -> bool:
        return self.user_id is not None


class Verification(models.Model):
    """How sure we are that a participant is a resident, and of which area.

    Filled by verification backends (invitation codes, census match, eID) or by a declaration.
    """

    DECLARED = "declared"
    VERIFIED = "verified"
    LEVEL_CHOICES = [(DECLARED, _("Declared")), (VERIFIED, _("Verified"))]

    participant = models.OneToOneField(
        Participant, on_delete=models.CASCADE, related_name="verification", verbose_name=_("participant")
    )
    level = models.CharField(_("level"), max_length=20, choices=LEVEL_CHOICES)
    area = models.ForeignKey(
        "wagtail_participation.Area",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("area"),
    )
    method = models.CharField(_("method"), max_length=100, help_text=_("How it was established, e.g. invitation code."))
    project_key = models.UUIDField(
        _("only for project"),
        null=True,
        blank=True,
        help_text=_("Set when a project's own invitation code verified the participant: it counts there only."),
    )
    verified_at = models.DateTimeField(_("verified at"), auto_now=True)

    class Meta:
        verbose_name = _("verification")
        verbose_name_plural = _("verifications")

    def __str__(self):
        return f"{self.participant}: {self.get_level_display()}"

    def applies_to(self, project_key) -> bool:
        return self.project_key is None or self.project_key == project_key

    @property
    def area_assurance(self) -> AreaAssurance:
        if self.area_id is None:
            return AreaAssurance.NONE
        return AreaAssurance.VERIFIED if self.level == self.VERIFIED else AreaAssurance.DECLARED
