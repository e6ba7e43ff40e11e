"""The Django admin: the editors' screens. Django's autodiscovery imports this package; the
records' screens register themselves in `records`, the accounts' in `accounts`."""

from events.admin import accounts, records  # noqa: F401 - they register their screens
