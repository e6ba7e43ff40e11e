"""Online geocoders through geopy, used only when GEOCODER_ONLINE is on and asked for.

Nominatim by default (GeoNames and Photon by setting). Always a user agent, a timeout, a rate
limit (Nominatim's policy: at most one request a second) and a cache in the database, so the
same query is never sent twice. Failures raise OnlineError; the resolver turns them into a
warning and keeps the offline answer.
"""

import threading
from dataclasses import dataclass
from typing import Any, cast

from django.conf import settings
from geopy.exc import GeocoderRateLimited, GeocoderTimedOut, GeopyError
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import GeoNames, Nominatim, Photon

PROVIDERS = ("nominatim", "geonames", "photon")
# Nominatim allows one request a second, as its server sees them arrive. geopy's RateLimiter
# spaces the starts of our calls; a slow send of one request and a quick one of the next
# arrived 0.96 s apart on a loaded machine. A tenth of a second to spare keeps arrivals apart.
NOMINATIM_MIN_DELAY = 1.1


class OnlineError(RuntimeError):
    pass


@dataclass(frozen=True)
class OnlineAnswer:
    provider: str
    query: str
    found: bool
    lat: float | None = None
    lon: float | None = None
    address: str = ""
    cached: bool = False


def cache_key(query: str, country: str | None) -> str:
    return " ".join(query.casefold().split()) + (f" |{country.upper()}" if country else "")


class OnlineGeocoder:
    def __init__(
        self,
        provider: str = "nominatim",
        *,
        user_agent: str,
        domain: str | None = None,
        scheme: str | None = None,
        timeout: float = 5.0,
        min_delay: float = NOMINATIM_MIN_DELAY,
        username: str = "",
    ):
        if provider not in PROVIDERS:
            raise OnlineError(f"Unknown geocoder {provider!r}: use one of {', '.join(PROVIDERS)}.")
        if not user_agent:
            raise OnlineError("Online geocoding needs GEOCODER_USER_AGENT (services require one).")
        options = {"user_agent": user_agent, "timeout": timeout}
        if domain:
            options["domain"] = domain
        if scheme:
            options["scheme"] = scheme
        if provider == "nominatim":
            geocoder = Nominatim(**options)
            min_delay = max(min_delay, NOMINATIM_MIN_DELAY)
        elif provider == "geonames":
            if not username:
                raise OnlineError("The GeoNames geocoder needs GEOCODER_USERNAME.")
            geocoder = GeoNames(username=username, **options)
        else:
            geocoder = Photon(**options)
        self.provider = provider
        self.timeout = timeout
        # No retries: a failure falls back to the offline answer at once, with a warning.
        self._geocode = RateLimiter(
            geocoder.geocode, min_delay_seconds=min_delay, max_retries=0, swallow_exceptions=False
        )
        self._lock = threading.Lock()

    def _ask(self, query: str, country: str | None) -> Any:
        kwargs: dict[str, Any] = {"exactly_one": True}
        if country and self.provider == "nominatim":
            kwargs["country_codes"] = country.lower()
        elif country and self.provider == "geonames":
            kwargs["country"] = country.upper()
        with self._lock:  # the rate limit holds across threads too
            return self._geocode(query, **kwargs)

    def lookup(self, query: str, *, country: str | None = None) -> OnlineAnswer:
        from events.models import GeocodeQuery

        key = cache_key(query, country)
        cached = GeocodeQuery.objects.filter(provider=self.provider, query=key).first()
        if cached:
            return OnlineAnswer(
                self.provider,
                query,
                cached.found,
                cached.latitude,
                cached.longitude,
                cached.address,
                cached=True,
            )
        try:
            location = self._ask(query, country)
        except GeocoderRateLimited as error:
            raise OnlineError(
                f"{self.provider} refused the request: too many requests (HTTP 429)."
            ) from error
        except GeocoderTimedOut as error:
            raise OnlineError(
                f"{self.provider} did not answer within {self.timeout:g} s."
            ) from error
        except GeopyError as error:
            raise OnlineError(f"{self.provider} failed: {error}") from error
        answer = OnlineAnswer(
            self.provider,
            query,
            location is not None,
            location.latitude if location else None,
            location.longitude if location else None,
            (location.address or "")[:500] if location else "",
        )
        GeocodeQuery.objects.get_or_create(
            provider=self.provider,
            query=key,
            defaults={
                "found": answer.found,
                "latitude": answer.lat,
                "longitude": answer.lon,
                "address": answer.address,
            },
        )
        return answer


_shared: dict[str, Any] = {}
_shared_lock = threading.Lock()


def configured_geocoder() -> OnlineGeocoder:
    """The geocoder the settings describe; one per process so its rate limit is shared."""
    config = (
        settings.GEOCODER,
        settings.GEOCODER_USER_AGENT,
        settings.GEOCODER_DOMAIN,
        settings.GEOCODER_SCHEME,
        settings.GEOCODER_TIMEOUT,
        settings.GEOCODER_MIN_DELAY,
        settings.GEOCODER_USERNAME,
    )
    with _shared_lock:
        if _shared.get("config") != config:
            provider, agent, domain, scheme, timeout, delay, username = config
            _shared["geocoder"] = OnlineGeocoder(
                provider,
                user_agent=agent,
                domain=domain or None,
                scheme=scheme or None,
                timeout=timeout,
                min_delay=delay,
                username=username,
            )
            _shared["config"] = config
        return cast(OnlineGeocoder, _shared["geocoder"])
