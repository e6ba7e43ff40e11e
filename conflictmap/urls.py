from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from conflictmap.health import healthz

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    # Browsers ask for /favicon.ico on every page that names no icon (the admin's).
    path(
        "favicon.ico", RedirectView.as_view(url=static("conflictmap/favicon.svg"), permanent=True)
    ),
    path("", include("events.urls")),
]
