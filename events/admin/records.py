"""The editors' admin: map widgets, inlines for actors and citations, the workflow's steps."""

from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.contrib import admin, messages
from django.db.models import Exists, OuterRef
from django.forms.models import model_to_dict
from django.http import HttpRequest, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.views.decorators.http import require_POST
from leaflet.admin import LeafletGeoAdmin

from events.admin.drafting import draft_view
from events.admin.forms import (
    ActorAdminForm,
    ControlZoneAdminForm,
    EventAdminForm,
    PlaceAdminForm,
    PublishedNeedsCitationFormSet,
    SourceAdminForm,
)
from events.admin.history import HistoryAdmin
from events.admin.imports import import_view, job_view
from events.admin.shared import SharedRecordAdmin
from events.admin.workflow import QueueFilter, WorkflowAdmin
from events.admin.zone_imports import zone_import_view, zone_job_view
from events.geocoding import resolve
from events.geocoding.place_index import get_index
from events.lib.numbers import ID_MAX, ascii_whole
from events.models import (
    Actor,
    Citation,
    ControlZone,
    Event,
    EventActor,
    Place,
    Source,
    ZoneCitation,
)
from events.selectors.territory import describe_conflicts, zone_conflicts
from events.selectors.zones import zone_lineage
from events.services.gazetteer import event_place_from_editor, place_from_online
from events.services.zones import INHERITED, successor_draft, successor_saved


@admin.display(description="colour")
def colour_swatch(obj) -> str:
    return format_html(
        '<span style="display:inline-block;width:1.2em;height:1.2em;background:{};'
        'border:1px solid #333;vertical-align:middle"></span> {}',
        obj.colour,
        obj.colour,
    )


@admin.register(Actor)
class ActorAdmin(SharedRecordAdmin, HistoryAdmin):
    form = ActorAdminForm
    list_display = ["name", "short_name", "actor_type", "parent", colour_swatch]
    list_filter = ["actor_type"]
    list_select_related = ["parent"]
    search_fields = ["name", "short_name", "aliases"]
    autocomplete_fields = ["parent"]
    filter_horizontal = ["backed_by"]


@admin.register(Place)
class PlaceAdmin(SharedRecordAdmin, HistoryAdmin, LeafletGeoAdmin):
    form = PlaceAdminForm
    list_display = ["name", "kind", "country_code", "admin1", "geonames_id"]
    list_filter = ["kind", "country_code"]
    search_fields = ["name", "alternate_names", "admin1", "=geonames_id"]

    def get_search_results(self, request, queryset, search_term):
        """Admin search and the event form's place autocomplete also match spellings:
        "Dumeir" finds Aḑ Ḑumayr, "Tell Dakwa" finds Tal Dakwa, "التنف" finds al-Tanf."""
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if len(search_term.strip()) >= 3:
            ids = [c.place.id for c in get_index().candidates(search_term, limit=20)]
            if ids:
                results = results | queryset.filter(pk__in=ids)
                may_have_duplicates = True
        return results, may_have_duplicates

    def get_urls(self):
        location = path(
            "<id:pk>/location.json",
            self.admin_site.admin_view(self.location_view),
            name="events_place_location",
        )
        return [location, *super().get_urls()]

    def location_view(self, request: HttpRequest, pk: int) -> JsonResponse:
        """The place's point, for the event form's place picker."""
        if not self.has_view_permission(request):
            return JsonResponse({"error": "Not allowed to view places."}, status=403)
        place = get_object_or_404(Place, pk=pk)
        return JsonResponse(
            {"id": place.pk, "name": place.name, "lat": place.location.y, "lon": place.location.x}
        )


@admin.register(Source)
class SourceAdmin(SharedRecordAdmin, HistoryAdmin):
    form = SourceAdminForm
    list_display = ["title", "publisher", "published_on", "language", "reliability"]
    list_filter = ["reliability", "language"]
    search_fields = ["title", "publisher", "url"]
    date_hierarchy = "published_on"


class EventActorInline(admin.TabularInline):
    model = EventActor
    extra = 2
    autocomplete_fields = ["actor"]


class CitationInline(admin.StackedInline):
    model = Citation
    formset = PublishedNeedsCitationFormSet
    extra = 1
    autocomplete_fields = ["source"]


class ActorListFilter(admin.SimpleListFilter):
    title = "actor"
    parameter_name = "actor"

    def lookups(self, request, model_admin):
        return Actor.objects.values_list("pk", "name")

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        actor_id = ascii_whole(value, maximum=ID_MAX)
        if actor_id is None:  # "²" and its kind match nothing, rather than fail
            return queryset.none()
        # EXISTS, not a join: no duplicates to remove when an actor holds two roles.
        return queryset.filter(
            Exists(EventActor.objects.filter(event=OuterRef("pk"), actor_id=actor_id))
        )


@admin.register(Event)
class EventAdmin(WorkflowAdmin):
    change_list_template = "admin/events/event/change_list.html"
    form = EventAdminForm
    inlines = [EventActorInline, CitationInline]
    list_display = [
        "start_date",
        "title",
        "event_type",
        "sub_event_type",
        "publication",
        "assignee",
        "geo_precision",
        "fatalities_best",
        "place",
    ]
    list_filter = [
        QueueFilter,
        "publication",
        "event_type",
        "sub_event_type",
        "geo_precision",
        ("start_date", admin.DateFieldListFilter),
        ActorListFilter,
    ]
    list_select_related = ["place", "assignee"]
    date_hierarchy = "start_date"
    search_fields = ["title", "summary", "location_note", "place__name", "acled_id", "actors__name"]
    autocomplete_fields = ["place"]
    fieldsets = [
        (None, {"fields": ["title", ("publication", "assignee"), "summary"]}),
        ("When", {"fields": [("start_date", "end_date", "date_precision")]}),
        ("What", {"fields": [("event_type", "sub_event_type")]}),
        (
            "Where",
            {"fields": ["location_text", "place", "location", "geo_precision", "location_note"]},
        ),
        (
            "Fatalities (leave empty when unknown)",
            {
                "fields": [("fatalities_low", "fatalities_best", "fatalities_high")],
            },
        ),
        ("External ids", {"fields": [("acled_id", "ucdp_id")], "classes": ["collapse"]}),
        ("Record", {"fields": WorkflowAdmin.stamp_fields, "classes": ["collapse"]}),
    ]
    correction_fieldset = ("Correction (shown on the public page)", {"fields": ["correction_note"]})

    def save_model(self, request, obj, form, change):
        text = form.cleaned_data.get("location_text", "")
        editor = request.user.get_username()
        event_place_from_editor(obj, text, editor=editor, day=date.today())
        super().save_model(request, obj, form, change)

    def get_urls(self):
        resolve_location = path(
            "resolve-location/",
            self.admin_site.admin_view(self.resolve_location_view),
            name="events_event_resolve_location",
        )
        import_file = path(
            "import/",
            self.admin_site.admin_view(lambda request: import_view(self, request)),
            name="events_event_import",
        )
        import_job = path(
            "import/<int:job_id>/",
            self.admin_site.admin_view(lambda request, job_id: job_view(self, request, job_id)),
            name="events_event_import_job",
        )
        draft = path(
            "draft/",
            self.admin_site.admin_view(lambda request: draft_view(self, request)),
            name="events_event_draft",
        )
        return [resolve_location, import_file, import_job, draft, *super().get_urls()]

    def has_import_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("events.import_events")

    def changelist_view(self, request, extra_context=None):
        context = {
            **(extra_context or {}),
            "has_import_permission": self.has_import_permission(request),
        }
        return super().changelist_view(request, context)

    @method_decorator(require_POST)
    def resolve_location_view(self, request: HttpRequest) -> JsonResponse:
        """The event form's Resolve button: place text to point, place, precision and note.
        A POST: with online geocoding on, an answer is kept as a place and in the cache."""
        if not (self.has_add_permission(request) or self.has_change_permission(request)):
            return JsonResponse({"error": "Not allowed to edit events."}, status=403)
        text = request.POST.get("text", "")
        result = resolve(
            text,
            near=request.POST.get("near") or None,
            online=settings.GEOCODER_ONLINE,
            remember=place_from_online,
        )
        # An unresolved text is an answer ("ok": false, the error, the candidates), not a fault.
        return JsonResponse(result.as_dict())


class ZoneCitationInline(admin.StackedInline):
    model = ZoneCitation
    formset = PublishedNeedsCitationFormSet
    extra = 1
    autocomplete_fields = ["source"]


@admin.register(ControlZone)
class ControlZoneAdmin(WorkflowAdmin):
    form = ControlZoneAdminForm
    change_form_template = "admin/events/controlzone/change_form.html"
    inlines = [ZoneCitationInline]
    list_display = [
        "actor",
        "valid_from",
        "valid_to",
        "status",
        "confidence",
        "publication",
        "assignee",
    ]
    list_filter = [QueueFilter, "publication", "status", "confidence", "actor"]
    list_select_related = ["actor", "assignee"]
    date_hierarchy = "valid_from"
    search_fields = ["actor__name", "note"]
    autocomplete_fields = ["actor"]
    raw_id_fields = ["predecessor"]
    change_list_template = "admin/events/controlzone/change_list.html"

    def get_urls(self):
        import_zones = path(
            "import/",
            self.admin_site.admin_view(lambda request: zone_import_view(self, request)),
            name="events_controlzone_import",
        )
        import_job = path(
            "import/<int:job_id>/",
            self.admin_site.admin_view(
                lambda request, job_id: zone_job_view(self, request, job_id)
            ),
            name="events_controlzone_import_job",
        )
        return [import_zones, import_job, *super().get_urls()]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.user = request.user  # the predecessor's end is checked against this editor's rights
        return form

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        """ "Redraw from here": ?predecessor=ID&valid_from=D starts the form as the predecessor's
        successor on D (same ground, controller, status, confidence and note)."""
        initial = super().get_changeform_initial_data(request)
        pk = ascii_whole(request.GET.get("predecessor", ""), maximum=ID_MAX)
        predecessor = ControlZone.objects.filter(pk=pk).first() if pk else None
        if predecessor is None:
            initial.pop("predecessor", None)
            return initial
        try:
            day = date.fromisoformat(request.GET.get("valid_from", ""))
        except ValueError:
            day = date.today()
        fields = [*INHERITED, "predecessor", "valid_from", "valid_to"]
        return {**initial, **model_to_dict(successor_draft(predecessor, day), fields=fields)}

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        zone = form.instance
        copied = successor_saved(
            zone,
            user=request.user,
            created=not change,
            succession_changed=not change
            or bool({"predecessor", "valid_from"} & set(form.changed_data)),
        )
        if copied:
            self.message_user(
                request, f"The predecessor's {copied} citation(s) are cited for this zone too."
            )
        conflicts = zone_conflicts(zone)
        if conflicts:
            self.message_user(request, conflicts_text(conflicts), messages.WARNING)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            before, after = zone_lineage(obj)
            context["zone_life"] = {"before": before, "after": after}
            context["zone_conflicts"] = zone_conflicts(obj)
            if self.has_add_permission(request):
                context["redraw_url"] = reverse("admin:events_controlzone_add")
                # The day after its end (a continuation), or today for a zone that still holds.
                context["redraw_day"] = (
                    obj.valid_to + timedelta(days=1) if obj.valid_to else date.today()
                )
        return super().render_change_form(request, context, add, change, form_url, obj)


def conflicts_text(conflicts) -> str:
    return (
        f"This zone overlaps {len(conflicts)} zone(s) of other controllers while neither is "
        f"marked contested: {describe_conflicts(conflicts)}. Mark the shared ground "
        "contested, or redraw the edges; it cannot be published as it is."
    )
