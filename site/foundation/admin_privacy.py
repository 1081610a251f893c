"""Admin views of Wagtail and wagtail-localize that show data beyond what their user may read,
made to follow the site's rules. site/urls.py puts them on Wagtail's own URLs (and names), ahead
of the admin's.

- The search-promotions query chooser lists the most popular searches of the site to any admin
  user, with no permission check: what the committee searched for (a partner's name, say) shows
  to every editor. A search term has no permission of its own, and "only queries that find
  something this user may see" would still show the committee's search for a partner whose
  name shares a word with a public page. Wagtail keeps the same list, its *Search terms*
  report, for superusers: the chooser follows it. Users who may manage promotions get the
  chooser empty (they type the query in the form), the others are refused.
- wagtail-localize's *Translations* report lists every translation with its source's title:
  only those of the pages and snippets the user may read.
- The *Page types usage* report names the last edited page of each type and counts pages of
  every type over the whole tree: the committee's pages are left out for whoever may not read
  them (`coopsite.foundation.permissions`), as in the explorer.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.template.response import TemplateResponse
from wagtail.admin.forms.search import SearchForm
from wagtail.admin.modal_workflow import render_modal_workflow
from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.contrib.search_promotions.views import chooser
from wagtail.models import Page, get_page_models, get_translatable_models
from wagtail.permissions import policy_registry
from wagtail_localize.views.report import TranslationsReportView

from .permissions import may_use_model
from .privacy import blocked_page_paths_for_user, under_any

PROMOTION_ACTIONS = {"add", "change", "delete"}
# Who may see a draft: whoever may work on it (the page choosers' rule,
# site/foundation/wagtail_hooks.py).
EDIT_ACTIONS = {"add", "change", "publish"}


def popular_queries_chooser(request, get_results=False):
    if request.user.is_superuser:
        return chooser(request, get_results=get_results)
    policy = policy_registry.get_by_type(SearchPromotion)
    if not policy.user_has_any_permission(request.user, PROMOTION_ACTIONS):
        raise PermissionDenied
    queries = Paginator(Query.objects.none(), per_page=10).page(1)
    if get_results:
        return TemplateResponse(
            request, "wagtailsearchpromotions/queries/chooser/results.html", {"queries": queries}
        )
    return render_modal_workflow(
        request,
        "wagtailsearchpromotions/queries/chooser/chooser.html",
        None,
        {"queries": queries, "searchform": SearchForm()},
        json_data={"step": "chooser"},
    )


def popular_queries_chooser_results(request):
    return popular_queries_chooser(request, get_results=True)


class RestrictionAwarePageTypesUsageReportView(PageTypesUsageReportView):
    """Wagtail's report, its counts and "last edited page" taken among the pages this user may
    read (the same query as Wagtail's `_annotate_last_edit_info`): the pages of sections
    restricted to groups they are in none of are left out, and so are the drafts they may not
    edit (the committee has no business with the editors' work in progress)."""

    def get_queryset(self):
        user = self.request.user
        if user.is_superuser:
            return super().get_queryset()
        paths = blocked_page_paths_for_user(user)
        readable = Page.objects.exclude(under_any(paths)) if paths else Page.objects.all()
        editable = policy_registry.get_by_type(Page).instances_user_has_any_permission_for(
            user, EDIT_ACTIONS
        )
        readable = readable.filter(Q(live=True) | Q(pk__in=editable.values("pk")))
        queryset = ContentType.objects.filter(model__in=self.page_models)
        page_content_type = ContentType.objects.get_for_model(Page)
        if not readable.filter(depth__gt=1, content_type=page_content_type).exists():
            queryset = queryset.exclude(id=page_content_type.id)
        self.queryset = queryset
        queryset = self.filter_queryset(queryset)
        language_code = self.filters.form.cleaned_data.get("page_locale", None)
        site_root_path = self.filters.form.cleaned_data.get("site", None)

        last_edited = readable.filter(content_type=OuterRef("pk"))
        counted = Q(pages__pk__in=readable.values("pk"))
        if language_code:
            last_edited = last_edited.filter(locale__language_code=language_code)
            counted &= Q(pages__locale__language_code=language_code)
        if site_root_path:
            last_edited = last_edited.filter(path__startswith=site_root_path)
            counted &= Q(pages__path__startswith=site_root_path)
        last_edited = last_edited.order_by(
            F("latest_revision_created_at").desc(nulls_last=True), "title", "-pk"
        )
        queryset = queryset.annotate(
            count=Count("pages", filter=counted),
            last_edited_page_id=Subquery(last_edited.values("pk")[:1]),
        )
        return queryset.order_by("-count", "app_label", "model")


class RestrictionAwareTranslationsReportView(TranslationsReportView):
    """wagtail-localize's *Traductions* report lists every translation with its source's title,
    to any admin user: the translations of the committee's pages, and of snippets whose model
    the user holds no permission on, are left out (`coopsite.foundation.permissions`)."""

    def get_queryset(self):
        queryset = super().get_queryset()
        user = self.request.user
        if user.is_superuser:
            return queryset
        paths = blocked_page_paths_for_user(user)
        if paths:
            blocked_keys = Page.objects.filter(under_any(paths)).values("translation_key")
            page_types = ContentType.objects.get_for_models(*get_page_models()).values()
            queryset = queryset.exclude(
                source__specific_content_type__in=[ct.pk for ct in page_types],
                source__object_id__in=blocked_keys,
            )
        refused = [
            content_type.pk
            for model, content_type in ContentType.objects.get_for_models(
                *get_translatable_models(include_subclasses=True)
            ).items()
            if not may_use_model(user, model)
        ]
        if refused:
            queryset = queryset.exclude(source__specific_content_type__in=refused)
        return queryset
