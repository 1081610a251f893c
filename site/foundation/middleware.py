"""Admin views about one page or document are refused when it is out of the user's reach.

Every admin view about a page names it in its URL (`page_id`, `parent_page_id`…): the edit form,
history, revisions and their comparison, draft view and preview, move, copy, delete, unpublish,
usage, translation, the page chooser's browsing. Wagtail checks page *permissions* there, which
editors hold over the whole tree; this middleware adds the site's view restrictions
(`coopsite.foundation.permissions`) before any of these views run, so none can show a partnership
page to an editor outside the steering committee.

Every admin view naming a model in its URL (an app label and a model name: wagtail-localize's
snippet API and translation form, bulk actions, tag autocompletion, editing sessions, settings,
workflow tasks…) and every snippet chooser is refused to a user holding no permission on that
model (`coopsite.foundation.permissions.may_use_model`). Wagtail and wagtail-localize check only
admin access in several of them: the translation API listed every partnership to the editors. Keyed
on the URL, the rule covers the models and apps added later.
"""

from csp.middleware import CSPMiddleware
from csp.utils import default_config
from django.conf import settings
from django.core.exceptions import PermissionDenied
from wagtail.documents import get_document_model
from wagtail.models import Page

from .internals import (
    document_named_in_admin_url,
    model_named_in_admin_url,
    pages_named_in_admin_url,
)
from .permissions import document_is_blocked, may_use_model, may_work_on_page, page_is_blocked


class AdminPagePrivacyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.prefix = "/" + getattr(settings, "WAGTAILADMIN_PATH", "admin/").strip("/") + "/"

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.path.startswith(self.prefix):
            return None
        user = request.user
        if not user.is_authenticated or user.is_superuser:
            return None
        match = request.resolver_match
        model = model_named_in_admin_url(match, view_kwargs)
        if model is not None and not may_use_model(user, model):
            raise PermissionDenied
        page_ids = pages_named_in_admin_url(match, view_kwargs)
        for page in Page.objects.filter(pk__in=page_ids).only("path", "live"):
            if page_is_blocked(user, page):
                raise PermissionDenied
            # A draft (never published, or unpublished) is named, with its draft title, by the
            # chooser's browsing, the move confirmation…: only to those who may work on it.
            if not page.live and not may_work_on_page(user, page):
                raise PermissionDenied
        document_id = document_named_in_admin_url(match, view_kwargs)
        if document_id is not None:
            document = get_document_model().objects.filter(pk=document_id).first()
            if document is not None and document_is_blocked(user, document):
                raise PermissionDenied
        return None


class SecurityHeadersMiddleware(CSPMiddleware):
    """Content-Security-Policy (django-csp) and Permissions-Policy on every response.

    The public site gets the strict policy of `CONTENT_SECURITY_POLICY`: scripts, styles and
    images from the site itself only, no inline script, no framing. Wagtail's admin still
    relies on inline scripts and styles (its rich text editor, its preview panel), so its pages
    get `ADMIN_CONTENT_SECURITY_POLICY`, which allows them and lets the admin frame its own
    previews; nothing else is loosened.
    """

    def __init__(self, get_response):
        super().__init__(get_response)
        self.admin_prefix = "/" + getattr(settings, "WAGTAILADMIN_PATH", "admin/").strip("/") + "/"

    def get_policy_parts(self, request, response, report_only=False):
        """django-csp's hook for a policy of one's own: the admin's, on the admin's pages."""
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and request.path_info.startswith(self.admin_prefix):
            parts.config = default_config(settings.ADMIN_CONTENT_SECURITY_POLICY)
        return parts

    def process_response(self, request, response):
        # A preview is the public page rendered through a request of its own, which went
        # through this middleware already: its public policy (framing refused) is replaced.
        if (
            request.path_info.startswith(self.admin_prefix)
            and "Content-Security-Policy" in response
        ):
            del response["Content-Security-Policy"]
        if "Permissions-Policy" not in response:
            response["Permissions-Policy"] = settings.PERMISSIONS_POLICY
        return super().process_response(request, response)
