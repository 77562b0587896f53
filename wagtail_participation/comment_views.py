"""Views every contribution page shares: edit and delete one's own comment, report a contribution
or a comment. Idea boards and proposals pages route to these with their own URL and lookup."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from wagtail_participation import clock, conf, contributions, identity, permissions, ratelimit
from wagtail_participation.contribution_forms import CommentEditForm, CommentForm, ReportForm
from wagtail_participation.models import Comment
from wagtail_participation.phases import COMMENT

# url_for(page, contribution_id) -> the contribution's page URL
UrlFor = Callable[[object, int], str]


def comment(request, page, contribution_id, url_for: UrlFor, contribution_or_404, detail):
    """POST a comment or a reply (one level). On refusal or a validation error the contribution's
    page is shown again by ``detail(request, page, id, comment_form=..., status=...)`` with what
    the person typed."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    contribution = contribution_or_404(page, contribution_id)
    decision = permissions.can(identity.participant_for(request), COMMENT, page)
    form = CommentForm(request.POST, participant=identity.participant_for(request))
    if not decision:
        messages.error(request, decision.reason)
        return detail(request, page, contribution_id, comment_form=form, status=403)
    if form.is_spam():
        return redirect(url_for(page, contribution.pk))
    if not form.is_valid():
        return detail(request, page, contribution_id, comment_form=form, status=400)
    braked = ratelimit.attempt(request, "comment")
    if not braked:
        form.add_error(None, braked.reason)
        return detail(request, page, contribution_id, comment_form=form, status=429)
    participant = identity.participant_for(request, create=True)
    parent = None
    if form.cleaned_data.get("parent"):
        parent = Comment.objects.filter(pk=form.cleaned_data["parent"], contribution=contribution).first()
    form.save_public_name(participant)
    created = contributions.add_comment(
        contribution,
        participant,
        form.cleaned_data["body"],
        get_language() or "en",
        parent,
        show_author=form.cleaned_data["show_author"],
    )
    messages.success(request, _("Thank you for your comment."))
    return identity.remember(request, redirect(url_for(page, contribution.pk) + f"#comment-{created.pk}"))


def _own_comment(request, page, comment_id):
    participant = identity.participant_for(request)
    found = get_object_or_404(Comment, pk=comment_id, contribution__record=page.participation_record)
    if participant is None or found.author_id != participant.pk:
        raise Http404  # a forged id never reveals whose comment it is
    return found


def comment_edit(request, page, comment_id, url_for: UrlFor):
    """POST: change one's own comment within ``COMMENT_EDIT_MINUTES``; never empty."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    found = _own_comment(request, page, comment_id)
    back = url_for(page, found.contribution_id)
    minutes = conf.get("COMMENT_EDIT_MINUTES")
    if found.removed_at or (clock.now() - found.created_at).total_seconds() > minutes * 60:
        messages.error(
            request, _("A comment can only be changed in the first %(minutes)s minutes.") % {"minutes": minutes}
        )
        return redirect(back)
    form = CommentEditForm(request.POST, instance=found)
    if form.is_valid() and form.cleaned_data["body"]:
        edited = form.save(commit=False)
        edited.edited_at = clock.now()
        edited.save(update_fields=["body", "edited_at"])
        messages.success(request, _("Your comment has been changed."))
    else:
        messages.error(request, _("A comment cannot be empty."))
    return redirect(back + f"#comment-{found.pk}")


def comment_delete(request, page, comment_id, url_for: UrlFor):
    """POST: remove one's own comment (a "removed" placeholder stays)."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    found = _own_comment(request, page, comment_id)
    contributions.remove_comment(found)
    messages.success(request, _("Your comment has been removed."))
    return redirect(url_for(page, found.contribution_id))


def report(request, page, url_for: UrlFor, contribution_or_404, detail, contribution_id=None, comment_id=None):
    """POST: report a contribution (found by ``contribution_or_404(page, id)``) or a comment. When
    braked, the contribution's page is shown again by ``detail(..., report_form=..., status=429)``."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = ReportForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    about = form.about_value()
    if comment_id:
        comment = get_object_or_404(
            Comment.objects.select_related("author"), pk=comment_id, contribution__record=page.participation_record
        )
        contribution_id, target = comment.contribution_id, {"comment": comment}
    else:
        target = {"contribution": contribution_or_404(page, contribution_id)}
    braked = ratelimit.attempt(request, "report")
    if not braked:
        messages.error(request, braked.reason)
        return detail(request, page, contribution_id, report_form=form, status=429)
    contributions.report(identity.participant_for(request, create=True), reason=reason, about=about, **target)
    messages.success(request, _("Thank you. A moderator will look at it."))
    return identity.remember(request, redirect(url_for(page, contribution_id)))
