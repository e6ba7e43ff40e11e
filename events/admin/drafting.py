"""The admin's "Draft events from a report": paste (or upload) an article with its day and
publisher, read the proposed events beside the article with each one's sentences highlighted,
tick and correct them, and accept: the ticked ones become draft events citing the report.
Nothing is published from here."""

import json
from datetime import date
from itertools import pairwise
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse

from events.admin.editors import editor_of
from events.drafting.fetching import FetchRefused, fetch_public
from events.drafting.reports import report_text
from events.lib.filters import MAX_FATALITIES
from events.lib.numbers import ascii_whole
from events.lib.taxonomy import EventType, SubEventType
from events.services.drafting import accept_proposals, draft_report

MAX_TEXT = 100_000  # characters: a long article, not a book
MAX_FETCH = 2 * 1024 * 1024
PRECISIONS = [("day", "Day"), ("week", "Week"), ("month", "Month"), ("year", "Year")]


class ReportForm(forms.Form):
    text = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 12, "cols": 100}), max_length=MAX_TEXT
    )
    file = forms.FileField(required=False, help_text="Or a .txt or .html file.")
    url = forms.URLField(
        required=False,
        assume_scheme="https",
        help_text="Or the article's address (fetched only when FETCH_ONLINE=1 on the server).",
    )
    published_on = forms.DateField(help_text="The day the report was published (YYYY-MM-DD).")
    publisher = forms.CharField(required=False, max_length=200)
    title = forms.CharField(max_length=500, help_text="The report's headline.")

    def clean(self):
        data = super().clean() or {}
        if data.get("published_on") and data["published_on"] > date.today():
            self.add_error("published_on", "A report's day cannot be in the future.")
        text = data.get("text", "").strip()
        upload = data.get("file")
        if upload:
            if not upload.name.lower().endswith((".txt", ".html", ".htm")):
                self.add_error("file", "Choose a .txt or .html file.")
                return data
            text = report_text(upload.read(MAX_TEXT * 4 + 1), name=upload.name)
        elif not text and data.get("url"):
            if not settings.FETCH_ONLINE:
                self.add_error("url", "Fetching articles is off here (FETCH_ONLINE): paste it.")
                return data
            text = _fetched(data["url"], self)
        if not text and not {"file", "url"} & set(self.errors):
            self.add_error("text", "Paste the article, or upload it.")
        data["text"] = text[:MAX_TEXT]
        return data


def _fetched(url: str, form: forms.Form) -> str:
    try:
        raw = fetch_public(url, max_bytes=MAX_FETCH)
    except FetchRefused as refused:
        form.add_error("url", str(refused))
        return ""
    return report_text(raw, name=url.split("?")[0])


def draft_view(model_admin, request: HttpRequest) -> HttpResponse:
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    if request.POST.get("action") == "accept":
        return _accept(model_admin, request)
    form = ReportForm(request.POST or None, request.FILES or None)
    context = {"form": form}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        answer = draft_report(data["text"], published_on=data["published_on"])
        context.update(_proposals_context(data, answer["proposals"]))
    return _render(model_admin, request, context)


def _render(model_admin, request, context: dict[str, Any]) -> HttpResponse:
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": "Draft events from a report",
        "precisions": PRECISIONS,
        "event_types": EventType.choices,
        "sub_event_types": SubEventType.choices,
        **context,
    }
    return TemplateResponse(request, "admin/events/event/draft.html", context)


def _proposals_context(
    report: dict[str, Any], proposals: list[dict[str, Any]], problems=None
) -> dict[str, Any]:
    problems = problems or {}
    return {
        "report": {
            "text": report["text"],
            "published_on": report["published_on"].isoformat()
            if isinstance(report["published_on"], date)
            else report["published_on"],
            "publisher": report.get("publisher", ""),
            "title": report.get("title", ""),
        },
        "article": _highlighted(report["text"], proposals),
        "proposals": [
            {
                "number": number,
                "data": proposal,
                "json": json.dumps(proposal, default=str),
                "problems": problems.get(number, {}),
                "duplicates": [
                    {**d, "url": reverse("admin:events_event_change", args=[d["id"]])}
                    for d in proposal.get("duplicates", [])
                ],
            }
            for number, proposal in enumerate(proposals)
        ],
    }


def _highlighted(text: str, proposals: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The article in pieces, each piece with the proposals whose sentences it is part of."""
    cuts = {0, len(text)}
    for proposal in proposals:
        for span in proposal.get("sentences", []):
            cuts.update((span["start"], span["end"]))
    bounds = sorted(c for c in cuts if 0 <= c <= len(text))
    pieces = []
    for start, end in pairwise(bounds):
        owners = [
            number
            for number, proposal in enumerate(proposals)
            if any(s["start"] <= start and end <= s["end"] for s in proposal.get("sentences", []))
        ]
        pieces.append({"text": text[start:end], "proposals": owners})
    return pieces


EDITABLE = (
    "date_start",
    "date_end",
    "date_precision",
    "event_type",
    "sub_event_type",
    "lat",
    "lon",
)


def _accept(model_admin, request: HttpRequest) -> HttpResponse:
    post = request.POST
    try:
        published_on = date.fromisoformat(post.get("published_on", ""))
        proposals = [json.loads(raw) for raw in post.getlist("proposal")]
        if not all(isinstance(p, dict) for p in proposals):
            raise ValueError("not a proposal")
    except ValueError:
        messages.error(request, "The proposals could not be read back: draft the report again.")
        return HttpResponseRedirect(reverse("admin:events_event_draft"))
    chosen = []
    for number, proposal in enumerate(proposals):
        if post.get(f"accept-{number}") != "on":
            continue
        for name in EDITABLE:
            value = post.get(f"{name}-{number}")
            if value is not None:
                proposal[name] = value.strip() or None
        fatalities: dict[str, int | str | None] = {}
        proposal["fatalities"] = fatalities
        for bound in ("low", "best", "high"):
            value = post.get(f"fatalities_{bound}-{number}", "").strip()
            # ASCII digits only: "²".isdigit() is true and int("²") fails.
            fatalities[bound] = ascii_whole(value, maximum=MAX_FATALITIES) if value else None
            if value and fatalities[bound] is None:
                fatalities[bound] = value  # the service names the field that is wrong
        chosen.append((number, proposal))
    report: dict[str, Any] = {
        "text": post.get("text", ""),
        "published_on": published_on,
        "publisher": post.get("publisher", ""),
        "title": post.get("title", "") or "Untitled report",
    }
    if not chosen:
        messages.warning(request, "Tick at least one proposal to accept.")
        return _render(model_admin, request, _proposals_context(report, proposals))
    result = accept_proposals(
        [p for _, p in chosen],
        text=report["text"],
        published_on=published_on,
        publisher=report["publisher"],
        title=report["title"],
        user=editor_of(request),
    )
    if result.problems:
        by_number = {chosen[i][0]: errors for i, errors in result.problems.items()}
        messages.error(request, "Nothing was saved: correct the proposals marked below.")
        return _render(model_admin, request, _proposals_context(report, proposals, by_number))
    ids = ",".join(str(e.pk) for e in result.events)
    messages.success(
        request,
        f"{len(result.events)} draft event(s) made, citing “{report['title']}”: review them "
        "(rewrite each summary in your own words) and submit them for review.",
    )
    changelist = reverse("admin:events_event_changelist")
    return HttpResponseRedirect(f"{changelist}?id__in={ids}")
