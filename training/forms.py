from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from governance.models import MemberPage

from .models import TrainingSession


class SessionChoiceField(forms.ModelChoiceField):
    """A session reads as its days, its place and the seats left (or the waiting list)."""

    def label_from_instance(self, session):
        days = [date_format(day.date, "l j F Y") for day in session.sorted_days]
        dates = days[0] if len(days) == 1 else f"{', '.join(days[:-1])} {_('and')} {days[-1]}"
        seats = session.seats_left
        availability = (
            ngettext("%(count)s seat left", "%(count)s seats left", seats) % {"count": seats}
            if seats
            else _("full: waiting list")
        )
        return f"{dates} · {session.location_display} · {availability}"


OWN_STRUCTURE_ONLY = _("You may register under your own member structure only, or under none.")


class RegistrationForm(forms.Form):
    """*Inscription à une session*: the public form on a course page.

    A logged-in member may pick their own structure (the member page linked to their account),
    or none; visitors type it (the list of members is not public). Without `members` the field
    is left out, and a `member` posted anyway is refused.
    """

    session = SessionChoiceField(
        label=_("Session"),
        queryset=TrainingSession.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": _("Choose a session."),
            "invalid_choice": _("This session is not open for registration."),
        },
    )
    name = forms.CharField(label=_("First and last name"), max_length=150)
    email = forms.EmailField(label=_("E-mail"))
    structure = forms.CharField(
        label=_("Structure"),
        max_length=200,
        required=False,
        help_text=_("Association, company, local authority… (optional)"),
    )
    member = forms.ModelChoiceField(
        label=_("Member structure"),
        queryset=MemberPage.objects.none(),
        required=False,
        empty_label=_("— none —"),
        error_messages={"invalid_choice": OWN_STRUCTURE_ONLY},
    )
    phone = forms.CharField(label=_("Phone (optional)"), max_length=30, required=False)
    accessibility_needs = forms.CharField(
        label=_("Needs for accessibility (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Tell us what would make the course accessible to you."),
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the cooperative uses these data to manage my registration "
            "and to contact me about this course."
        ),
        error_messages={"required": _("Your consent is needed to register.")},
    )

    # A field people never see nor reach: robots that fill every field fill it too.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    HONEYPOT = "website"

    def __init__(self, *args, sessions, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = sessions
        if members is None:
            del self.fields["member"]
        else:
            self.fields["member"].queryset = members

    def clean(self):
        cleaned = super().clean()
        if cleaned.get(self.HONEYPOT):
            raise ValidationError(
                _("Your registration could not be recorded. Please try again."), code="honeypot"
            )
        if "member" not in self.fields and self.data.get("member"):
            raise ValidationError(OWN_STRUCTURE_ONLY, code="member")
        return cleaned
