from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap

from home.staff_views import staff_second_factor
from wagtail_participation.health import health_check
from wagtail_participation.sitemaps import AllLanguagesSitemap

urlpatterns = [
    path("-/health/", health_check, name="health"),
    path("admin/", include(wagtailadmin_urls)),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": AllLanguagesSitemap}}),
]
urlpatterns += i18n_patterns(
    path("participation/", include("wagtail_participation.urls")),
    path("accounts/staff-second-factor/", staff_second_factor, name="staff_second_factor"),
    path("accounts/", include("allauth.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)
