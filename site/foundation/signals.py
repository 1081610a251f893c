import threading
from contextlib import contextmanager

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Collection, CollectionViewRestriction, Page, PageViewRestriction
from wagtail.search import index
from wagtail.signals import page_published, post_page_move
from wagtail.users.models import UserProfile

from . import structure_cache
from .models import SharedCacheSetting


@receiver(post_save, sender=get_user_model())
def speak_french_to_new_users(sender, instance, created, raw=False, **kwargs):
    """New accounts get the admin in French whatever their browser says.

    Without a preference, Wagtail follows the browser's Accept-Language; the cooperative works
    in French, so the preference starts as French (each user may change it in "Mon compte").
    """
    if created and not raw:
        UserProfile.objects.update_or_create(
            user=instance, defaults={"preferred_language": settings.LANGUAGE_CODE}
        )


# --- View restrictions follow a page into its translations -------------------------------------
#
# wagtail-localize copies a page's restrictions when it creates or syncs a translation, but a
# restriction added, changed or removed later stays on one language only: the English copy of a
# members-only page would stay public. These handlers mirror every change onto the page's
# translations (same type, password and groups).

_syncing = threading.local()


def _mirrors(restriction):
    translations = restriction.page.get_translations(inclusive=False)
    return translations, PageViewRestriction.objects.filter(
        page__in=translations, restriction_type=restriction.restriction_type
    )


@contextmanager
def _guard():
    _syncing.active = True
    try:
        yield
    finally:
        _syncing.active = False


@receiver(post_save, sender=PageViewRestriction)
def mirror_restriction_saved(sender, instance, raw=False, **kwargs):
    if raw or getattr(_syncing, "active", False):
        return
    translations, _existing = _mirrors(instance)
    with _guard():
        for page in translations:
            mirror, created = PageViewRestriction.objects.update_or_create(
                page=page,
                restriction_type=instance.restriction_type,
                defaults={"password": instance.password},
            )
            if created:
                # Groups are mirrored by `mirror_restriction_groups` as they are set; a new
                # mirror starts with the groups the original already has.
                mirror.groups.set(instance.groups.all())


@receiver(m2m_changed, sender=PageViewRestriction.groups.through)
def mirror_restriction_groups(sender, instance, action, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not isinstance(instance, PageViewRestriction) or getattr(_syncing, "active", False):
        return
    _translations, mirrors = _mirrors(instance)
    groups = list(instance.groups.all())
    with _guard():
        for mirror in mirrors:
            mirror.groups.set(groups)


@receiver(post_delete, sender=PageViewRestriction)
def mirror_restriction_deleted(sender, instance, **kwargs):
    if getattr(_syncing, "active", False):
        return
    try:
        _translations, mirrors = _mirrors(instance)
    except Page.DoesNotExist:  # the page itself is being deleted
        return
    with _guard():
        for mirror in mirrors:
            mirror.delete()


# --- The shared structure cache follows every change it is built from --------------------------


def _invalidate_structure(sender, raw=False, **kwargs):
    if not raw:
        structure_cache.invalidate()


def _invalidate_on_setting_change(sender, created=False, raw=False, **kwargs):
    # A settings row is created with its defaults the first time a page reads it: nothing
    # cached can predate it, so only later edits start a new generation.
    if not raw and not created:
        structure_cache.invalidate()


def _invalidate_on_page_change(sender, instance, raw=False, **kwargs):
    # A restricted page's path, a page moved under a restriction, a page deleted with its own.
    if not raw and isinstance(instance, Page):
        structure_cache.invalidate()


def _invalidate_on_m2m(sender, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        structure_cache.invalidate()


def _concrete_subclasses(model):
    for subclass in model.__subclasses__():
        if not subclass._meta.abstract:
            yield subclass
        yield from _concrete_subclasses(subclass)


def connect_structure_cache():
    """Called from `CoopsiteConfig.ready()`, once every settings model is defined."""
    models = [PageViewRestriction, CollectionViewRestriction, Collection, Group]
    for model in [*models, *_concrete_subclasses(SharedCacheSetting)]:
        uid = f"coop-structure-{model._meta.label_lower}"
        on_save = _invalidate_structure
        if issubclass(model, SharedCacheSetting):
            on_save = _invalidate_on_setting_change
        post_save.connect(on_save, sender=model, dispatch_uid=uid)
        post_delete.connect(_invalidate_structure, sender=model, dispatch_uid=f"{uid}-delete")
    post_save.connect(_invalidate_on_page_change, dispatch_uid="coop-structure-page")
    post_delete.connect(_invalidate_on_page_change, dispatch_uid="coop-structure-page-delete")
    post_page_move.connect(_invalidate_structure, dispatch_uid="coop-structure-page-move")
    for through in (
        PageViewRestriction.groups.through,
        CollectionViewRestriction.groups.through,
        Group.permissions.through,
        get_user_model().user_permissions.through,  # who may open the admin (privacy)
    ):
        m2m_changed.connect(
            _invalidate_on_m2m, sender=through, dispatch_uid=f"coop-structure-{through}"
        )


# --- Search index: pages with inline children are indexed once the children are saved ---------
#
# Wagtail indexes a page on its post_save, when modelcluster has not yet saved its child
# relations (a member's offers and needs): the index would always be one publish behind.
# Publishing ends after the children are saved, so the page is indexed again then.


@receiver(page_published)
def reindex_published_page(sender, instance, **kwargs):
    index.insert_or_update_object(instance.specific)
