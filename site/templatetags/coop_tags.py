"""Navigation pieces shared by every template: menu, breadcrumb, language switcher, listings.

Every listing goes through `coopsite.privacy.visible_pages`, so a menu never shows a page that
the visitor may not open.
"""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import translation
from wagtail.models import Page, Site

from coopsite.privacy import visible_pages

register = template.Library()


def _home_for_active_language(request):
    """The site's home page in the active language (falls back to the source home).

    Header, menu and language switcher all need it: it is looked up once per request.
    """
    language = translation.get_language()
    cache = request.__dict__.setdefault("_coop_home_by_language", {})
    if language not in cache:
        site = Site.find_for_request(request)
        home = None
        if site is not None:
            root = site.root_page
            translated = (
                root.get_translations(inclusive=True)
                .live()
                .filter(locale__language_code=language)
                .select_related("locale")
                .first()
            )
            home = translated or root
        cache[language] = home
    return cache[language]


@register.simple_tag(takes_context=True)
def home_page(context):
    return _home_for_active_language(context["request"])


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    request = context["request"]
    home = _home_for_active_language(request)
    items = []
    if home is not None:
        items = visible_pages(home.get_children(), request).in_menu()
    current = context.get("page")
    current_path = current.path if isinstance(current, Page) else ""
    return {
        "request": request,
        "home": home,
        "home_active": home is not None and current_path == home.path,
        # A menu entry is marked current on its own page and on every page below it.
        "items": [(item, current_path.startswith(item.path)) for item in items],
    }


@register.inclusion_tag("includes/breadcrumb.html", takes_context=True)
def breadcrumb(context, page):
    # Ancestors below the tree root; the home page (depth 2) opens the trail.
    ancestors = page.get_ancestors().filter(depth__gte=2)
    return {"request": context["request"], "ancestors": list(ancestors), "page": page}


@register.simple_tag(takes_context=True)
def visible_children(context, page):
    """Sub-pages of `page` that the visitor may open, in the order of the tree."""
    return visible_pages(page.get_children(), context["request"]).specific()


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context):
    """One link per language: to the translation of the current page when it is published,
    else to that language's home page."""
    request = context["request"]
    page = context.get("page")
    current_language = translation.get_language()
    translations = {}
    if isinstance(page, Page):
        for translated in page.get_translations(inclusive=True).live().select_related("locale"):
            translations[translated.locale.language_code] = translated

    links = []
    for code, name in settings.LANGUAGES:
        if not isinstance(page, Page):
            # Login, search…: the same view in the other language, query string kept.
            links.append(
                {
                    "code": code,
                    "name": name,
                    "url": translate_url(request.get_full_path(), code),
                    "active": code == current_language,
                }
            )
            continue
        target = translations.get(code)
        if target is None:
            with translation.override(code):
                home = _home_for_active_language(request)
            if home is not None and home.locale.language_code == code:
                target = home
        if target is not None:
            with translation.override(code):
                url = target.get_url(request=request)
        else:
            url = f"/{code}/"
        links.append({"code": code, "name": name, "url": url, "active": code == current_language})
    return {"links": links}
