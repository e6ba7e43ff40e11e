"""A Nominatim stand-in on 127.0.0.1: geopy talks to it over real HTTP."""

import contextlib
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse


class FakeNominatim:
    """Answers /search from `places`; `mode` switches to slow answers or HTTP 429."""

    def __init__(self, places: dict[str, tuple[float, float, str]]):
        self.places = places
        self.mode = "ok"
        self.delay = 0.0
        self.requests: list[tuple[float, str]] = []  # (monotonic time, q)
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                query = parse_qs(urlparse(self.path).query).get("q", [""])[0]
                fake.requests.append((time.monotonic(), query))
                if fake.mode == "slow":
                    time.sleep(fake.delay)
                if fake.mode == "429":
                    self.send_response(429)
                    self.end_headers()
                    return
                found = fake.places.get(query.casefold())
                body = (
                    []
                    if not found
                    else [
                        {
                            "lat": str(found[0]),
                            "lon": str(found[1]),
                            "display_name": found[2],
                            "place_id": 1,
                            "class": "place",
                            "type": "village",
                        }
                    ]
                )
                payload = json.dumps(body).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                with contextlib.suppress(BrokenPipeError):  # the client timed out, as meant
                    self.wfile.write(payload)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.domain = f"127.0.0.1:{self.server.server_port}"
        # shutdown() waits for the serving loop's next poll: at the default 0.5 s, that was
        # half a second after every test that used the fake.
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
