"""A sitemap that lists every language of the site, so translated projects are found too.

Wagtail's default sitemap lists the pages of the active language only; served outside
``i18n_patterns`` that is the default language. Use::

    path("sitemap.xml", sitemap, {"sitemaps": {"pages": AllLanguagesSitemap}})
"""

from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page


class AllLanguagesSitemap(Sitemap):
    def items(self):
        site = self.get_wagtail_site()
        pages = Page.objects.none()
        for root in site.root_page.get_translations(inclusive=True):
            pages |= Page.objects.descendant_of(root, inclusive=True)
        return pages.live().public().order_by("path").defer_streamfields().specific()
