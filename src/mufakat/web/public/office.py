"""The press office's pages (the chair secretariat): a meeting's press releases, drafting one from the record,
editing it (the version read travels with the form: a concurrent edit is refused, never overwritten),
approving and publishing it; and publishing a decided document with one action."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from mufakat.accounts.rules import SeriesViewer, require
from mufakat.core.errors import ApplicationError, Conflict
from mufakat.documents.selectors import document_get
from mufakat.meetings.models import Meeting, Series
from mufakat.publishing import selectors, services
from mufakat.publishing.models import PressRelease
from mufakat.publishing.rules import can_publish
from mufakat.web.common import form_add_error, meeting_view, page, series_view


class PressReleaseForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    title_en = forms.CharField(label=pgettext_lazy("a press release's headline", "Title (English)"), max_length=300)
    title_vi = forms.CharField(label=pgettext_lazy("a press release's headline", "Title (Vietnamese)"), max_length=400)
    body_en = forms.CharField(label=gettext_lazy("Text (English)"), widget=forms.Textarea(attrs={"rows": 14}))
    body_vi = forms.CharField(label=gettext_lazy("Text (Vietnamese)"), widget=forms.Textarea(attrs={"rows": 14}))
    advance_release = forms.BooleanField(
        label=gettext_lazy("Advance release (may be published before the meeting)"), required=False
    )


def _require_office(viewer: SeriesViewer, meeting: Meeting) -> None:
    require(can_publish(viewer, meeting.series_id), _("only the chair secretariat (the press office) can do this."))


@require_http_methods(["GET", "POST"])
@meeting_view(login_required=True)
def press_list(request: HttpRequest, meeting: Meeting, viewer: SeriesViewer) -> HttpResponse:
    _require_office(viewer, meeting)
    if request.method == "POST":
        release = services.press_release_draft(
            actor=viewer, meeting=meeting, advance_release=request.POST.get("advance_release") == "on"
        )
        messages.success(request, _("A press release was drafted from the meeting's record."))
        return redirect("web:press-edit", meeting_id=meeting.pk, release_id=release.pk)
    releases = list(selectors.press_release_list(meeting=meeting))
    changed = selectors.press_releases_changed_at(releases)
    for release in releases:
        release.changed_at = changed[release.pk]  # type: ignore[attr-defined]
    venue = meeting.effective_venue
    return page(
        request,
        "press_list.html",
        {
            "meeting": meeting,
            "series": meeting.series,
            "releases": releases,
            "time_zone": venue.time_zone if venue else "UTC",
        },
        viewer=viewer,
    )


@require_http_methods(["GET", "POST"])
@meeting_view(login_required=True)
def press_edit(request: HttpRequest, meeting: Meeting, viewer: SeriesViewer, release_id: int) -> HttpResponse:
    _require_office(viewer, meeting)
    release = selectors.press_release_get(meeting=meeting, release_id=release_id)
    status = 200
    initial = {name: getattr(release, name) for name in PressReleaseForm.base_fields}
    form = PressReleaseForm(request.POST or None, initial=initial)
    if request.method == "POST" and request.POST.get("action") == "discard":
        return _press_discard(request, meeting, viewer, release)
    if request.method == "POST":
        action = request.POST.get("action", "save")
        if form.is_valid():
            data = dict(form.cleaned_data)
            version = data.pop("version")
            try:
                # Approve and Publish act on the text on the screen: edits typed before the click are saved
                # first, in the same transaction (a refused approval leaves the edits unsaved, still in the form).
                with transaction.atomic():
                    saved = services.press_release_update(
                        actor=viewer, release=release, expected_version=version, changes=data
                    )
                    if action == "approve":
                        services.press_release_approve(actor=viewer, release=saved, expected_version=saved.version)
                        messages.success(request, _("Approved."))
                    elif action == "publish":
                        services.press_release_publish(actor=viewer, release=saved, expected_version=saved.version)
                        messages.success(request, _("Published."))
                    elif saved.version == version:
                        messages.info(request, _("Nothing to change: the press release is as you left it."))
                    else:
                        messages.success(request, _("Saved."))
                return redirect("web:press-edit", meeting_id=meeting.pk, release_id=release.pk)
            except Conflict as exc:
                form_add_error(form, exc)
                status = exc.status_code
            except ApplicationError as exc:
                form_add_error(form, exc)
                status = exc.status_code
        else:
            status = 400
    public_url = (
        reverse("web:public-press", kwargs={"lang": "en", "release_id": release.pk}) if release.is_published else ""
    )
    return page(
        request,
        "press_edit.html",
        {"meeting": meeting, "series": meeting.series, "release": release, "form": form, "public_url": public_url},
        viewer=viewer,
        status=status,
    )


def _press_discard(request: HttpRequest, meeting: Meeting, viewer: SeriesViewer, release: PressRelease) -> HttpResponse:
    """Discard a release never published, once the box confirming it is ticked; back to the edit page otherwise."""
    if request.POST.get("confirm") != "on":
        messages.error(request, _("Tick the box to confirm that the press release is to be discarded."))
        return redirect("web:press-edit", meeting_id=meeting.pk, release_id=release.pk)
    version = request.POST.get("version", "")
    try:
        services.press_release_discard(
            actor=viewer, release=release, expected_version=int(version) if version.isdigit() else 0
        )
    except ApplicationError as exc:
        message = str(exc.message)
        messages.error(request, message[:1].upper() + message[1:])
        return redirect("web:press-edit", meeting_id=meeting.pk, release_id=release.pk)
    messages.success(request, _("The press release was discarded."))
    return redirect("web:press-list", meeting_id=meeting.pk)


@require_POST
@series_view(login_required=True)
def document_publish(request: HttpRequest, series: Series, viewer: SeriesViewer, document_id: int) -> HttpResponse:
    document = document_get(viewer=viewer, series=series, document_id=document_id)
    version = request.POST.get("version", "")
    services.document_publish(
        actor=viewer, document=document, expected_version=int(version) if version.isdigit() else -1
    )
    messages.success(request, _("The document is public from now on."))
    return redirect("web:public-document", lang="en", document_id=document.pk)
