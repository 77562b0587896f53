from django.apps import AppConfig


class TestAppConfig(AppConfig):
    name = "tests.testapp"
    label = "testapp"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The minimal method registers itself like a method app does, with the core's default
        # results view (a chart of get_results()) and no live block.
        from tests.testapp.models import MinimalMethodPage
        from wagtail_participation import manifests
        from wagtail_participation.results_block_rendering import render_chart_results

        manifests.register(
            manifests.MethodManifest(
                app_label=self.label, page_models=(MinimalMethodPage,), results=render_chart_results
            )
        )
