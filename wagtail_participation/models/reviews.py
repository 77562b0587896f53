"""An author's request to review a moderator's decision to hide their contribution or comment."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wagtail_participation.models.contributions import Comment, Contribution, HideGround


class ReviewRequest(models.Model):
    """The author explains why a hidden item should be restored; a moderator restores it or upholds
    the decision, with a written answer the author receives. At most one open request per item."""

    class Kind(models.TextChoices):
        IDEA = "idea", _("Idea")
        PROPOSAL = "proposal", _("Proposal")
        COMMENT = "comment", _("Comment")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        UPHELD = "upheld", _("Decision upheld")
        RESTORED = "restored", _("Restored")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    contribution = models.ForeignKey(
        Contribution, null=True, blank=True, on_delete=models.CASCADE, related_name="review_requests"
    )
    comment = models.ForeignKey(
        Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="review_requests"
    )
    requester = models.ForeignKey(
        "wagtail_participation.Participant", on_delete=models.PROTECT, related_name="+", verbose_name=_("author")
    )
    # The decision as it stood when the author asked (the item's own fields change on restore).
    ground = models.CharField(_("ground for hiding"), max_length=20, choices=HideGround.choices, blank=True)
    explanation = models.TextField(_("reason for hiding"), blank=True)
    reason = models.TextField(_("why it should be restored"), max_length=3000)
    created_at = models.DateTimeField(_("requested at"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN, db_index=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("answered by"),
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("review request")
        verbose_name_plural = _("review requests")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(contribution__isnull=False) & Q(comment__isnull=True))
                | (Q(contribution__isnull=True) & Q(comment__isnull=False)),
                name="wp_review_one_target",
            ),
            # One open request per item, also under parallel requests.
            models.UniqueConstraint(
                fields=["contribution"], condition=Q(status="open"), name="wp_one_open_review_per_contribution"
            ),
            models.UniqueConstraint(
                fields=["comment"], condition=Q(status="open"), name="wp_one_open_review_per_comment"
            ),
        ]

    def __str__(self):
        return str(self.target)

    @property
    def target(self):
        """The contested idea, proposal or comment."""
        return self.comment if self.comment_id else self.contribution

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN
