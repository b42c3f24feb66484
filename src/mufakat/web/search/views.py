"""The search page, the precedents page (for words typed or selected, or a proposal's text) and the stable
link of a precedent paragraph."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from mufakat.search.enums import Sort
from mufakat.search.precedents import precedent_target, precedents_for
from mufakat.search.selectors import PAGE, search

from .forms import PrecedentsForm, SearchForm


@require_safe
def search_page(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    results = None
    offset = 0
    if form.is_bound and form.is_valid() and form.cleaned_data["q"].strip():
        offset = max(0, int(request.GET.get("offset", "0")) if request.GET.get("offset", "0").isdigit() else 0)
        results = search(
            user=request.user,
            text=form.cleaned_data["q"],
            filters=form.filters(),
            sort=form.cleaned_data.get("sort") or Sort.RELEVANCE,
            offset=offset,
        )
    params = request.GET.copy()
    params.pop("offset", None)
    return render(
        request,
        "web/search/results.html",
        {
            "form": form,
            "results": results,
            "offset": offset,
            "page": PAGE,
            "next_offset": offset + PAGE,
            "params": params.urlencode(),
            "one_kind": bool(form.is_bound and form.is_valid() and form.cleaned_data.get("kind")),
        },
    )


@require_safe
def precedents_page(request: HttpRequest) -> HttpResponse:
    form = PrecedentsForm({"text": request.GET.get("text", "")[:2000], "before": request.GET.get("before", "")})
    if not form.is_valid():
        # A day that is not one is refused (as the API does), not silently ignored.
        return render(request, "web/search/precedents.html", {"form": form, "text": "", "hits": []}, status=400)
    text = form.cleaned_data["text"]
    hits = precedents_for(user=request.user, text=text, before=form.cleaned_data["before"]) if text.strip() else []
    return render(request, "web/search/precedents.html", {"form": form, "text": text, "hits": hits})


@require_safe
def precedent_link(request: HttpRequest, paragraph_id: int) -> HttpResponse:
    target = precedent_target(user=request.user, paragraph_id=paragraph_id)
    if target is None:
        raise Http404(_("No agreed paragraph %(id)s that you may read.") % {"id": paragraph_id})
    return redirect(target)
