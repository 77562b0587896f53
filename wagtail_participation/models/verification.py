"""Invitation codes and the census extract, stored only as keyed digests."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class CodeBatch(models.Model):
    """A batch of invitation codes, e.g. one letter per household in Noord."""

    name = models.CharField(_("name"), max_length=200, help_text=_("For example: Letters Noord, May 2027."))
    area = models.ForeignKey(
        "wagtail_participation.Area",
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Residents who enter a code of this batch are verified for this area."),
    )
    project = models.ForeignKey(
        "wagtail_participation.ProjectPage",
        verbose_name=_("project"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Leave empty for codes that verify residents site-wide."),
    )
    size = models.PositiveIntegerField(_("number of codes"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation code batch")
        verbose_name_plural = _("invitation code batches")
        ordering = ["-created_at"]

    def __str__(self):
        return self.name

    @property
    def project_key(self):
        return self.project.translation_key if self.project_id else None


class InvitationCode(models.Model):
    """One code, known only by its digest. Used once; revocable."""

    batch = models.ForeignKey(CodeBatch, on_delete=models.CASCADE, related_name="codes", verbose_name=_("batch"))
    digest = models.CharField(_("digest"), max_length=64, unique=True, editable=False)
    used_by = models.ForeignKey(
        "wagtail_participation.Participant",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="invitation_codes",
        verbose_name=_("used by"),
    )
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation code")
        verbose_name_plural = _("invitation codes")

    def __str__(self):
        return f"{self.batch} #{self.pk}"


class CensusImport(models.Model):
    """One upload of a residents extract. The file itself is never stored: only row digests."""

    name = models.CharField(_("name"), max_length=200)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    fields = models.JSONField(_("identifying fields"), default=list)
    row_count = models.PositiveIntegerField(_("rows"), default=0)

    class Meta:
        verbose_name = _("census import")
        verbose_name_plural = _("census imports")
        ordering = ["-uploaded_at"]

    def __str__(self):
        return self.name


class CensusEntry(models.Model):
    """One resident of the extract: a digest of their identifying details, and their area."""

    census_import = models.ForeignKey(CensusImport, on_delete=models.CASCADE, related_name="entries")
    digest = models.CharField(_("digest"), max_length=64, unique=True, editable=False)
    area = models.ForeignKey(
        "wagtail_participation.Area", on_delete=models.PROTECT, related_name="+", verbose_name=_("area")
    )
    # A participant has one current row; after re-verifying (moving house) the earlier rows stay
    # theirs but superseded: used up for good, so nobody can claim them again.
    claimed_by = models.ForeignKey(
        "wagtail_participation.Participant",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="census_entries",
        verbose_name=_("claimed by"),
    )
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    superseded_at = models.DateTimeField(_("superseded at"), null=True, blank=True)

    class Meta:
        verbose_name = _("census entry")
        verbose_name_plural = _("census entries")
        constraints = [
            models.UniqueConstraint(
                fields=["claimed_by"],
                condition=Q(superseded_at__isnull=True),
                name="wp_one_current_census_claim",
            ),
        ]


class CensusClaimRefusal(models.Model):
    """A second participant claimed a census row that already verified someone: staff look into it."""

    entry = models.ForeignKey(
        CensusEntry, on_delete=models.CASCADE, related_name="refusals", verbose_name=_("census entry")
    )
    participant = models.ForeignKey(
        "wagtail_participation.Participant", on_delete=models.CASCADE, related_name="+", verbose_name=_("participant")
    )
    refused_at = models.DateTimeField(_("refused at"), auto_now_add=True)
    resolved = models.BooleanField(_("resolved"), default=False)

    class Meta:
        verbose_name = _("refused census claim")
        verbose_name_plural = _("refused census claims")
        ordering = ["-refused_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "participant"], condition=Q(resolved=False), name="wp_one_open_refusal"
            ),
        ]

    def __str__(self):
        return f"{self.participant} – {self.refused_at:%Y-%m-%d %H:%M}"
