"""The admin's management of candidates in the assembly's elections (editors only).

Registered here with its own hook (imported by the app's `ready()`), apart from the
assembly's other admin views in `wagtail_hooks.py`.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy

from governance.models import MemberPage

from .models import Candidate, Resolution, ResolutionKind


class EditorsOnlyPolicy(BasePermissionPolicy):
    """Editors (and administrators) prepare the assembly: every action, nobody else."""

    def user_has_permission(self, user, action):
        if not user.is_active:
            return False
        return user.is_superuser or user.groups.filter(name=settings.GROUP_EDITORS).exists()

    def users_with_any_permission(self, actions):
        return (
            get_user_model()
            .objects.filter(is_active=True)
            .filter(Q(is_superuser=True) | Q(groups__name=settings.GROUP_EDITORS))
            .distinct()
        )


def election_label(resolution):
    """How an election is named in the form: its assembly, then its number and title."""
    return f"{resolution.page.title} — {resolution}"


class CandidateForm(WagtailAdminModelForm):
    class Meta:
        model = Candidate
        fields = ["resolution", "member", "name"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        resolution = self.fields["resolution"]
        resolution.queryset = (
            Resolution.objects.filter(kind=ResolutionKind.ELECTION)
            .select_related("page")
            .order_by("-page__starts_at", "sort_order")
        )
        resolution.label_from_instance = election_label
        resolution.label = _("election")
        self.fields["member"].queryset = MemberPage.objects.live().active().order_by("title")

    def clean(self):
        cleaned = super().clean()
        resolution, member = cleaned.get("resolution"), cleaned.get("member")
        if resolution and member:
            others = Candidate.objects.filter(resolution=resolution, member=member)
            if self.instance.pk:
                others = others.exclude(pk=self.instance.pk)
            if others.exists():
                self.add_error("member", _("This member already stands in this election."))
        return cleaned


class CandidateIndexView(IndexView):
    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("member", "resolution__page")
            .order_by("-resolution__page__starts_at", "resolution__sort_order", "sort_order", "pk")
        )


class CandidateViewSet(ModelViewSet):
    model = Candidate
    index_view_class = CandidateIndexView
    sort_order_field = None  # candidates are listed by election, not reordered by hand
    name = "assembly_candidates"
    icon = "user"
    menu_label = gettext_lazy("Candidates")
    add_to_admin_menu = True
    menu_order = 290
    list_display = ["name", "member", "resolution"]
    copy_view_enabled = False
    inspect_view_enabled = False

    def get_form_class(self, for_update=False):
        return CandidateForm


register_permission_policy(Candidate, EditorsOnlyPolicy(Candidate))
candidate_viewset = CandidateViewSet()


@hooks.register("register_admin_viewset")
def register_candidate_viewset():
    return candidate_viewset
