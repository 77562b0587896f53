from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WagtailParticipationConfig(AppConfig):
    name = "wagtail_participation"
    label = "wagtail_participation"
    verbose_name = _("Participation")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail_participation import (  # noqa: F401  (checks register with @register; figures and my_items register the core's own sources)
            capabilities,
            checks,
            figures,
            my_items,
            personal_data,
            retention,
            signal_handlers,
        )

        signal_handlers.connect()
        personal_data.register_core_kinds()
        retention.register_core_rules()
        capabilities.register_core_sources()
        # Each method app registers its own kinds, sources and sections through its manifest
        # (wagtail_participation.manifests), from its own ready(): the core names no method.
