"""Accounts: the lockout page of login throttling (django-axes), password reset by e-mail on the
site, and the superusers' report of logins.

Throttling itself is configured in settings/base.py (AXES_*): AxesStandaloneBackend refuses a
locked username and address before any password is checked, and AxesMiddleware turns that
refusal into `lockout_response`, on the site's login and on Wagtail's admin login alike.
"""

import datetime

from axes.models import AccessFailureLog, AccessLog
from axes.utils import reset as reset_login_failures
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import views as auth_views
from django.core.exceptions import PermissionDenied
from django.db.models import Case, CharField, Value, When
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.urls import reverse_lazy
from django.utils import translation
from django.utils.formats import date_format
from django.utils.timezone import localtime, now
from django.utils.translation import gettext_lazy
from django.views.defaults import permission_denied
from wagtail.admin.forms.auth import LoginForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.reports import ReportView
from wagtail.admin.views.reports.audit_logging import LogEntriesView

from .exports import SafeCsvExportMixin
from .models import SiteSettings
from .ratelimit import too_many
from .tasks import send_password_reset_email


def lockout_minutes():
    return max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: a French page in the site's layout, status 429.

    It names neither the username nor the page asked for; it only says how long to wait.
    """
    return render(
        request,
        "registration/locked_out.html",
        {"minutes": lockout_minutes()},
        status=429,
    )


class AdminLoginForm(LoginForm):
    """Wagtail's admin login form, its password field labelled in the user's language.

    Wagtail declares that field without a label, so Django makes one from the field's name and
    the French login page said "Password" (WAGTAILADMIN_USER_LOGIN_FORM).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].label = gettext_lazy("Password")


# --- Password reset by e-mail -------------------------------------------------------------------
#
# Django's views, with the site's templates (registration/password_reset_*.html) and a French
# e-mail. The "sent" page is the same whether the address belongs to an account or not.
# The e-mail leaves from the queue of background tasks (coopsite.foundation.tasks), never from the
# request.

# What Django's PasswordResetForm.save puts in the e-mail's context; the task makes them again.
_RESET_CONTEXT = {"email", "domain", "site_name", "uid", "user", "token", "protocol"}


class PasswordResetForm(auth_forms.PasswordResetForm):
    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        # Enqueued at once: the view writes nothing else to the database, so there is no
        # transaction to wait for. Everything passed is plain JSON; no link, no token.
        send_password_reset_email.enqueue(
            user_id=context["user"].pk,
            email=to_email,
            language=translation.get_language(),
            domain=context["domain"],
            site_name=context["site_name"],
            protocol=context["protocol"],
            subject_template_name=subject_template_name,
            email_template_name=email_template_name,
            html_email_template_name=html_email_template_name,
            from_email=from_email,
            extra_context={k: v for k, v in context.items() if k not in _RESET_CONTEXT},
        )


class PasswordResetView(auth_views.PasswordResetView):
    form_class = PasswordResetForm
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"
    success_url = reverse_lazy("password_reset_done")

    def post(self, request, *args, **kwargs):
        # Each request sends an e-mail: a few per hour from one address
        # (coopsite.foundation.ratelimit).
        if too_many(request, "password-reset", *settings.PASSWORD_RESET_RATE_LIMIT):
            response = TemplateResponse(request, "registration/too_many_requests.html", status=429)
            response["Retry-After"] = str(settings.PASSWORD_RESET_RATE_LIMIT[1])
            return response
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        # The name the site's header shows (Paramètres › Coopérative), for the e-mail.
        name = SiteSettings.load(request_or_site=self.request).cooperative_name
        self.extra_email_context = {"cooperative_name": name}
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    pass


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    success_url = reverse_lazy("password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        # Whoever chose the new password proved they read the account's mail: the failed
        # logins counted against that username (and a lock) no longer apply.
        reset_login_failures(username=form.user.get_username())
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    pass


# --- Admin: who logged in, who failed (superusers only) -----------------------------------------


class SuperuserOnlyMixin:
    """A plain 403 (the site's 403.html) for anyone else: Wagtail would turn a PermissionDenied
    into a redirect to the admin's home page."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_superuser:
            return permission_denied(request, PermissionDenied())
        return super().dispatch(request, *args, **kwargs)


class SiteHistoryView(SuperuserOnlyMixin, SafeCsvExportMixin, LogEntriesView):
    """Wagtail's *Site history* (its audit log), kept for the administrators: site/urls.py puts
    this view on Wagtail's own URL, ahead of the admin's URLs."""


OUTCOME_SUCCESS = "success"
OUTCOME_FAILURE = "failure"
OUTCOME_LOCKED = "locked"
OUTCOME_LABELS = {
    OUTCOME_SUCCESS: gettext_lazy("Logged in"),
    OUTCOME_FAILURE: gettext_lazy("Failed"),
    OUTCOME_LOCKED: gettext_lazy("Failed, locked out"),
}

REPORT_DAYS = 90


def _moment(value):
    return date_format(localtime(value), "d/m/Y H:i:s")


class MomentColumn(Column):
    """The exact local date and time (Wagtail's DateColumn says "3 hours ago")."""

    def get_value(self, instance):
        return _moment(instance["attempt_time"])


class OutcomeColumn(Column):
    def get_value(self, instance):
        return OUTCOME_LABELS[instance["outcome"]]


class LoginsReportView(SuperuserOnlyMixin, SafeCsvExportMixin, ReportView):
    """*Rapports › Connexions*: the logins and failed logins of the last 90 days, newest first,
    from django-axes' logs (AccessLog for successes, AccessFailureLog for failures)."""

    page_title = gettext_lazy("Logins")
    header_icon = "key"
    index_url_name = "logins_report"
    index_results_url_name = "logins_report_results"
    columns = [
        MomentColumn("attempt_time", label=gettext_lazy("Date")),
        Column("username", label=gettext_lazy("Username")),
        Column("ip_address", label=gettext_lazy("IP address")),
        OutcomeColumn("outcome", label=gettext_lazy("Result")),
        Column("path_info", label=gettext_lazy("Login page")),
        Column("user_agent", label=gettext_lazy("Browser")),
    ]
    list_export = ["attempt_time", "username", "ip_address", "outcome", "path_info", "user_agent"]
    export_headings = {
        "attempt_time": gettext_lazy("Date"),
        "username": gettext_lazy("Username"),
        "ip_address": gettext_lazy("IP address"),
        "outcome": gettext_lazy("Result"),
        "path_info": gettext_lazy("Login page"),
        "user_agent": gettext_lazy("Browser"),
    }

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.custom_field_preprocess = self.custom_field_preprocess.copy()
        self.custom_field_preprocess["attempt_time"] = {
            self.FORMAT_CSV: _moment,
            self.FORMAT_XLSX: _moment,
        }
        self.custom_field_preprocess["outcome"] = {
            self.FORMAT_CSV: lambda value: str(OUTCOME_LABELS[value]),
            self.FORMAT_XLSX: lambda value: str(OUTCOME_LABELS[value]),
        }

    def get_filename(self):
        return f"connexions-{datetime.date.today():%Y-%m-%d}"

    def get_queryset(self):
        since = now() - datetime.timedelta(days=REPORT_DAYS)
        fields = ("attempt_time", "username", "ip_address", "path_info", "user_agent", "outcome")
        successes = (
            AccessLog.objects.filter(attempt_time__gte=since)
            .annotate(outcome=Value(OUTCOME_SUCCESS, output_field=CharField()))
            .values(*fields)
            .order_by()
        )
        failures = (
            AccessFailureLog.objects.filter(attempt_time__gte=since)
            .annotate(
                outcome=Case(
                    When(locked_out=True, then=Value(OUTCOME_LOCKED)),
                    default=Value(OUTCOME_FAILURE),
                    output_field=CharField(),
                )
            )
            .values(*fields)
            .order_by()
        )
        return successes.union(failures, all=True).order_by("-attempt_time")

    def filter_queryset(self, queryset):
        return queryset  # no filters: a union cannot be filtered after the fact
