from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WagtailParticipationConfig(AppConfig):
    name = "wagtail_participation"
    label = "wagtail_participation"
    verbose_name = _("Participation")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail_participation import checks, personal_data, signal_handlers  # noqa: F401  (checks register with @register)
        from wagtail_participation.polls import services as polls

        signal_handlers.connect()
        personal_data.register_core_kinds()
        polls.register_personal_data_kinds()
        personal_data.register_survey_kinds()
        personal_data.register_proposal_kinds()
        from wagtail_participation import method_figures

        method_figures.register_all()  # poll, survey, budget and proposal counts for the figures block
