from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.forms import WagtailAdminPageForm

from . import services, voting


class CollegePageForm(WagtailAdminPageForm):
    """Publishing a college checks the whole set of weights, as the law requires.

    Drafts may hold any weight: to change several weights at once, editors use the
    "Pondérations des collèges" screen, which publishes them together.
    """

    def clean(self):
        cleaned_data = super().clean()
        if self.data.get("action-publish") and "weight" in cleaned_data:
            others = [college.weight for college in self.instance.sibling_colleges()]
            errors = voting.check_college_weights(others + [cleaned_data["weight"]])
            if errors:
                self.add_error(
                    "weight",
                    [
                        *errors,
                        _(
                            "Nothing was published. To change several weights at once, "
                            "use Settings › College weights."
                        ),
                    ],
                )
        return cleaned_data


class DecisionPageForm(WagtailAdminPageForm):
    """A decision saved in the admin records its votes (`services.record_votes`): the new vote
    rows take their college's weight in force and the status follows the result, in the page
    and in the revision saved with it."""

    def save(self, commit=True):
        decision = super().save(commit=False)  # the vote rows of the form, in memory
        services.record_votes(decision=decision)
        if commit:
            if self.show_comments_toggle and self.subscription:
                self.subscription.save()  # as `WagtailAdminPageForm.save(commit=True)` does
            decision.save()
            self.save_m2m()
        return decision


class CollegeWeightsForm(forms.Form):
    """One weight per college of a directory, validated as a set."""

    def __init__(self, colleges, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.colleges = list(colleges)
        for college in self.colleges:
            self.fields[f"college_{college.pk}"] = forms.DecimalField(
                label=college.title,
                required=False,
                max_digits=5,
                decimal_places=2,
                min_value=0,
                max_value=100,
                initial=college.weight,
            )

    def weights(self):
        return {
            college: self.cleaned_data.get(f"college_{college.pk}") for college in self.colleges
        }

    def clean(self):
        cleaned_data = super().clean()
        if not self.errors:
            for error in voting.check_college_weights(list(self.weights().values())):
                self.add_error(None, error)
        return cleaned_data


class ResourceForm(forms.Form):
    """One offer or need, as a member edits it from the site."""

    direction = forms.ChoiceField(label=gettext_lazy("Offer or need"))
    kind = forms.ChoiceField(label=gettext_lazy("Type"))
    title = forms.CharField(label=gettext_lazy("What"), max_length=200)
    details = forms.CharField(
        label=gettext_lazy("Details"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        # Inside: governance.models imports this module for CollegePageForm (a cycle).
        from .models import MemberResource, ResourceKind

        super().__init__(*args, **kwargs)
        self.fields["direction"].choices = MemberResource.DIRECTION_CHOICES
        self.fields["kind"].choices = ResourceKind.choices


ResourceFormSet = forms.formset_factory(ResourceForm, extra=2, can_delete=True, max_num=50)
