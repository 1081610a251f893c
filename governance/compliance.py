"""Legal checks of the cooperative's membership (SCIC rules), for the editors' dashboard.

Each failed rule gives one French warning that names the rule.
"""

from django.db.models import Sum
from django.utils.translation import gettext as _
from wagtail.models import Locale

from . import voting
from .models import CollegePage, MemberCategory, MemberPage

MIN_CATEGORIES = 3


def compliance_warnings(on=None):
    # The register is the source language's tree: translated copies would count twice.
    members = MemberPage.objects.live().active(on).filter(locale=Locale.get_default())
    present = set(members.values_list("category", flat=True).distinct())
    warnings = []
    if len(present) < MIN_CATEGORIES:
        warnings.append(
            _(
                "Categories of associés: a SCIC needs at least three categories represented "
                "(%(count)s today)."
            )
            % {"count": len(present)}
        )
    if MemberCategory.BENEFICIARIES not in present:
        warnings.append(
            _("Mandatory category: no beneficiary (user or customer) among the associés.")
        )
    if MemberCategory.EMPLOYEES not in present and MemberCategory.PRODUCERS not in present:
        warnings.append(
            _(
                "Mandatory category: no employee among the associés (or, if the cooperative "
                "has no employees, no producer)."
            )
        )
    shares = members.aggregate(total=Sum("shares"))["total"] or 0
    public = members.filter(is_public_body=True).aggregate(total=Sum("shares"))["total"] or 0
    if shares and public * 2 > shares:
        warnings.append(
            _(
                "Public bodies' capital: public bodies hold %(public)s of %(total)s shares, "
                "more than 50 %% of the capital."
            )
            % {"public": public, "total": shares}
        )
    for directory_weights in _weights_by_directory():
        for error in voting.check_college_weights(directory_weights):
            warnings.append(_("College weights: %(error)s") % {"error": error})
    return warnings


def _weights_by_directory():
    groups = {}
    for college in CollegePage.objects.live().filter(locale=Locale.get_default()).order_by("path"):
        groups.setdefault(college.path[: -CollegePage.steplen], []).append(college.weight)
    return list(groups.values())
