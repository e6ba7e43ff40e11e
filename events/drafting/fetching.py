"""Fetching a report an editor names by its address (only where FETCH_ONLINE is on): from the
public internet only. The server must never become the editor's way into its own network: a
name that resolves to a loopback, private, link-local (cloud metadata) or reserved address is
refused, and so is every redirect to one, each hop checked before it is followed."""

import ipaddress
import socket
import urllib.error
import urllib.request
from typing import Any
from urllib.parse import urlsplit


class FetchRefused(ValueError):
    """Why this address is not fetched; said to the editor as it is."""


def address_problem(url: str) -> str:
    """Why `url` may not be fetched from here, or "" when it may."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "Give an http:// or https:// address."
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
        found = socket.getaddrinfo(parts.hostname, port, proto=socket.IPPROTO_TCP)
    except (OSError, ValueError, UnicodeError):
        return f"{parts.hostname} cannot be found."
    for *_, address in found:
        ip = ipaddress.ip_address(str(address[0]).split("%", 1)[0])
        if not ip.is_global or ip.is_multicast:
            return f"{parts.hostname} is not on the public internet ({ip}): it is not fetched."
    return ""


class _CheckedRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req: Any, fp: Any, code: int, msg: str, headers: Any,
                         newurl: str) -> Any:  # fmt: skip
        problem = address_problem(newurl)
        if problem:
            raise FetchRefused(f"It redirects to {newurl[:100]}: {problem}")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch_public(url: str, *, max_bytes: int, timeout: float = 10) -> bytes:
    problem = address_problem(url)
    if problem:
        raise FetchRefused(problem)
    opener = urllib.request.build_opener(_CheckedRedirects)
    try:
        with opener.open(url, timeout=timeout) as response:
            data: bytes = response.read(max_bytes)
    except FetchRefused:
        raise
    except (OSError, ValueError, urllib.error.URLError) as error:
        raise FetchRefused(f"Could not fetch it: {error}.") from None
    return data
