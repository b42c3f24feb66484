from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from mufakat.documents.enums import DocumentStatus
from mufakat.meetings.models import Body, Series
from mufakat.reference.models import Framework
from mufakat.search.enums import Kind, Sort
from mufakat.search.selectors import Filters


class SearchForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Search for"), max_length=200, required=False)
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), required=False)
    series = forms.ChoiceField(label=gettext_lazy("Series"), required=False)
    body = forms.ChoiceField(label=gettext_lazy("Body"), required=False)
    framework = forms.ChoiceField(label=gettext_lazy("Framework"), required=False)
    status = forms.ChoiceField(label=gettext_lazy("Status"), required=False)
    year = forms.IntegerField(label=gettext_lazy("Year"), required=False, min_value=1967, max_value=2100)
    adopted = forms.BooleanField(label=gettext_lazy("Adopted texts only"), required=False)
    sort = forms.ChoiceField(label=gettext_lazy("Sort by"), required=False, choices=Sort.choices)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        anything = [("", gettext_lazy("Any"))]
        self.fields["kind"].choices = anything + list(Kind.choices)  # type: ignore[attr-defined]
        self.fields["series"].choices = anything + [  # type: ignore[attr-defined]
            (s.code, s.title) for s in Series.objects.order_by("-start_date")
        ]
        self.fields["body"].choices = anything + [  # type: ignore[attr-defined]
            (b.code, b.abbreviation) for b in Body.objects.order_by("abbreviation")
        ]
        self.fields["framework"].choices = anything + [  # type: ignore[attr-defined]
            (f.code, f.code) for f in Framework.objects.order_by("code")
        ]
        self.fields["status"].choices = anything + list(DocumentStatus.choices)  # type: ignore[attr-defined]

    def filters(self) -> Filters:
        data = self.cleaned_data
        return Filters(
            series=data.get("series") or "",
            body=data.get("body") or "",
            framework=data.get("framework") or "",
            kind=data.get("kind") or "",
            status=data.get("status") or "",
            year=data.get("year"),
            adopted_only=bool(data.get("adopted")),
        )


class PrecedentsForm(forms.Form):
    """The precedents page: words (or a paragraph) and, optionally, the day the precedents were agreed by."""

    text = forms.CharField(label=gettext_lazy("Words or a paragraph"), max_length=2000, required=False, strip=False)
    before = forms.DateField(
        label=gettext_lazy("Agreed on or before"),
        required=False,
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": gettext_lazy("Agreed on or before: give a date as YYYY-MM-DD.")},
        widget=forms.DateInput(attrs={"type": "date"}),
    )
