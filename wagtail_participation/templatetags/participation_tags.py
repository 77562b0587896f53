"""Template tags: the city's settings and theme, the permission question, charts, navigation."""

import uuid

from django import template
from django.conf import settings as django_settings
from django.shortcuts import resolve_url
from django.urls import NoReverseMatch, reverse, translate_url
from django.utils.translation import get_language, get_language_info
from wagtail.models import Page, Site

from wagtail_participation import conf, identity, permissions
from wagtail_participation.engine.charts import layout_bars
from wagtail_participation.models import ParticipationSettings

register = template.Library()


@register.simple_tag(takes_context=True)
def participation_settings(context):
    """The current site's :class:`ParticipationSettings` (cached on the request)."""
    request = context.get("request")
    if request is None:
        return ParticipationSettings()
    cached = getattr(request, "_participation_settings", None)
    if cached is None:
        cached = ParticipationSettings.for_request(request)
        request._participation_settings = cached
    return cached


@register.simple_tag(takes_context=True)
def participation_site_name(context):
    """The site's name, from Wagtail's own *Settings → Sites* (``WAGTAIL_SITE_NAME`` where it has none)."""
    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    return (site.site_name if site else "") or getattr(django_settings, "WAGTAIL_SITE_NAME", "")


@register.simple_tag(takes_context=True)
def can_participate(context, action, target):
    """``{% can_participate "vote" page as decision %}``: allowed, and if not, the reason to show."""
    request = context["request"]
    return permissions.can(identity.participant_for(request), action, target)


def _reverse_or_empty(name: str) -> str:
    try:
        return reverse(name)
    except NoReverseMatch:
        return ""


def _resolve_or_empty(target: str) -> str:
    try:
        return resolve_url(target)
    except NoReverseMatch:
        return ""


@register.simple_tag
def account_links():
    """URLs for the header's account area; empty where a site has not routed them."""
    logout = conf.get("LOGOUT_URL")
    return {
        "login": login_url() if conf.get("PUBLIC_LOGIN") else "",
        "logout": _resolve_or_empty(logout) if logout else "",
        "me": _reverse_or_empty("wagtail_participation:me"),
        "verify": _reverse_or_empty("wagtail_participation:verify"),
    }


@register.simple_tag
def login_url():
    """The site's ``LOGIN_URL``: the package knows no account system beyond Django's auth."""
    return _resolve_or_empty(django_settings.LOGIN_URL)


@register.inclusion_tag("wagtail_participation/includes/bar_chart.html")
def bar_chart(results, title, description=""):
    """An accessible bar chart of ``MethodResults`` rows, with the same numbers as a table."""
    chart = layout_bars([(row.label, row.value) for row in results.rows])
    chart_id = f"chart-{uuid.uuid4().hex[:8]}"  # several charts may share a page
    return {
        "chart": chart,
        "rows": [{"bar": bar} for bar in chart.bars],
        "chart_id": chart_id,
        "results": results,
        "title": title,
        "description": description,
    }


def switcher_languages(request) -> list[str]:
    """The languages every language switcher offers, on every page and view: the site's content
    languages in which its home page is live (and which the interface speaks, so a link in each
    can be served). The one source of truth for the switcher."""
    from wagtail.coreutils import get_content_languages

    cached = getattr(request, "_participation_switcher_languages", None)
    if cached is not None:
        return cached
    interface = {code for code, _name in django_settings.LANGUAGES}
    site = Site.find_for_request(request)
    live = set()
    if site is not None:
        roots = site.root_page.get_translations(inclusive=True).live()
        live = set(roots.values_list("locale__language_code", flat=True))
    codes = [code for code in get_content_languages() if code in interface and code in live]
    request._participation_switcher_languages = codes
    return codes


def _language_name(code: str) -> str:
    try:
        return get_language_info(code)["name_local"]
    except KeyError:
        return code


@register.simple_tag(takes_context=True)
def language_links(context, page=None):
    """Links to this page in every language of :func:`switcher_languages`, the current one marked.

    A page without a live translation in a language links to its nearest ancestor that has one
    (the home page at least), so pages in the tree and views outside it (accounts, verification)
    offer the same languages."""
    request = context.get("request")
    page = page or context.get("page")
    current = getattr(request, "LANGUAGE_CODE", None) if request else None
    if not getattr(django_settings, "WAGTAIL_I18N_ENABLED", False) or request is None:
        return []
    codes = switcher_languages(request)
    if page is None:
        # Views outside the page tree (verification, accounts) exist in every language.
        urls = {code: translate_url(request.path, code) for code in codes}
    else:
        urls = {}
        translations = page.get_translations(inclusive=True).live().select_related("locale")
        for translation in translations:
            urls[translation.locale.language_code] = translation.get_url(request)
        missing = [code for code in codes if code not in urls]
        if missing:
            ancestors = {
                ancestor.translation_key: ancestor.depth for ancestor in page.get_ancestors().filter(depth__gt=1)
            }
            nearest = {}
            candidates = Page.objects.filter(translation_key__in=ancestors, locale__language_code__in=missing).live()
            for candidate in candidates.select_related("locale"):
                code = candidate.locale.language_code
                if (
                    code not in nearest
                    or ancestors[candidate.translation_key] > ancestors[nearest[code].translation_key]
                ):
                    nearest[code] = candidate
            urls.update({code: ancestor.get_url(request) for code, ancestor in nearest.items()})
    return [
        {"code": code, "name": _language_name(code), "url": urls[code], "current": code == current}
        for code in codes
        if urls.get(code)
    ]


@register.simple_tag(takes_context=True)
def site_navigation(context):
    """The site root (in the visitor's language) and its children shown in menus."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return {"root": None, "items": []}
    root = site.root_page.localized
    items = list(root.get_children().live().in_menu().select_related("locale"))
    language = getattr(request, "LANGUAGE_CODE", None)
    for item in items:
        # An item without a translation is shown in its own language, and marked as such.
        item.foreign_language = item.locale.language_code if item.locale.language_code != language else ""
    return {"root": root, "items": items}


@register.simple_tag
def describe_field(field):
    """The field's widget tied to its hint and errors (aria-describedby, aria-invalid)."""
    described_by = [f"{field.auto_id}-hint"] if field.help_text else []
    described_by += [f"{field.auto_id}-error-{index}" for index in range(1, len(field.errors) + 1)]
    attrs = {"aria-describedby": " ".join(described_by)} if described_by else {}
    if field.errors:
        attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=attrs)


def request_status_styles(request) -> dict:
    """Status styles for the active language, read once per request."""
    from wagtail_participation import statuses

    cached = getattr(request, "_participation_status_styles", None) if request is not None else None
    if cached is None:
        cached = statuses.styles(get_language())
        if request is not None:
            request._participation_status_styles = cached
    return cached


@register.simple_tag(takes_context=True)
def status_style(context, code):
    """Label and colour of a status code: the site's own (StatusStyle, this language) or the default."""
    return request_status_styles(context.get("request")).get(code) or {"code": code, "label": code, "colour": "#4d5866"}


@register.simple_tag
def comment_url(contribution):
    """Where a contribution's discussion posts a comment or a reply (outside the page tree)."""
    from wagtail_participation.comment_views import comment_url as url

    return url(contribution)


@register.simple_tag(takes_context=True)
def subpage_url(context, page, name, *args):
    """URL of a route of a routable page, e.g. ``{% subpage_url page "idea" idea.pk %}``.

    The page's own URL is looked up once per request: a discussion asks for it four times a comment."""
    request = context.get("request")
    known = getattr(request, "_participation_page_urls", None)
    if known is None:
        known = {}
        if request is not None:
            request._participation_page_urls = known
    if page.pk not in known:
        known[page.pk] = page.get_url(request)
    return known[page.pk] + page.reverse_subpage(name, args=args)


@register.simple_tag
def query_with(request, **changes):
    """The current query string with some parameters replaced (pagination keeps filters)."""
    params = request.GET.copy()
    for key, value in changes.items():
        params[key] = value
    return params.urlencode()


@register.filter
def page_url(page, request=None):
    return page.get_url(request) if isinstance(page, Page) else ""


@register.filter
def percentage(share):
    return f"{share * 100:.0f}%"


@register.filter
def isolated(name):
    """A person's public name, escaped and isolated (``<bdi>``) so a right-to-left name cannot
    reorder the sentence around it."""
    from django.utils.html import format_html

    return format_html("<bdi>{}</bdi>", name)


@register.filter
def one_full_stop(sentence):
    """``{{ text|one_full_stop }}``: no ".." where an inserted date already ends in a full stop."""
    from wagtail_participation.permissions import one_full_stop as collapse

    return collapse(str(sentence))


# -- The base-template contract (docs/integration.md, "Your site's look") ----------------------------
# A site's own base template gets the package's stylesheets, its flash messages, the language switcher
# and the account links with these tags; the package's own base.html uses the same ones.


@register.inclusion_tag("wagtail_participation/includes/participation_head.html", takes_context=True)
def participation_head(context):
    """``{% participation_head %}`` in ``<head>``: the package's stylesheets, the site's colours and
    the status labels' colours, in one ``<style>`` that carries the request's CSP nonce when the site
    sends a Content-Security-Policy (docs/deployment.md, "Security headers")."""
    from wagtail_participation.content_security import request_nonce

    request = context.get("request")
    city = participation_settings(context)
    statuses = request_status_styles(request).values()
    return {
        "primary": _safe_colour(city.primary_colour, "#0b5394"),
        "accent": _safe_colour(city.accent_colour, "#e69f00"),
        "statuses": [{"code": s["code"], "colour": _safe_colour(s["colour"], "#4d5866")} for s in statuses],
        "nonce": request_nonce(request),
    }


def _safe_colour(value, fallback):
    # Inside <style> a value is CSS, not an attribute: only #rrggbb goes in (the models validate it,
    # but a row saved without clean() must not inject rules).
    from wagtail_participation.engine.colours import HEX_COLOUR

    return value if HEX_COLOUR.match(value or "") else fallback


@register.filter
def length_class(share):
    """``class="… {{ share|length_class }}"``: a class that sets ``--wp-len`` to ``share`` (0 to 1),
    to the nearest hundredth (charts.css). Bars, meters and progress lines get their length from a
    class rather than a ``style=`` attribute, which a strict Content-Security-Policy blocks."""
    try:
        hundredths = round(float(share) * 100)
    except (TypeError, ValueError):
        hundredths = 0
    return f"wp-len-{min(100, max(0, hundredths))}"


@register.filter
def percent_class(percent):
    """``length_class`` for a percentage (0 to 100)."""
    try:
        return length_class(float(percent) / 100)
    except (TypeError, ValueError):
        return length_class(0)


@register.inclusion_tag("wagtail_participation/includes/participation_messages.html", takes_context=True)
def participation_messages(context):
    """``{% participation_messages %}``: the flash messages ("Your vote has been counted.").

    Reads them from the request when the site's templates lack Django's messages context processor."""
    messages = context.get("messages")
    request = context.get("request")
    if messages is None and request is not None:
        from django.contrib.messages import get_messages

        messages = get_messages(request)
    return {"messages": messages}


@register.inclusion_tag("wagtail_participation/includes/participation_language_switcher.html", takes_context=True)
def participation_language_switcher(context, page=None):
    """``{% participation_language_switcher %}``: links to this page in the site's other languages
    (nothing on a monolingual site)."""
    return {"languages": language_links(context, page)}


@register.inclusion_tag("wagtail_participation/includes/participation_account_links.html", takes_context=True)
def participation_account_links(context):
    """``{% participation_account_links %}``: My participation, and log in or log out."""
    return {"account": account_links(), "request": context.get("request")}


@register.simple_tag(takes_context=True)
def discussion_comments(context):
    """The comments of the discussion's shown page (``discussion`` in the context, see
    :class:`wagtail_participation.discussion.Discussion`): kept drawings for visitors whose own
    comments are not on it, with this request's CSRF token."""
    found = context.get("discussion")
    return found.render(context) if found is not None else ""


class KeptDrawingNode(template.Node):
    """See :func:`kept_drawing`."""

    def __init__(self, nodelist, key):
        self.nodelist, self.key = nodelist, key

    def render(self, context):
        from django.core.cache import caches

        key = self.key.resolve(context)
        if not key:
            return self.nodelist.render(context)
        store = caches[conf.get("CARD_CACHE")]
        html = store.get(key)
        if html is None:
            html = self.nodelist.render(context)
            # a form token is the visitor's own: a drawing that holds one (an overridden template
            # with a POST form) is never kept
            if "csrfmiddlewaretoken" not in html:
                store.set(key, html, conf.get("CARD_CACHE_SECONDS"))
        return html


@register.tag
def kept_drawing(parser, token):
    """``{% kept_drawing key %}...{% endkept_drawing %}``: the enclosed part drawn once and kept in
    ``CARD_CACHE`` for ``CARD_CACHE_SECONDS`` under ``key`` (a string naming everything it shows,
    e.g. :func:`~wagtail_participation.project_listing.drawn_listing_key`); an empty key draws it
    for this request alone. Whatever it reads from the context is read only when it is drawn."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError(f"{bits[0]} takes one argument: the key")
    nodelist = parser.parse(("endkept_drawing",))
    parser.delete_first_token()
    return KeptDrawingNode(nodelist, parser.compile_filter(bits[1]))
