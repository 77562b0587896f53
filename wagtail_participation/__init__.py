"""wagtail-participation: digital citizen participation inside a Wagtail site.

This module holds the version only and imports nothing from Django, so that
``wagtail_participation.engine`` stays importable without a configured project.
"""

__version__ = "0.1.0"
