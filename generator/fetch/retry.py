"""Retries with backoff, and the session that makes them; a failed request in a few plain words.

requests with urllib3's `Retry`: 429 and 5xx answers are retried with exponential backoff
(0, 1, 2, 4 ... s, at most 60) and a `Retry-After` header is honoured (at most 120 s); so are
connection failures. Redirects are left to the caller (client._follow), which reads no redirect's body.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import http.client
import re
import socket
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urlsplit

import requests
import urllib3.exceptions
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.util.retry import Retry

from .body import ACCEPT_ENCODING

TIMEOUT = (10, 60)  # seconds to connect, seconds between bytes
DEADLINE = 180  # seconds an answer's body may take in all, however steadily it trickles (--deadline)
RETRY_STATUSES = (429, 500, 502, 503, 504)
RETRY_AFTER_MAX = 120  # seconds: a longer Retry-After gives up with a message instead of waiting
WAIT_NOTICE = 5  # seconds: a wait before a retry this long or longer is said, not sat through silently
USER_AGENT = "paper-digests/0.1 (python -m generator fetch)"
DEFAULT_PORTS = {"http": 80, "https": 443}

Log = Callable[[str], None]


def origin(scheme: str | None, host: str | None, port: int | None) -> str:
    """An address's origin as a person writes it: `https://huggingface.co`, `http://127.0.0.1:8080`."""
    scheme = (scheme or "http").lower()
    host = (f"[{host}]" if host and ":" in host else host or "?").lower()
    shown = f":{port}" if port and port != DEFAULT_PORTS.get(scheme) else ""
    return f"{scheme}://{host}{shown}"


def url_origin(url: str) -> str:
    """The origin of a URL (see origin)."""
    parts = urlsplit(url)
    return origin(parts.scheme, parts.hostname, parts.port)


class HubRetry(Retry):
    """urllib3's Retry that says when it waits long, and gives up on a Retry-After past RETRY_AFTER_MAX.

    urllib3 would cut such a wait to the cap and ask again too early; the Hub meant "later", so the
    429 (or 503) comes back as the answer and get_json says how long the Hub asked to wait.
    hub: the Hub's origin; a wait for another (a redirect's target) names that one instead.
    """

    def __init__(self, *args: Any, log: Log | None = None, hub: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.log, self.hub = log, hub
        self.asking: str | None = None  # the origin the last attempt asked

    def new(self, **kw: Any) -> HubRetry:
        retry = super().new(**kw)
        retry.log, retry.hub, retry.asking = self.log, self.hub, self.asking
        return retry

    def asked_wait(self, response: Any) -> float | None:
        """The seconds a response's Retry-After asks for, uncapped; None without a valid one."""
        header = response.headers.get("Retry-After") if response is not None else None
        if not header or not self.respect_retry_after_header:
            return None
        try:
            return Retry(retry_after_max=10**9).parse_retry_after(header)
        except urllib3.exceptions.InvalidHeader:
            return None

    def increment(self, method: Any = None, url: Any = None, response: Any = None, *args: Any, **kw: Any) -> HubRetry:
        asked = self.asked_wait(response)
        if asked is not None and asked > self.retry_after_max:
            reason = urllib3.exceptions.ResponseError("Retry-After")
            raise urllib3.exceptions.MaxRetryError(kw.get("_pool"), url, reason)  # type: ignore[arg-type]
        retry = super().increment(method, url, response, *args, **kw)
        pool = kw.get("_pool")
        if pool is not None:
            retry.asking = origin(pool.scheme, pool.host, pool.port)
        return retry

    def sleep(self, response: Any = None) -> None:
        asked = self.asked_wait(response)
        wait = asked if asked is not None else self.get_backoff_time()
        if wait >= WAIT_NOTICE and self.log is not None:
            last = self.history[-1] if self.history else None
            who = "the Hub" if self.asking is None or self.asking == self.hub else self.asking
            if last and last.status:
                why = f"{who} answered HTTP {last.status}"
            else:
                why = f"asking {who} failed ({why_failed(last.error) if last and last.error else '?'})"
            after = " as its Retry-After asks" if asked is not None else ""
            done = len(self.history)
            self.log(f"{why}: waiting {wait:g} s{after}, then retry {done} of {done + (self.total or 0)}")
        if wait > 0:
            time.sleep(wait)


class HeadersTooSlow(TimeoutError):
    """An answer's status line and headers were not whole by the deadline (_HeadersDeadline)."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"the answer's headers were not whole after {seconds:g} s")
        self.seconds = seconds


class Watchdog:
    """Bound a blocking read in all, not only between bytes (the read timeout): once `seconds` pass,
    shut down the socket `sock()` gives (if any), so that a read of bytes trickling one at a time
    returns; `over` tells whether that happened. Once left, it shuts nothing down."""

    def __init__(self, seconds: float, sock: Callable[[], socket.socket | None]) -> None:
        self.sock = sock
        self.lock = threading.Lock()  # the timer shuts nothing down once the reading is over
        self.over = self.done = False
        self.timer = threading.Timer(seconds, self.expire)
        self.timer.daemon = True

    def expire(self) -> None:
        with self.lock:
            if self.done:
                return
            self.over = True
            sock = self.sock()
            if sock is not None:
                with contextlib.suppress(OSError):  # closed meanwhile
                    sock.shutdown(socket.SHUT_RDWR)  # a blocked read returns at once

    def __enter__(self) -> Watchdog:
        self.timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.timer.cancel()
        with self.lock:
            self.done = True


# The seconds left for the status lines and headers of the answers asked within headers_within().
_headers_left: contextvars.ContextVar[list[float] | None] = contextvars.ContextVar("headers_left", default=None)


@contextlib.contextmanager
def headers_within(seconds: float) -> Iterator[None]:
    """Bound the waits for the status lines and headers of every answer asked within, together, to
    `seconds`: the hops of a redirect chain, each of which _HeadersDeadline bounds on its own, and
    their retries (a 25-hop chain of slow headers took 40 s with --deadline 2). The waits between
    retries (backoff, Retry-After) do not count."""
    token = _headers_left.set([seconds])
    try:
        yield
    finally:
        _headers_left.reset(token)


class _HeadersDeadline(HTTPConnection):
    """A connection that bounds the wait for an answer's status line and headers in all (Watchdog):
    headers trickling a byte at a time stop at `deadline` seconds, or sooner within headers_within(),
    and HeadersTooSlow is raised (urllib3 retries it as a read timeout). client.Deadline bounds the
    body the same way."""

    deadline: float = DEADLINE

    def getresponse(self) -> Any:  # urllib3's BaseHTTPResponse
        left = _headers_left.get()
        watch = Watchdog(self.deadline if left is None else min(self.deadline, left[0]), lambda: self.sock)
        start = time.monotonic()
        try:
            with watch:
                response = super().getresponse()
        except Exception:
            if watch.over:
                raise HeadersTooSlow(self.deadline) from None
            raise
        finally:
            if left is not None:
                left[0] = max(0.0, left[0] - (time.monotonic() - start))
        if watch.over:  # the headers came as the timer shut the socket down: the body cannot be read
            response.release_conn()
            raise HeadersTooSlow(self.deadline)
        response.drain_conn = functools.partial(_discard, response)  # type: ignore[method-assign]
        return response


def _discard(response: Any) -> None:
    """Close an answer urllib3 retries (429, 5xx) rather than read its body to the end to reuse the
    connection (its drain_conn), which no deadline bounds: a body trickling a byte at a time kept
    every retry waiting without end. The next attempt opens a new connection."""
    with contextlib.suppress(Exception):  # closed meanwhile: nothing left to do
        response.close()


def _bounded_pools(deadline: float) -> dict[str, type[HTTPConnectionPool]]:
    """Pool classes whose connections bound the wait for headers to `deadline` seconds, by scheme."""
    attributes = {"deadline": deadline}
    plain = type("BoundedHTTPConnection", (_HeadersDeadline, HTTPConnection), attributes)
    secure = type("BoundedHTTPSConnection", (_HeadersDeadline, HTTPSConnection), attributes)
    return {
        "http": type("BoundedHTTPConnectionPool", (HTTPConnectionPool,), {"ConnectionCls": plain}),
        "https": type("BoundedHTTPSConnectionPool", (HTTPSConnectionPool,), {"ConnectionCls": secure}),
    }


class HubSession(requests.Session):
    """A session that leaves redirects to _follow: requests reads a redirect's body whole, decompressed,
    before following it, even with allow_redirects=False (a gzip bomb in a 302 passed any limit).

    deadline: the seconds an answer's body may take in all (client.get_json stops reading it then)."""

    deadline: float = DEADLINE

    def get_redirect_target(self, resp: requests.Response) -> None:
        return None


def session(
    retries: int = 5,
    backoff: float = 0.5,
    log: Log | None = None,
    hub: str | None = None,
    deadline: float = DEADLINE,
) -> HubSession:
    """Return a session that retries GETs on connection errors, 429 and 5xx, honouring Retry-After.

    log: told of every wait of WAIT_NOTICE seconds or more before a retry.
    hub: the Hub's base URL; a wait for another address (a redirect's target) names it.
    deadline: the seconds an answer's body may take in all (HubSession.deadline), and its status
    line and headers, before it, too (_HeadersDeadline).
    """
    retry = HubRetry(
        total=retries,
        connect=retries,
        read=retries,
        status=retries,
        other=0,
        backoff_factor=backoff,
        backoff_max=60,
        status_forcelist=RETRY_STATUSES,
        allowed_methods=frozenset({"GET"}),
        respect_retry_after_header=True,
        retry_after_max=RETRY_AFTER_MAX,
        raise_on_status=False,
        log=log,
        hub=url_origin(hub) if hub else None,
    )
    client = HubSession()
    client.deadline = deadline
    adapter = HTTPAdapter(max_retries=retry)
    adapter.poolmanager.pool_classes_by_scheme = _bounded_pools(deadline)  # type: ignore[assignment]
    client.mount("http://", adapter)
    client.mount("https://", adapter)
    client.headers["User-Agent"] = USER_AGENT
    client.headers["Accept"] = "application/json"
    client.headers["Accept-Encoding"] = ACCEPT_ENCODING  # not br nor zstd, even when installed
    return client


def causes(exc: BaseException | None) -> list[BaseException]:
    """The exception and what it wraps (requests -> urllib3's MaxRetryError -> its reason -> ...)."""
    chain: list[BaseException] = []
    while exc is not None and exc not in chain and len(chain) < 10:
        chain.append(exc)
        inner = getattr(exc, "reason", None)
        if not isinstance(inner, BaseException):
            first = exc.args[0] if exc.args else None
            inner = first if isinstance(first, BaseException) else exc.__cause__ or exc.__context__
        exc = inner
    return chain


def why_failed(exc: BaseException | None, retries: int = 0) -> str:
    """A requests or urllib3 error in a few plain words: "Connection refused", "timed out after 60 s".

    retries: how many the session makes; said when they were all used (urllib3's MaxRetryError).
    """
    chain = causes(exc)
    tried = any(isinstance(e, urllib3.exceptions.MaxRetryError) for e in chain) and retries > 0
    after = f" (after {retries} retr{'ies' if retries != 1 else 'y'})" if tried else ""
    if slow := next((error for error in chain if isinstance(error, HeadersTooSlow)), None):
        return f"too slow: {slow} (--deadline){after}"  # urllib3 wraps it in a read timeout
    for error in chain:
        if isinstance(error, urllib3.exceptions.NewConnectionError):  # a ConnectTimeoutError, for history
            break
        if isinstance(error, (urllib3.exceptions.ConnectTimeoutError, requests.ConnectTimeout)):
            return f"timed out after {TIMEOUT[0]:g} s connecting{after}"
        if isinstance(error, (urllib3.exceptions.ReadTimeoutError, requests.ReadTimeout, TimeoutError)):
            return f"timed out after {TIMEOUT[1]:g} s waiting for the answer{after}"
    for error in chain:
        if isinstance(error, (requests.exceptions.ChunkedEncodingError, http.client.IncompleteRead)):
            return f"the response was cut short{after}"
        if isinstance(error, (urllib3.exceptions.SSLError, requests.exceptions.SSLError)):
            return f"TLS failed{after}: {one_line(error)}"
    for error in chain:  # ProtocolError("Connection aborted.", ConnectionResetError(104, ...)): its own words
        for arg in getattr(error, "args", ()):
            if isinstance(arg, OSError) and arg.strerror:
                return arg.strerror + after
    text = " ".join(str(e) for e in chain)
    match = re.search(r"\[Errno -?\d+\] ([^'\")\[\]]+)", text)  # up to the next bracket: "... [Errno 111] ..." twice
    if match:
        return match.group(1).strip() + after
    if "IncompleteRead" in text or "Connection broken" in text:
        return f"the response was cut short{after}"
    return one_line(chain[-1] if chain else exc) + after


def one_line(exc: BaseException | None) -> str:
    """An error's own message, on one line, at most about 120 characters, cut between words."""
    text = " ".join(str(exc).split()) if exc is not None else ""
    if not text:
        return type(exc).__name__ if exc is not None else "unknown error"
    if len(text) > 120:
        text = text[:120].rsplit(" ", 1)[0] + " ..."
    return text


def retries_of(client: requests.Session, url: str) -> int:
    """How many retries the session makes for url (its adapter's Retry)."""
    adapter = client.get_adapter(url)
    retry = getattr(adapter, "max_retries", None)
    return int(retry.total or 0) if isinstance(retry, Retry) else 0
