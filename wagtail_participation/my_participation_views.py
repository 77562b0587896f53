"""Citizen-facing "my participation": what we hold about me, my public name, my data as a
download, and deleting my account.

Every state change is a POST with CSRF; every check happens here on the server.
"""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth import get_user_model, logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from wagtail_participation import conf, display_names, identity, my_items, personal_data
from wagtail_participation.name_forms import PublicNameForm


class MyParticipationView(TemplateView):
    """What we hold about me, with links to download it or delete my account; POST sets my public
    name (the only name ever shown about me) and whether forms start with "show my name" ticked."""

    template_name = "wagtail_participation/my_participation.html"

    def get_context_data(self, name_form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        participant = identity.participant_for(self.request)
        if name_form is None and participant is not None:
            name_form = PublicNameForm(
                participant=participant,
                initial={
                    "display_name": participant.display_name,
                    "show_name_by_default": participant.show_name_by_default,
                },
            )
        context.update(
            {
                "participant": participant,
                "summary": personal_data.summary(participant) if participant else [],
                "items": my_items.items_of(participant) if participant else [],
                "verification": getattr(participant, "verification", None) if participant else None,
                "name_form": name_form,
            }
        )
        return context

    def post(self, request, *args, **kwargs):
        # A visitor who never took part has no participant to name (and gets none for a name alone).
        participant = identity.participant_for(request)
        if participant is None:
            return redirect("wagtail_participation:me")
        form = PublicNameForm(request.POST, participant=participant)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(name_form=form), status=400)
        display_names.set_public_name(
            participant,
            form.cleaned_data["display_name"],
            show_by_default=form.cleaned_data["show_name_by_default"],
        )
        messages.success(
            request,
            _("Your public name is saved.")
            if participant.display_name
            else _("You have no public name: you are shown as “a resident”."),
        )
        return redirect("wagtail_participation:me")


class DownloadMyDataView(TemplateView):
    """JSON with everything we hold about the requester (reading only: a GET is fine)."""

    def get(self, request, *args, **kwargs):
        participant = identity.participant_for(request)
        if participant is None:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            return redirect("wagtail_participation:me")
        response = HttpResponse(
            json.dumps(personal_data.export(participant), indent=2, ensure_ascii=False),
            content_type="application/json; charset=utf-8",
        )
        response["Content-Disposition"] = 'attachment; filename="my-participation-data.json"'
        return response


class DeleteAccountView(TemplateView):
    """GET asks for confirmation; POST erases: contributions stay anonymised, open votes withdrawn."""

    template_name = "wagtail_participation/delete_account.html"

    def get(self, request, *args, **kwargs):
        if identity.participant_for(request) is None and not request.user.is_authenticated:
            return redirect("wagtail_participation:me")
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        participant = identity.participant_for(request)
        user = request.user if request.user.is_authenticated else None
        if participant is None and user is None:
            return redirect("wagtail_participation:me")
        if request.POST.get("confirm") != "yes":
            context = self.get_context_data(error=_("Tick the box to confirm that you want to delete your account."))
            return self.render_to_response(context, status=400)
        if participant is not None:
            personal_data.erase(participant)
        if user is not None:
            logout(request)
            get_user_model().objects.filter(pk=user.pk).delete()
        messages.success(request, _("Your account and personal data have been deleted."))
        response = redirect("/")
        response.delete_cookie(conf.get("TOKEN_COOKIE_NAME"))
        return response
