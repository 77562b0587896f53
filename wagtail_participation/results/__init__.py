"""Results pages: what came out of participation, published as ordinary page content.

Enable it by adding ``"wagtail_participation.results"`` to ``INSTALLED_APPS``."""
