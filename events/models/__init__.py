from .actors import Actor, ActorType
from .common import DatePrecision, GeoPrecision, PublicationStatus
from .data_version import DataVersion
from .demo import DemoRecord
from .event_values import EventValues
from .events import ActorRole, Citation, Event, EventActor
from .geocoding import GeocodeQuery
from .imports import IMPORT_STATUSES, ImportJob, ImportState
from .places import Place, PlaceKind
from .sources import Reliability, Source
from .workflow import RecordType, StatusChange
from .zones import Confidence, ControlStatus, ControlZone, ZoneCitation

__all__ = [
    "IMPORT_STATUSES",
    "Actor",
    "ActorRole",
    "ActorType",
    "Citation",
    "Confidence",
    "ControlStatus",
    "ControlZone",
    "DataVersion",
    "DatePrecision",
    "DemoRecord",
    "Event",
    "EventActor",
    "EventValues",
    "GeoPrecision",
    "GeocodeQuery",
    "ImportJob",
    "ImportState",
    "Place",
    "PlaceKind",
    "PublicationStatus",
    "RecordType",
    "Reliability",
    "Source",
    "StatusChange",
    "ZoneCitation",
]
