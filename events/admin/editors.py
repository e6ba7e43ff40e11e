"""Who is at the admin's keyboard: every admin page is behind the admin site's login, so its
request's user is a signed-in account, never the anonymous one."""

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest


def editor_of(request: HttpRequest) -> User:
    """The signed-in account making an admin request."""
    user = request.user
    if not isinstance(user, User):  # AnonymousUser is not one
        raise PermissionDenied
    return user
