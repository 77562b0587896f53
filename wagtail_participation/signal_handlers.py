"""Signal handlers, connected in :meth:`WagtailParticipationConfig.ready`."""

from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_unpublished, post_page_move

from wagtail_participation.signals import (
    contribution_answered,
    hidden_by_moderator,
    moderation_needed,
    review_answered,
    snapshot_taken,
)


def sync_method_record(sender, instance, **kwargs):
    """Publishing the source-language method page makes its rules the shared, live rules."""
    from wagtail_participation.models import ParticipationMethodPage

    if isinstance(instance, ParticipationMethodPage):
        instance.sync_participation_record()


def announce_snapshot(sender, instance, created, **kwargs):
    if created:
        snapshot_taken.send(sender=sender, snapshot=instance, kind=instance.kind)


def enqueue_answer_notification(sender, update, **kwargs):
    """Tell the author and followers by e-mail, in the background."""
    from wagtail_participation.notification_tasks import notify_answer

    notify_answer.enqueue(update.pk)


def enqueue_moderator_notification(sender, instance, reason, **kwargs):
    """Tell the site's moderation address, in the background, once the item is stored."""
    from django.db import transaction

    from wagtail_participation.models import Comment
    from wagtail_participation.notification_tasks import notify_moderators

    kind = "comment" if isinstance(instance, Comment) else "contribution"
    transaction.on_commit(lambda: notify_moderators.enqueue(kind, instance.pk, reason))


def enqueue_statement_of_reasons(sender, instance, **kwargs):
    """Send the author the moderator's statement of reasons, in the background (after commit)."""
    from wagtail_participation.models import Comment
    from wagtail_participation.notification_tasks import notify_hidden

    notify_hidden.enqueue("comment" if issubclass(sender, Comment) else "contribution", instance.pk)


def enqueue_review_answer(sender, review, **kwargs):
    from wagtail_participation.notification_tasks import notify_review_answer

    notify_review_answer.enqueue(review.pk)


def forget_method_visibility(sender, instance=None, **kwargs):
    """A page, view restriction or site changed: the write guard's cached facts are stale."""
    from wagtail.models import Page, PageViewRestriction, Site

    from wagtail_participation.live_methods import forget

    if instance is None or isinstance(instance, (Page, PageViewRestriction, Site)):
        forget()


def forget_project_timelines(sender, instance=None, **kwargs):
    """A page, a project's phase or a view restriction changed: the index's cached timelines are stale."""
    from wagtail.models import Page, PageViewRestriction

    from wagtail_participation.models import ProjectPhase
    from wagtail_participation.project_listing import forget_timelines

    if instance is None or isinstance(instance, (Page, PageViewRestriction, ProjectPhase)):
        forget_timelines()


def connect():
    from wagtail.models import Locale

    from wagtail_participation.models import Area, StatusStyle, Topic
    from wagtail_participation.models.snapshots import ResultSnapshot
    from wagtail_participation.terms import forget_terms

    # cached lists (terms.terms_in_locale, terms.term_index, terms.active_locale_id, statuses.styles)
    for model in (Topic, Area, StatusStyle, Locale):
        post_save.connect(
            forget_terms, sender=model, dispatch_uid=f"wagtail_participation.forget_terms.save.{model.__name__}"
        )
        post_delete.connect(
            forget_terms, sender=model, dispatch_uid=f"wagtail_participation.forget_terms.delete.{model.__name__}"
        )

    # kept drawings of discussions (discussion.Discussion): a comment, or a participant's name
    from wagtail_participation.discussion import forget as forget_discussion
    from wagtail_participation.discussion import forget_names
    from wagtail_participation.models import Comment, Participant

    for signal, name in ((post_save, "save"), (post_delete, "delete")):
        signal.connect(forget_discussion, sender=Comment, dispatch_uid=f"wagtail_participation.discussion.{name}")
        signal.connect(forget_names, sender=Participant, dispatch_uid=f"wagtail_participation.names.{name}")

    page_published.connect(sync_method_record, dispatch_uid="wagtail_participation.sync_method_record")
    post_save.connect(announce_snapshot, sender=ResultSnapshot, dispatch_uid="wagtail_participation.announce_snapshot")
    contribution_answered.connect(
        enqueue_answer_notification, dispatch_uid="wagtail_participation.enqueue_answer_notification"
    )
    moderation_needed.connect(
        enqueue_moderator_notification, dispatch_uid="wagtail_participation.enqueue_moderator_notification"
    )
    hidden_by_moderator.connect(
        enqueue_statement_of_reasons, dispatch_uid="wagtail_participation.enqueue_statement_of_reasons"
    )
    review_answered.connect(enqueue_review_answer, dispatch_uid="wagtail_participation.enqueue_review_answer")
    # the write guard (live_methods): any subclass of Page, so no sender filter
    for signal in (post_save, post_delete, page_published, page_unpublished, post_page_move):
        signal.connect(
            forget_method_visibility, dispatch_uid=f"wagtail_participation.forget_method_visibility.{id(signal)}"
        )
    # the participation index's cached project timelines (project_listing): pages, their phases
    # and view restrictions; any subclass of Page, so no sender filter
    for signal in (post_save, post_delete, page_published, page_unpublished, post_page_move):
        signal.connect(
            forget_project_timelines, dispatch_uid=f"wagtail_participation.forget_project_timelines.{id(signal)}"
        )
    # the index's kept drawing shows the projects' header images (the rest of it is keyed by the
    # timelines' generation and the terms' version)
    from wagtail.images import get_image_model

    from wagtail_participation.project_listing import forget_images

    for signal, name in ((post_save, "save"), (post_delete, "delete")):
        signal.connect(
            forget_images, sender=get_image_model(), dispatch_uid=f"wagtail_participation.listing_images.{name}"
        )
