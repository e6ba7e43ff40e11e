from django.urls import path

from events import api, views

urlpatterns = [
    path("", views.map_page, name="map"),
    path("api/events.geojson", api.events_geojson, name="api-events"),
    path("api/zones.geojson", api.zones_geojson, name="api-zones"),
]
