from datetime import date

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from events.selectors import public_date_span


def map_page(request: HttpRequest) -> HttpResponse:
    """The researchers' map. Its state (the date) comes from the URL; data from the API."""
    first, last = public_date_span()
    try:
        day = date.fromisoformat(request.GET.get("date", ""))
    except ValueError:
        day = last or date.today()
    return render(
        request,
        "events/map.html",
        {
            "day": day,
            "first": first or day,
            "last": last or day,
        },
    )
