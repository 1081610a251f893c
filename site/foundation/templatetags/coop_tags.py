"""Navigation pieces shared by every template: menu, breadcrumb, language switcher, listings;
and the page's meta description for the head.

Every listing goes through `coopsite.foundation.privacy.visible_pages`, so a menu never shows a
page that the visitor may not open.
"""

import hashlib
import html
import re

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import translation
from django.utils.html import strip_tags
from wagtail.admin.templatetags.wagtailuserbar import wagtailuserbar
from wagtail.models import Page, Site

from coopsite.foundation import page_cache
from coopsite.foundation.privacy import blocked_paths, may_open_admin, visible_pages

register = template.Library()


def _homes(request):
    """The site's home page in each language, in one query, once per request."""
    homes = getattr(request, "_coop_homes", None)
    if homes is None:
        site = Site.find_for_request(request)
        homes = {}
        if site is not None:
            root = site.root_page
            homes = {
                home.locale.language_code: home
                for home in root.get_translations(inclusive=True).live().select_related("locale")
            }
            homes.setdefault(None, root)  # fallback: the source home, even if unpublished
        request._coop_homes = homes
    return homes


@register.simple_tag(takes_context=True)
def admin_userbar(context):
    """Wagtail's user bar, for the people who may use the admin only.

    Wagtail's own tag asks the database for all the user's permissions on every page; members
    and visitors never see the bar, so they are answered from the cached admin groups instead.
    """
    request = context.get("request")
    if request is None or not may_open_admin(request.user):
        return ""
    return wagtailuserbar(context)


def _home_for_active_language(request):
    """The site's home page in the active language (falls back to the source home)."""
    homes = _homes(request)
    return homes.get(translation.get_language()) or homes.get(None)


@register.simple_tag(takes_context=True)
def home_page(context):
    return _home_for_active_language(context["request"])


@register.simple_tag(takes_context=True)
def chrome_keys(context):
    """What the cached fragments of the page's frame (brand, menu, footer) vary on.

    - `generation`: the cache generation (`page_cache`), renewed by any change to the pages,
      their restrictions, the settings;
    - `visibility`: the generation plus the restricted sections this visitor may not open,
      which their groups (or being logged in) decide: two users whose groups open the same
      sections share the menu, and no one gets a menu built for other groups;
    - `section`: the page's top-level section (the menu marks it as current).
    """
    request = context.get("request")
    generation = page_cache.generation()
    blocked = "|".join(blocked_paths(request)) if request is not None else "no-request"
    page = context.get("page")
    return {
        "generation": generation,
        "visibility": f"{generation}:{hashlib.sha256(blocked.encode()).hexdigest()[:24]}",
        "section": page.path[:12] if isinstance(page, Page) else "",
    }


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
            target = _homes(request).get(code)
        if target is not None:
            with translation.override(code):
                url = target.get_url(request=request)
        else:
            url = f"/{code}/"
        links.append({"code": code, "name": name, "url": url, "active": code == current_language})
    return {"links": links}


@register.simple_tag
def localized_page(page_id):
    """The page with this id, in the active language when a published translation exists.

    One query for the page and all its translations (e.g. the footer's legal notice).
    """
    if not page_id:
        return None
    versions = list(
        Page.objects.filter(
            translation_key__in=Page.objects.filter(pk=page_id).values("translation_key")
        ).select_related("locale")
    )
    language = translation.get_language()
    for version in versions:
        if version.live and version.locale.language_code == language:
            return version
    return next((version for version in versions if version.pk == page_id), None)


# What search engines show under a page's title: about 160 characters before they cut.
DESCRIPTION_LENGTH = 160
# The ends of paragraphs and lines in rich text: a space there, so that words stay apart.
_BLOCK_END = re.compile(r"</(?:p|h[1-6]|li|blockquote)>|<br\s*/?>", re.IGNORECASE)


def truncate_on_word(text, length=DESCRIPTION_LENGTH):
    """`text` itself if it fits in `length` characters, else its words that fit followed by
    an ellipsis (the ellipsis counted in the length); a first word longer than the whole
    length is cut where it must."""
    if len(text) <= length:
        return text
    kept = text[: length - 1]
    if not text[length - 1].isspace() and " " in kept:
        kept = kept.rsplit(" ", 1)[0]
    return kept.rstrip(" ,;:.–-") + "…"


def page_description(page, length=DESCRIPTION_LENGTH):
    """The page's meta description: its *search description* as the editor wrote it, else
    its intro as plain text, truncated on a word; "" when it has neither."""
    if page is None:
        return ""
    written = (getattr(page, "search_description", "") or "").strip()
    if written:
        return written
    intro = getattr(page, "intro", "") or ""
    text = " ".join(html.unescape(strip_tags(_BLOCK_END.sub(" ", intro))).split())
    return truncate_on_word(text, length)


@register.simple_tag(takes_context=True)
def meta_description(context):
    """`{% meta_description as description %}` in the base template's head (escaped there)."""
    return page_description(context.get("page"))
