"""What the site's filtered lists share: django-filter FilterSets read from the query string.

The directory, the catalogue, the partnerships list and the decisions index each declare a
`SiteFilterSet`; `templates/includes/filter_form.html` renders any of them and
`templates/includes/pagination.html` pages through the results with the filters kept
(`query_string`). The Wagtail admin's reports use Wagtail's own `WagtailFilterSet`.

What a list's filter accepts stays what its links have always carried:

- a value that is not valid (an option no longer offered, a year of letters) is left out, the
  other filters still apply, and the form says so in a sentence next to the field;
- a filter whose options come from the data (territories, owners, years) may be a `free_select`:
  the select offers the known values, and any value in a link still filters (a territory no
  member has any more finds nobody, it does not widen the list);
- a checkbox (`CheckboxFilter`) is on with `name=1` and off otherwise.

Nothing here imports a domain: the FilterSets live in their apps.
"""

from urllib.parse import urlencode

import django_filters
from django import forms
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

ALL = _("All")

INVALID_VALUE = _("“%(value)s” is not one of the choices: this filter is left out.")


def capitalized(choices):
    """(value, Label) pairs: the options of a select start with a capital letter."""
    return [(value, capfirst(label)) for value, label in choices]


def free_select(choices):
    """A select of known values, « All » first, for a filter that reads any value."""
    return forms.Select(choices=[("", ALL), *choices])


class OneCheckbox(forms.CheckboxInput):
    """A checkbox that sends `1` and is checked by `1` alone (`?available=yes` is not `1`)."""

    def __init__(self, attrs=None):
        super().__init__({"value": "1", **(attrs or {})})

    def value_from_datadict(self, data, files, name):
        return data.get(name) == "1"


class CheckboxFilter(django_filters.Filter):
    """On or off; its `method` receives True or False (nothing to filter when False)."""

    field_class = forms.BooleanField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", OneCheckbox)
        super().__init__(*args, **kwargs)


class FilterForm(forms.Form):
    """Ids `f-<name>` (labels, browser journeys and links rely on them), no colon after labels."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "f-%s")
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class SiteFilterSet(django_filters.FilterSet):
    """A FilterSet bound to the request's query string, as the site's lists use it.

    `filterset.values` (and `filterset.<name>`) are the cleaned values, empty when absent or
    not valid; `active` says whether any applies; `query_string` carries them to the other
    pages of the list. A filter's name must not be one of FilterSet's own attributes (`data`,
    `form`, `filters`, `queryset`, `request`).
    """

    class Meta:
        form = FilterForm

    def __init__(self, request, queryset=None, **kwargs):
        super().__init__(data=request.GET, queryset=queryset, request=request, **kwargs)
        for filter_ in self.filters.values():
            messages = filter_.extra.setdefault("error_messages", {})
            messages.setdefault("invalid_choice", INVALID_VALUE)

    @cached_property
    def values(self):
        """Each filter's cleaned value; its field's empty value when absent or not valid."""
        self.form.is_valid()
        cleaned = self.form.cleaned_data
        return {
            name: cleaned[name] if name in cleaned else field.to_python(None)
            for name, field in self.form.fields.items()
        }

    def __getattr__(self, name):
        filters = self.__dict__.get("filters")
        if filters is not None and name in filters:
            return self.values[name]
        raise AttributeError(name)

    @property
    def active(self):
        return any(self.values.values())

    @property
    def query_string(self):
        """The filters that apply, in the form's order, as a query string (without `page`)."""
        return urlencode(
            [
                (name, "1" if value is True else str(value))
                for name, value in self.values.items()
                if value
            ]
        )
