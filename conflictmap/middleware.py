"""Input no view should ever see, and a busy database said plainly."""

from collections.abc import Callable

from concurrency.exceptions import RecordModifiedError
from django.db import OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse


class RefuseNulMiddleware:
    """A NUL character in a query or form field is refused with 400 naming the field, before
    any view or the admin's filters and searches see it: PostgreSQL stores no NUL in text
    (psycopg2 raises), SpatiaLite would, and both databases must give the same answer."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        field = _field_with_nul(request)
        if field is None:
            return self.get_response(request)
        message = f"{field}: contains a NUL character (\\x00), which is not accepted."
        if request.path.startswith(("/api/", "/preview/", "/ogc/")):
            return JsonResponse({"error": message, "field": field}, status=400)
        return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")


def _field_with_nul(request: HttpRequest) -> str | None:
    forms = [request.GET]
    if request.method == "POST" and request.content_type in (
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ):
        forms.append(request.POST)  # uploaded files are the importer's to check, cell by cell
    for form in forms:
        for name, values in form.lists():
            if "\x00" in name:
                return repr(name)
            if any("\x00" in value for value in values):
                return name
    return None


class BusyDatabaseMiddleware:
    """SQLite has one writer: while an import writes, another write waits (sqlite3's timeout)
    and then fails with "database is locked". That is the database being busy, not a fault:
    503 with Retry-After, the same answer a load balancer understands. (Reads never wait:
    the database is in WAL mode.)"""

    RETRY_AFTER_SECONDS = 30

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not (isinstance(exception, OperationalError) and "database is locked" in str(exception)):
            return None
        message = "The database is busy writing (an import, most likely): try again in a minute."
        response: HttpResponse
        if request.path.startswith(("/api/", "/preview/", "/ogc/")):
            response = JsonResponse({"error": message}, status=503)
        else:
            response = HttpResponse(message, status=503, content_type="text/plain; charset=utf-8")
        response["Retry-After"] = str(self.RETRY_AFTER_SECONDS)
        return response


class StaleSaveMiddleware:
    """A save refused by the records' optimistic lock (django-concurrency's RecordModifiedError)
    outside the admin's own forms (a workflow step, a bulk action, an API write) answers 409
    Conflict saying so, never a 500: nothing was written, and doing it again on a fresh copy
    is safe."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, RecordModifiedError):
            return None
        message = (
            "Someone saved this record while you were working on it: nothing was saved. "
            "Open it again and redo the change."
        )
        return HttpResponse(message, status=409, content_type="text/plain; charset=utf-8")
