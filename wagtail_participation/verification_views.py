"""Citizen-facing verification: the ways to verify, and one backend's form.

Every state change is a POST with CSRF; every check happens here on the server.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from wagtail_participation import identity, ratelimit
from wagtail_participation.safe_redirects import safe_next
from wagtail_participation.verification import VerificationError, backends, get_backend


class VerifyIndexView(TemplateView):
    """Every configured way to verify, each form posting to its own backend."""

    template_name = "wagtail_participation/verify.html"

    def get_context_data(self, bound_backend=None, bound_form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        participant = identity.participant_for(self.request)
        choices = []
        for backend in backends():
            form = bound_form if backend is bound_backend else backend.get_form()
            choices.append({"backend": backend, "form": form, "active": backend is bound_backend})
        context.update(
            {
                "choices": choices,
                "participant": participant,
                "verification": getattr(participant, "verification", None) if participant else None,
                "next": safe_next(self.request, ""),
            }
        )
        return context


class VerifyView(VerifyIndexView):
    """POST: verify with one backend. Rate limited per IP and per session; input kept on error."""

    def dispatch(self, request, *args, **kwargs):
        self.backend = get_backend(kwargs["backend"])
        if self.backend is None:
            return redirect("wagtail_participation:verify")
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        return redirect("wagtail_participation:verify")

    def post(self, request, *args, **kwargs):
        form = self.backend.get_form(data=request.POST)
        braked = ratelimit.attempt(request, "verify")
        if not braked:
            form.is_valid()
            form.add_error(None, braked.reason)
            return self.render(form, status=429)
        if not form.is_valid():
            return self.render(form, status=400)
        participant = identity.participant_for(request, create=True)
        try:
            verification = self.backend.verify(participant, form.cleaned_data)
        except VerificationError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
            return identity.remember(request, self.render(form, status=400))
        if verification.level == verification.VERIFIED:
            message = (
                _("Thank you. You are verified as a resident of %(area)s.")
                if verification.area
                else _("Thank you. You are verified as a resident.")
            )
        else:
            message = _("Thank you. You declared that you live in %(area)s.")
        messages.success(request, message % {"area": verification.area.localized.name if verification.area else ""})
        response = redirect(safe_next(request, reverse("wagtail_participation:verify")))
        return identity.remember(request, response)

    def render(self, form, status):
        context = self.get_context_data(bound_backend=self.backend, bound_form=form)
        return self.render_to_response(context, status=status)
