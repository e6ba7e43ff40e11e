"""Admin forms: list fields edited as lines, and the rules that span an event and its inlines."""

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse

from events.admin.concurrency import VersionedForm
from events.geocoding import resolve
from events.models import Actor, ControlZone, Event, Place, Source
from events.models.common import citation_refusal
from events.models.permissions import may_edit
from events.services.gazetteer import place_from_online


class LinesField(forms.CharField):
    """A list of names stored as JSON, edited one per line."""

    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(value)
        return value

    def to_python(self, value) -> list[str]:  # type: ignore[override]  # names, one a line
        text = super().to_python(value) or ""
        names: list[str] = []
        for line in text.splitlines():
            name = line.strip()
            if name and name not in names:
                names.append(name)
        return names


class ActorAdminForm(VersionedForm):
    aliases = LinesField(required=False, help_text="Other names and spellings, one per line.")

    class Meta:
        model = Actor
        fields = "__all__"


class SourceAdminForm(VersionedForm):
    # Django 6's default: an address typed without a scheme is taken as https.
    url = forms.URLField(assume_scheme="https", required=False, max_length=1000, label="URL")

    class Meta:
        model = Source
        fields = "__all__"


class PlaceAdminForm(VersionedForm):
    alternate_names = LinesField(
        required=False, help_text="Transliterations and Arabic-script names, one per line."
    )

    class Meta:
        model = Place
        fields = "__all__"


class EventAdminForm(VersionedForm):
    location_text = forms.CharField(
        required=False,
        max_length=300,
        label="Location as reported",
        help_text="E.g. “Bir Qassab area, 75 km SE of Damascus”. Resolve fills the place, point, "
        "precision and note; check the point on the map. Saved without a point, it is resolved "
        "on save.",
        widget=forms.TextInput(attrs={"size": 60}),
    )

    class Meta:
        model = Event
        fields = "__all__"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        place = self.fields.get("place")
        if place is not None:
            # The admin wraps the select (related-object links); the attribute goes on the select.
            widget: Any = getattr(place.widget, "widget", place.widget)
            widget.attrs["data-location-url"] = reverse("admin:events_place_location", args=[0])
        self.fields["location_text"].widget.attrs["data-resolve-url"] = reverse(
            "admin:events_event_resolve_location"
        )

    def clean(self):
        cleaned = super().clean()
        text = cleaned.get("location_text", "")
        if text and not cleaned.get("location") and not cleaned.get("place"):
            self._apply_resolution(cleaned, text)
        return cleaned

    def _apply_resolution(self, cleaned: dict[str, Any], text: str) -> None:
        result = resolve(text, online=settings.GEOCODER_ONLINE, remember=place_from_online)
        if not result.ok:
            names = ", ".join(f"{c['name']} ({c['country']})" for c in result.alternatives[:5])
            self.add_error(
                "location_text", (result.error or "") + (f" Candidates: {names}." if names else "")
            )
            return
        cleaned["location"] = result.point
        cleaned["geo_precision"] = result.geo_precision
        if result.place_id:
            cleaned["place"] = Place.objects.get(pk=result.place_id)
        if not cleaned.get("location_note"):
            cleaned["location_note"] = (result.note or text)[:255]


class PublishedNeedsCitationFormSet(forms.BaseInlineFormSet):
    """A published event or zone must keep at least one citation after this save."""

    def clean(self) -> None:
        super().clean()
        remaining = [
            form
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("source")
        ]
        refusal = citation_refusal(self.instance.publication, len(remaining), "This record")
        if refusal:
            raise ValidationError(refusal)


class ControlZoneAdminForm(VersionedForm):
    """A zone; with a predecessor, saving it ends that zone on the day before this one starts,
    which the editor must have the right to do (a published predecessor needs a reviewer)."""

    user = None  # set by the admin for the request

    class Meta:
        model = ControlZone
        fields = [
            "assignee",
            "actor",
            "geometry",
            "valid_from",
            "valid_to",
            "status",
            "confidence",
            "note",
            "predecessor",
        ]

    def clean_predecessor(self):
        predecessor = self.cleaned_data.get("predecessor")
        if predecessor and self.user is not None and not may_edit(self.user, predecessor):
            raise ValidationError(
                f"{predecessor} is {predecessor.get_publication_display().lower()}: ending it "
                "to start a successor needs a reviewer's right."
            )
        return predecessor
