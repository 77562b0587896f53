from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from home.staff_views import staff_second_factor
from wagtail_participation.health import health_check
from wagtail_participation.sitemaps import AllLanguagesSitemap

urlpatterns = [
    # outside i18n_patterns: a probe is never redirected to a language (docs/deployment.md)
    path("-/health/", health_check, name="health"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": AllLanguagesSitemap}}),
    path("i18n/", include("django.conf.urls.i18n")),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += i18n_patterns(
    path("participation/", include("wagtail_participation.urls")),
    # Staff two-factor login: sends staff to allauth's code page, or to set up an authenticator app.
    path("accounts/staff-second-factor/", staff_second_factor, name="staff_second_factor"),
    path("accounts/", include("allauth.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)
