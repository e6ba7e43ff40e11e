"""System checks for configuration mistakes (stable ids, see `manage.py check`)."""

from django.conf import settings
from django.core.checks import CheckMessage, Error, Warning, register

from events.geocoding.online import PROVIDERS


@register()
def geocoder_settings(app_configs: object, **kwargs: object) -> list[CheckMessage]:
    problems: list[CheckMessage] = []
    if settings.GEOCODER not in PROVIDERS:
        problems.append(
            Error(
                f"GEOCODER={settings.GEOCODER!r} is not a known geocoder.",
                hint=f"Use one of: {', '.join(PROVIDERS)}.",
                id="events.E001",
            )
        )
    if settings.GEOCODER_ONLINE and not settings.GEOCODER_USER_AGENT:
        problems.append(
            Warning(
                "Online geocoding is on but GEOCODER_USER_AGENT is empty: the geocoding services "
                "refuse or block anonymous clients, so every lookup would fall back to the "
                "offline gazetteer.",
                hint="Set GEOCODER_USER_AGENT to your deployment's name and a contact address.",
                id="events.W001",
            )
        )
    if (
        settings.GEOCODER_ONLINE
        and settings.GEOCODER == "geonames"
        and not settings.GEOCODER_USERNAME
    ):
        problems.append(
            Warning(
                "GEOCODER=geonames needs GEOCODER_USERNAME (a GeoNames account).",
                id="events.W002",
            )
        )
    return problems
