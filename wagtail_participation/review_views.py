"""The author's side of a moderation decision: the "ask for a review" form (outside the page tree,
so one route serves ideas, proposals and comments).

Only the author may use it (anyone else gets a 404 that reveals nothing); the request is a POST
with CSRF, braked by :func:`ratelimit.attempt`, and at most one is open per item.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from wagtail_participation import identity, ratelimit, reviews
from wagtail_participation.clean_input import CleanInputMixin, clean_text
from wagtail_participation.models import Comment, Contribution, Visibility

TARGETS = {"contribution": Contribution, "comment": Comment}


class ReviewRequestForm(CleanInputMixin, forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why should it be visible again?"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy("A moderator who did not hide it reads this and answers you. At most 3,000 characters."),
        error_messages={"required": gettext_lazy("Explain why it should be visible again.")},
    )

    def clean_reason(self):
        reason = clean_text(self.cleaned_data["reason"])
        if not reason:
            raise forms.ValidationError(_("Explain why it should be visible again."))
        return reason


def item_url(item) -> str:
    """The page of the contribution (or of the comment's contribution) in the visitor's language."""
    contribution = item.contribution if isinstance(item, Comment) else item
    page = contribution.record.source_page()
    if page is None:
        return "/"
    page = page.localized.specific
    if not isinstance(item, Comment):
        return page.contribution_url(contribution.pk)
    from wagtail_participation.discussion import comment_anchor  # the page of the discussion it is on

    return page.contribution_url(contribution.pk) + comment_anchor(item)


@require_http_methods(["GET", "POST"])
def request_review(request, kind: str, pk: int):
    """GET: the statement of reasons and the form. POST: record the request, back to the item."""
    model = TARGETS.get(kind)
    if model is None:
        raise Http404
    participant = identity.participant_for(request)
    related = ("contribution__record",) if model is Comment else ("record",)
    item = get_object_or_404(model.objects.select_related(*related), pk=pk)
    if participant is None or item.author_id != participant.pk:
        raise Http404  # a forged id never reveals whose item it is, or that it was hidden
    back = item_url(item)
    if item.visibility != Visibility.HIDDEN:
        messages.info(request, _("This is not hidden, so there is nothing to review."))
        return redirect(back)
    form = ReviewRequestForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if not form.is_valid():
            status = 400
        elif not (braked := ratelimit.attempt(request, "review", creates_participant=False)):
            form.add_error(None, braked.reason)
            status = 429
        else:
            try:
                reviews.request_review(item, participant, form.cleaned_data["reason"])
            except reviews.ReviewRefused as refusal:
                form.add_error(None, str(refusal))
                status = 400
            else:
                messages.success(request, _("Thank you. A moderator will look at it again and answer you."))
                return redirect(back)
    return TemplateResponse(
        request,
        "wagtail_participation/review_request.html",
        {
            "item": item,
            "title": (item.contribution if model is Comment else item).title,
            "kind": kind,
            "form": form,
            "review": reviews.latest_request(item, participant),
            "back_url": back,
        },
        status=status,
    )
