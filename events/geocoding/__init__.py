"""Place resolution: offline gazetteer first, relative expressions, online geocoders on demand."""

from events.geocoding.resolver import Resolution, resolve

__all__ = ["Resolution", "resolve"]
