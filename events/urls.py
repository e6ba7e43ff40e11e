from django.urls import path

from events.web import api, ogc, preview
from events.web import pages as views

urlpatterns = [
    path("", views.map_page, name="map"),
    # OGC API – Features (events/web/ogc.py)
    path("ogc/", ogc.landing, name="ogc-landing"),
    path("ogc/conformance", ogc.conformance, name="ogc-conformance"),
    path("ogc/api", ogc.openapi, name="ogc-api"),
    path("ogc/collections", ogc.collections, name="ogc-collections"),
    path("ogc/collections/<str:name>", ogc.collection, name="ogc-collection"),
    path("ogc/collections/<str:name>/items", ogc.items, name="ogc-items"),
    path("ogc/collections/<str:name>/schema", ogc.schema, name="ogc-schema"),
    path("ogc/collections/<str:name>/items/<id:pk>", ogc.item, name="ogc-item"),
    path("events/<id:pk>/", views.event_detail, name="event-detail"),
    path("api/events.geojson", api.events_geojson, name="api-events"),
    path("api/events.csv", api.events_csv, name="api-events-csv"),
    path("api/events.acled.csv", api.events_acled_csv, name="api-events-acled"),
    path("api/view.gpkg", api.view_gpkg, name="api-view-gpkg"),
    path("api/events/view.json", api.events_view, name="api-events-view"),
    path("api/events/<id:pk>.geojson", api.event_geojson, name="api-event"),
    path("api/events/<id:pk>.json", api.event_json, name="api-event-json"),
    path("api/zones.geojson", api.zones_geojson, name="api-zones"),
    path("api/zones/export.<str:fmt>", api.zones_export, name="api-zones-export"),
    path("api/zones/changes.geojson", api.zone_changes_geojson, name="api-zone-changes"),
    path("api/territory.json", api.territory_json, name="api-territory"),
    path("api/timeline.json", api.timeline_json, name="api-timeline"),
    path("api/weekly.json", api.weekly_json, name="api-weekly"),
    path("api/actors.json", api.actors_json, name="api-actors"),
    path("api/labels/<int:z>/<int:x>/<int:y>.json", api.labels_json, name="api-labels"),
    path("api/withdrawn.json", api.withdrawn_json, name="api-withdrawn"),
    # Staff only, never cached: the map's preview of what is not published yet.
    path("preview/events/view.json", preview.events_view, name="preview-events-view"),
    path("preview/events/<id:pk>.json", preview.event_json, name="preview-event-json"),
    path("preview/zones.geojson", preview.zones_geojson, name="preview-zones"),
]
