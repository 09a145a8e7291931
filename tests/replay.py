"""A loopback HTTP server that replays recorded responses, for the tests of fetch and enrich.

Each route ("/api/daily_papers?date=2024-03-15&limit=100&p=0": the path and query, the query in
any order) has a queue of replies served one per request; the last reply repeats. Unknown routes
answer 404. Every request is recorded, so tests can check what was asked.
"""

from __future__ import annotations

import socket
import struct
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

RECORDED = Path(__file__).resolve().parent / "fixtures" / "api"


@dataclass(frozen=True)
class Reply:
    """One recorded response: status, headers, body (bytes, or a file under tests/fixtures/api/)."""

    status: int = 200
    body: bytes | str = b"[]"
    headers: tuple[tuple[str, str], ...] = (("Content-Type", "application/json; charset=utf-8"),)
    cut: bool = False  # announce the whole body, send half of it, close the connection
    broken: str = ""  # "chunked": send half the body as chunks, close; "reset": send half, reset the connection
    delay: float = 0  # seconds to wait before answering (the request is recorded at once)
    trickle: float = 0  # seconds between the body's bytes, sent one at a time (each gap under the read timeout)
    trickle_head: float = 0  # seconds between the bytes of the status line and headers, sent one at a time

    def content(self) -> bytes:
        return (RECORDED / self.body).read_bytes() if isinstance(self.body, str) else self.body


def route(path: str, **query: object) -> str:
    """The key of a request: its path and its sorted query."""
    return path + "?" + "&".join(f"{k}={v}" for k, v in sorted(query.items()))


@dataclass
class Replay:
    routes: dict[str, list[Reply]]
    asked: list[str] = field(default_factory=list)
    url: str = ""


@contextmanager
def replay(routes: dict[str, list[Reply]]) -> Iterator[Replay]:
    """Serve routes on 127.0.0.1 at a free port, in a thread; yield the Replay (its url is the base URL)."""
    state = Replay({k: list(v) for k, v in routes.items()})
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            key = parts.path + "?" + "&".join(f"{k}={v}" for k, v in sorted(parse_qsl(parts.query)))
            with lock:
                state.asked.append(key)
                queue = state.routes.get(key)
                if not queue:
                    reply = Reply(404, b'{"error":"Not Found"}')
                else:
                    reply = queue.pop(0) if len(queue) > 1 else queue[0]
            body = reply.content()
            time.sleep(reply.delay)
            if reply.trickle_head:
                head = [f"HTTP/1.1 {reply.status} {HTTPStatus(reply.status).phrase}"]
                head += [f"{name}: {value}" for name, value in reply.headers]
                head += [f"Content-Length: {len(body)}", "", ""]
                for byte in "\r\n".join(head).encode("latin-1"):
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    time.sleep(reply.trickle_head)
                self.wfile.write(body)
                return
            self.send_response(reply.status)
            for name, value in reply.headers:
                self.send_header(name, value)
            if reply.broken:
                self.break_off(reply.broken, body[: len(body) // 2])
                return
            self.send_header("Content-Length", str(len(body)))
            if reply.cut:
                self.send_header("Connection", "close")
            self.end_headers()
            if reply.trickle:
                for byte in body:
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    time.sleep(reply.trickle)
                return
            self.wfile.write(body[: len(body) // 2] if reply.cut else body)
            if reply.cut:
                self.wfile.flush()
                self.close_connection = True

        def break_off(self, how: str, half: bytes) -> None:
            """Send half a body, then end the connection midway: as chunks then closed, or reset (RST)."""
            if how == "chunked":
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                self.wfile.write(b"%x\r\n%s\r\n" % (len(half), half))
            else:
                self.send_header("Content-Length", str(2 * len(half) + 1))
                self.end_headers()
                self.wfile.write(half)
                self.wfile.flush()
                time.sleep(0.05)  # the half arrives before the reset
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.wfile.flush()
            self.connection.close()
            self.close_connection = True

        def log_message(self, format: str, *args: object) -> None:
            pass

    class Server(ThreadingHTTPServer):
        def handle_error(self, request: object, client_address: object) -> None:
            if not isinstance(sys.exc_info()[1], ConnectionError):  # a client that stopped reading (a cap)
                super().handle_error(request, client_address)  # type: ignore[arg-type]

    server = Server(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
