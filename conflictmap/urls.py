from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from conflictmap.health import healthz

# Under /api/, a 404 is JSON like every other answer there (events/web/http.py).
handler404 = "events.web.http.not_found"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    # Browsers ask for /favicon.ico on every page that names no icon (the admin's).
    path(
        "favicon.ico", RedirectView.as_view(url=static("conflictmap/favicon.svg"), permanent=True)
    ),
    path("", include("events.urls")),
]
