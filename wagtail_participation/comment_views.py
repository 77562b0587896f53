"""The routes every contribution page shares: comment on a contribution, change or delete one's own
comment, report a contribution or a comment, follow a contribution.

A page model takes them by inheriting :class:`ContributionRoutesMixin` and naming its contribution's
URL segment, routes and lookup. The mixin holds the views themselves, so a method app writes none.

Posting a comment or a reply is also routed outside the page tree (:func:`comment_on`,
``wagtail_participation:comment_on``, ``comments/<kind>/<id>/``), which is where the discussion's
forms post: a comment needs the contribution and its record, not Wagtail's serving of the page
(docs/write-paths.md).
"""

from __future__ import annotations

from django.contrib import messages
from django.db import connection
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import path as url_path
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.contrib.routable_page.models import RoutablePageMixin, path

from wagtail_participation import (
    clock,
    conf,
    contribution_kinds,
    contributions,
    discussion,
    identity,
    live_methods,
    ratelimit,
    writes,
)
from wagtail_participation.contribution_forms import CommentEditForm, CommentForm, ReportForm
from wagtail_participation.models import Comment
from wagtail_participation.safe_redirects import safe_next


class ContributionRoutesMixin(RoutablePageMixin):
    """A page whose contributions residents discuss, report and follow.

    Routes (names in brackets, as templates reverse them): ``<contribution_path>/<id>/comment/``
    (``comment``), ``.../report/`` (:attr:`report_route`), ``.../follow/`` (``follow``), and
    ``comments/<id>/edit/``, ``/delete/``, ``/report/`` (``comment_edit``, ``comment_delete``,
    ``report_comment``).

    A page sets :attr:`contribution_path` and :attr:`contribution_route`, words
    :attr:`follow_log_in_message` and :attr:`unfollowed_message` for its kind of contribution, and
    implements :meth:`contribution_queryset` and :meth:`contribution_detail` (its detail route,
    which also shows a refused comment or report again with what the person typed).
    """

    contribution_path = ""  # the URL segment before a contribution's id, e.g. "ideas"
    contribution_route = ""  # the route that shows one contribution (also used in e-mails)
    report_route = "report"  # the name of the route that reports a contribution
    follow_log_in_message: str  # e.g. "Log in to follow an idea and get an e-mail when the city answers."
    unfollowed_message: str  # e.g. "You no longer follow this idea."

    # -- what the page says about its contributions ------------------------------------------
    def contribution_queryset(self):
        """This page's kind of contribution, with what its views read (``select_related``)."""
        raise NotImplementedError

    def contribution_or_404(self, contribution_id, participant=None):
        """The contribution on this page if everyone may see it (``is_public``) or it is
        ``participant``'s own; else 404, so a forged id reveals nothing."""
        found = get_object_or_404(self.contribution_queryset(), pk=contribution_id, record=self.participation_record)
        return self.shown_or_404(found, participant)

    @staticmethod
    def shown_or_404(found, participant=None):
        """``found`` if everyone may see it or it is ``participant``'s own; else 404."""
        if not found.is_public and not (participant is not None and found.author_id == participant.pk):
            raise Http404
        return found

    def contribution_detail(self, request, contribution_id, comment_form=None, status=200, report_form=None):
        """The contribution's page (the route named :attr:`contribution_route`)."""
        raise NotImplementedError

    def visitor_decisions(self, request):
        """The visitor's participant (or None) and, per action of this page, whether they may take
        it (a refusal carries its reason)."""
        actor = writes.actor_for(request)
        return actor.participant, {action: actor.may(action, self) for action in self.participation_actions}

    def contribution_subpath(self, contribution_id) -> str:
        """The contribution's address below this page's own (its :attr:`contribution_route`)."""
        return self.reverse_subpage(self.contribution_route, args=(contribution_id,))

    def contribution_url(self, contribution_id) -> str:
        return self.url + self.contribution_subpath(contribution_id)

    @classmethod
    def get_subpage_urls(cls):
        # The contribution routes start with the page's own segment ("ideas/", "proposals/"),
        # which @path cannot take from the class: they are added here, after the page's own routes.
        routes = super().get_subpage_urls()
        if not cls.contribution_path:
            return routes
        one = f"{cls.contribution_path}/<int:contribution_id>/"
        return routes + (
            url_path(one + "comment/", cls.post_comment, name="comment"),
            url_path(one + "report/", cls.report_contribution, name=cls.report_route),
            url_path(one + "follow/", cls.follow, name="follow"),
        )

    # -- the routes ---------------------------------------------------------------------------
    def post_comment(self, request, contribution_id):
        """POST a comment or a reply (one level). On refusal or a validation error the contribution's
        page is shown again with what the person typed."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        contribution = self.contribution_or_404(contribution_id)
        actor = writes.actor_for(request)
        form = CommentForm(request.POST, participant=actor.participant)
        outcome = discussion.post_comment(actor, self, contribution, form)
        writes.tell(request, outcome, form)
        if outcome.code == writes.SPAM:
            return redirect(self.contribution_url(contribution.pk))
        if outcome.ok:
            url = self.contribution_url(contribution.pk) + discussion.comment_anchor(outcome.changed)
            return identity.remember(request, redirect(url))
        return self.contribution_detail(request, contribution_id, comment_form=form, status=outcome.status)

    def _own_comment(self, request, comment_id):
        participant = identity.participant_for(request)
        found = get_object_or_404(Comment, pk=comment_id, contribution__record=self.participation_record)
        if participant is None or found.author_id != participant.pk:
            raise Http404  # a forged id never reveals whose comment it is
        return found

    @path("comments/<int:comment_id>/edit/", name="comment_edit")
    def edit_comment(self, request, comment_id):
        """POST: change one's own comment within ``COMMENT_EDIT_MINUTES``; never empty."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        found = self._own_comment(request, comment_id)
        back = self.contribution_url(found.contribution_id)
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
        return redirect(back + discussion.comment_anchor(found))

    @path("comments/<int:comment_id>/delete/", name="comment_delete")
    def delete_comment(self, request, comment_id):
        """POST: remove one's own comment (a "removed" placeholder stays)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        found = self._own_comment(request, comment_id)
        contributions.remove_comment(found)
        messages.success(request, _("Your comment has been removed."))
        return redirect(self.contribution_url(found.contribution_id))

    def report_contribution(self, request, contribution_id):
        """POST: report a contribution on this page."""
        return self._report(request, contribution_id=contribution_id)

    @path("comments/<int:comment_id>/report/", name="report_comment")
    def report_comment(self, request, comment_id):
        """POST: report a comment on one of this page's contributions."""
        return self._report(request, comment_id=comment_id)

    def _report(self, request, contribution_id=None, comment_id=None):
        """When braked, the contribution's page is shown again with the report form open."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        form = ReportForm(request.POST)
        reason = form.cleaned_data["reason"] if form.is_valid() else ""
        about = form.about_value()
        if comment_id:
            comment = get_object_or_404(
                Comment.objects.select_related("author"), pk=comment_id, contribution__record=self.participation_record
            )
            contribution_id, target = comment.contribution_id, {"comment": comment}
        else:
            target = {"contribution": self.contribution_or_404(contribution_id)}
        braked = ratelimit.attempt(request, "report")
        if not braked:
            messages.error(request, braked.reason)
            return self.contribution_detail(request, contribution_id, report_form=form, status=429)
        contributions.report(identity.participant_for(request, create=True), reason=reason, about=about, **target)
        messages.success(request, _("Thank you. A moderator will look at it."))
        return identity.remember(request, redirect(self.contribution_url(contribution_id)))

    def follow(self, request, contribution_id):
        """POST ``follow=1`` (an e-mail when the city answers) or ``follow=0``; for logged-in people."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        participant = identity.participant_for(request)
        contribution = self.contribution_or_404(contribution_id, participant)
        if participant is None or not participant.user_id:
            messages.error(request, self.follow_log_in_message)
        elif request.POST.get("follow") == "0":
            contributions.unfollow(contribution, participant)
            messages.success(request, self.unfollowed_message)
        else:
            contributions.follow(contribution, participant)
            messages.success(request, _("You will get an e-mail when the city answers."))
        return redirect(self.contribution_url(contribution.pk))


def comment_url(contribution) -> str:
    """Where the discussion of ``contribution`` (its own model) posts a comment or a reply."""
    kind = contribution_kinds.kind_of(contribution)
    return reverse("wagtail_participation:comment_on", args=(kind.code, contribution.pk))


def comment_on(request, kind: str, contribution_id: int):
    """POST a comment or a reply (one level) on a public contribution, outside the page tree:
    the contribution, its record and the visitor's participant in one query, the live-method
    guard deciding visibility (404), then :func:`discussion.post_comment`. A new comment goes to
    ``next`` (the contribution's page, which the form sends) at the page of the discussion that
    shows it; without ``next`` the contribution's page is read for its address. On refusal or a
    validation error the contribution's page is shown again with what the person typed."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    known = contribution_kinds.get(kind)
    found = None
    if known is not None:
        # with the contribution: how many top-level comments it has (where a new one is shown,
        # without a count afterwards), and the person's public name (the comment form reads it)
        comments = connection.ops.quote_name(Comment._meta.db_table)
        before = f"(SELECT COUNT(*) FROM {comments} wp_t WHERE wp_t.contribution_id = c.id AND wp_t.parent_id IS NULL)"
        found = writes.read_contribution(
            request, known.model, contribution_id, columns=[before], participant_fields=("display_name",)
        )
    if found is None or not found[0].is_public:
        raise Http404("No such contribution here.")
    contribution, (top_level_before,) = found
    record = contribution.record
    actor = writes.actor_for(request)
    page_id = actor.visible_page_id(record)
    if page_id is None:
        raise Http404("No such participation method here.")
    form = CommentForm(request.POST, participant=actor.participant)
    outcome = discussion.post_comment(actor, record, contribution, form, page_id)
    writes.tell(request, outcome, form)
    back = safe_next(request, "").split("#")[0].split("?")[0]
    if outcome.ok and back:
        anchor = discussion.comment_anchor(outcome.changed, top_level_before) if outcome.code != writes.SPAM else ""
        return identity.remember(request, HttpResponseRedirect(back + anchor))
    page = live_methods.record_page(record, page_id)
    if outcome.code == writes.SPAM:
        return redirect(page.contribution_url(contribution.pk))
    if outcome.ok:
        url = page.contribution_url(contribution.pk) + discussion.comment_anchor(outcome.changed, top_level_before)
        return identity.remember(request, redirect(url))
    return page.contribution_detail(request, contribution.pk, comment_form=form, status=outcome.status)
