"""The HTTP client for the Hugging Face Hub: one GET, its answer judged, a one-line error.

The session (retry.session) retries with backoff; get_json reads the body (body.decoded) and says
what went wrong in a line naming the URL. huggingface_hub's `HfApi.list_daily_papers` covers the
endpoint but yields parsed `PaperInfo` objects (dropping fields) and does not retry, and the raw
response is what gets saved; requests is already installed with MkDocs.
"""

from __future__ import annotations

import http.client
import json
import math
import os
import re
import socket
import time
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests
import urllib3.exceptions

from ..errors import GeneratorError
from ..sources import json_array
from ..sources.clean import escaped
from ..sources.files import DEFAULT_LIMIT
from . import retry
from .body import CHUNK, Misencoded, Over, Truncated, decoded
from .retry import RETRY_AFTER_MAX, RETRY_STATUSES, HubRetry, causes, one_line, retries_of, why_failed

DEFAULT_ENDPOINT = "https://huggingface.co"
CUT_SHORT_BACKOFF = 0.5  # seconds before asking again for an answer cut short, doubled each time


def limit_setting(config_name: str) -> str:
    """The setting that bounds an answer's size, in the settings file read (--config)."""
    return f"extra.generator.max_digest_mb in {config_name}"


LIMIT_SETTING = limit_setting("mkdocs.yml")  # as the default settings file names it


class FetchError(GeneratorError):
    """The Hub could not be asked, or answered something unusable; `path` is the URL."""


class BadAnswer(FetchError):
    """The Hub answered this request, but with nothing usable: a status that asking again would not
    change (404, 400: not 429 nor 5xx), a body that is not JSON (an HTML page with status 200), or
    JSON of another shape (UnexpectedAnswer). Another request may fare better: the Hub is up."""


class TooLarge(BadAnswer):
    """The answer's body, decompressed, is larger than the limit asked (max_digest_mb): reading stopped there."""


class Refused(BadAnswer):
    """The Hub answered 401 Unauthorized or 403 Forbidden: it wants a login (none is sent) or refuses this client."""


class UnexpectedAnswer(BadAnswer):
    """The Hub answered JSON of another shape than asked for (an object where a list belongs)."""


class HubUnreachable(FetchError):
    """No connection could be made (refused, no such host, timed out connecting), or the Hub asks to
    wait longer than RETRY_AFTER_MAX: asking for another day at once would fail the same way.

    `why` says which, in a few words ("the Hub cannot be reached")."""

    def __init__(self, path: str, line: int | None, message: str, why: str = "the Hub cannot be reached") -> None:
        super().__init__(path, line, message)
        self.why = why


def endpoint() -> str:
    """The Hub's base URL: $HF_ENDPOINT (huggingface_hub's convention), else https://huggingface.co.

    Raises FetchError (path "HF_ENDPOINT") unless it is an http(s) URL with a host, checked before
    anything is asked, so a typo is one line rather than a traceback from deep in requests.
    """
    value = os.environ.get("HF_ENDPOINT") or DEFAULT_ENDPOINT
    try:
        parts = urlsplit(value.strip())
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
        valid = parts.scheme in ("http", "https") and bool(parts.hostname)
        requests.Request("GET", value.strip()).prepare()
    except (ValueError, requests.RequestException):
        valid = False
    if not valid:
        shown = value if len(value) <= 80 else value[:77] + "..."
        raise FetchError("HF_ENDPOINT", None, f"not an http(s) URL: {shown!r} (for example https://huggingface.co)")
    return value.strip().rstrip("/")


def _misencoded(exc: BaseException) -> str | None:
    """Say that a body is not in the Content-Encoding its response claims (gzip that is not gzip), or None."""
    for error in causes(exc):
        if isinstance(error, (urllib3.exceptions.DecodeError, requests.exceptions.ContentDecodingError)):
            # urllib3: "Received response with content-encoding: gzip, but failed to decode it."
            named = re.search(r"content-encoding: ([^,\s]+)", str(error), re.I)
            encoding = escaped(named[1]) if named else None
            if encoding is None:
                return "the response's body is not in the Content-Encoding it claims"
            return f"the response says Content-Encoding: {encoding}, but its body is not {encoding}"
    return None


def _unreachable(exc: BaseException) -> bool:
    """Whether no connection was made at all: refused, no such host, timed out connecting."""
    connect = (urllib3.exceptions.ConnectTimeoutError, requests.ConnectTimeout, ConnectionRefusedError)
    return any(isinstance(error, connect) for error in causes(exc))


# What asking can raise besides requests' own errors: urllib3's and http.client's when a response
# is read outside requests' wrapping, OSError from the socket, ValueError from a URL's parts.
NETWORK_ERRORS = (
    requests.RequestException,
    urllib3.exceptions.HTTPError,
    http.client.HTTPException,
    OSError,
    ValueError,
)


def _failed(address: Any, prepared: str) -> tuple[str, str]:
    """The address to name for a failure, and what to add: a redirect's target and where it came from."""
    if not isinstance(address, str) or not address or address == prepared:
        return prepared, ""
    return address, f"; redirected there from {prepared}"


class Overflow(float):
    """A number the answer writes (`1e400`) that a float cannot hold: infinite, with its text kept."""

    text: str

    def __new__(cls, text: str) -> Overflow:
        number = super().__new__(cls, text)
        number.text = text
        return number


def _float(text: str) -> float:
    number = float(text)
    return number if math.isfinite(number) else Overflow(text)


def _duration(seconds: float) -> str:
    """A wait as a person reads it: `3600 s`, or in days from one day on (`11,575 days`, not `1e+09 s`)."""
    if seconds < 86_400:
        return f"{math.ceil(seconds)} s"
    days = math.ceil(seconds / 86_400)
    return f"{days:,} day{'s' if days != 1 else ''}"


def get_json(
    client: requests.Session, url: str, params: dict[str, Any], limit: int = DEFAULT_LIMIT, setting: str = LIMIT_SETTING
) -> Any:
    """GET url and decode its JSON body; raise FetchError (one line, naming the URL) on any failure.

    After a redirect, the error names the address that failed, and the URL that redirected there.
    A body larger than limit bytes, decompressed, raises TooLarge: it is read (and decompressed)
    a chunk at a time and never held past the limit, so a gzip bomb costs no more memory than that;
    its message says to raise `setting` (limit_setting: the settings file read).
    """
    return _get(client, url, params, limit, setting)[0]


KINDS = {dict: "an object", str: "a string", bool: "true or false", type(None): "null"}
QUOTED = 80  # characters of a body an error quotes at most


def get_array(
    client: requests.Session,
    url: str,
    params: dict[str, Any],
    what: str,
    limit: int = DEFAULT_LIMIT,
    setting: str = LIMIT_SETTING,
) -> list[Any]:
    """get_json for an answer that must be a JSON array (of `what`); raise UnexpectedAnswer for any
    other JSON, naming the whole URL asked and quoting the start of the body."""
    return get_page(client, url, params, what, limit, setting)[0]


def get_page(
    client: requests.Session,
    url: str,
    params: dict[str, Any],
    what: str,
    limit: int = DEFAULT_LIMIT,
    setting: str = LIMIT_SETTING,
    before: int = 0,
) -> tuple[list[Any], int]:
    """get_array for one page of several that limit bounds together: return the page and its size
    (decompressed); raise TooLarge once the page and the `before` bytes of the pages before it pass
    limit, reading no further."""
    value, body, where, via = _get(client, url, params, limit, setting, before)
    if isinstance(value, list):
        return value, len(body)
    kind = KINDS.get(type(value), "a number")
    start = escaped(" ".join(body.decode("utf-8", "replace").split()))
    shown = start if len(start) <= QUOTED else start[:QUOTED] + "…"
    raise UnexpectedAnswer(where, None, f"expected a JSON array of {what}, got {kind}: '{shown}'{via}")


class TooSlow(Exception):
    """An answer's body was not whole by the session's deadline (Deadline)."""


def _socket(response: requests.Response) -> socket.socket | None:
    """The socket a streamed response's body is read from, or None once it is closed.

    urllib3 keeps the connection (and its socket) while the body is read, unless the answer said
    `Connection: close`: then http.client has let go of the connection, and only the response's
    file (a SocketIO over the socket) holds it.
    """
    sock = getattr(getattr(response.raw, "connection", None), "sock", None)
    if sock is None:  # the socket under http.client's buffered reader: fp.raw is a socket.SocketIO
        sock = getattr(getattr(getattr(getattr(response.raw, "_fp", None), "fp", None), "raw", None), "_sock", None)
    return sock if isinstance(sock, socket.socket) else None


class Deadline(retry.Watchdog):
    """Bound the reading of a response's body in all (retry.Watchdog on its socket), so that a body
    trickling a byte at a time stops; on leaving, raise TooSlow if it was stopped, whatever reading
    raised meanwhile (the body cut off)."""

    def __init__(self, response: requests.Response, seconds: float) -> None:
        super().__init__(seconds, lambda: _socket(response))

    def __exit__(self, *exc: object) -> None:
        super().__exit__(*exc)
        if self.over:
            raise TooSlow from None


def _follow(client: requests.Session, url: str, params: dict[str, Any]) -> requests.Response:
    """GET url (streamed, its body unread), following at most client.max_redirects redirects.

    A redirect is closed unread (see HubSession). The answer's `history` holds the redirects; raise
    TooManyRedirects (its request the last one asked) past the limit.
    """
    response = client.get(url, params=params, timeout=retry.TIMEOUT, stream=True, allow_redirects=False)
    history: list[requests.Response] = []
    while response.is_redirect:
        response.close()  # unread: nothing of a redirect's body is used
        if len(history) >= client.max_redirects:
            raise requests.TooManyRedirects(f"Exceeded {client.max_redirects} redirects.", response=response)
        history.append(response)
        target = urljoin(
            response.url, requests.utils.requote_uri(requests.Session.get_redirect_target(client, response) or "")
        )
        response = client.get(target, timeout=retry.TIMEOUT, stream=True, allow_redirects=False)
    response.history = history
    return response


def _get(
    client: requests.Session, url: str, params: dict[str, Any], limit: int, setting: str, before: int = 0
) -> tuple[Any, bytes, str, str]:
    """get_json's work: return the value, the body, the address answering, and what to add after it
    (where the redirect came from: _failed). before: bytes already read that limit bounds too (get_page)."""
    try:
        prepared = requests.Request("GET", url, params=params).prepare().url or url
    except NETWORK_ERRORS as exc:
        raise FetchError(url, None, f"not a URL that can be asked: {one_line(exc)}") from None
    retries = retries_of(client, url)
    deadline = getattr(client, "deadline", retry.DEADLINE)
    for attempt in range(retries + 1):
        answering = None  # the address that answered, once one has (a redirect's target)
        reading = False  # whether the body was being read: a connection broken then cut the answer short
        try:
            with retry.headers_within(deadline):  # the redirects' headers together, not each
                response = _follow(client, url, params)
            answering = response.url if response.history else None
            try:
                with Deadline(response, deadline):
                    encoding = str(response.headers.get("Content-Encoding") or "")
                    chunks = response.raw.stream(CHUNK, decode_content=False)
                    reading = True
                    body = decoded(chunks, encoding, limit - before) if response.status_code == 200 else b""
            finally:
                response.close()
            break
        except Over:
            where, via = _failed(answering, prepared)
            unpacked = f" once decompressed ({escaped(encoding.strip())})" if encoding.strip() else ""
            what = f"with the {before:,} bytes of the pages before it, the page" if before else "the answer"
            message = f"{what} is larger than {limit:,} bytes{unpacked}: not read (raise {setting})"
            raise TooLarge(where, None, message + via) from None
        except Misencoded as exc:  # not a passing fault: asking again gets the same body
            where, via = _failed(answering, prepared)
            raise BadAnswer(where, None, f"{exc.args[0]}{via}") from None
        except requests.TooManyRedirects as exc:  # a loop, not a passing fault: never asked again
            last = getattr(exc.request, "url", None) or "?"
            message = f"redirected more than {client.max_redirects} times (a redirect loop?), the last time by {last}"
            raise FetchError(prepared, None, f"request failed: {message}") from None
        except (*NETWORK_ERRORS, Truncated, TooSlow) as exc:  # Truncated: a gzip or deflate stream without its end
            if misencoded := _misencoded(exc):  # not a passing fault: asking again gets the same body
                where, via = _failed(getattr(getattr(exc, "request", None), "url", None) or answering, prepared)
                raise FetchError(where, None, misencoded + via) from None
            reason = why_failed(exc, retries)
            if reading and not reason.startswith("timed out"):  # a chunk's size cut off, a reset: mid-body
                reason = "the response was cut short"
            if isinstance(exc, TooSlow):
                reason = f"too slow: the answer was not whole after {deadline:g} s (--deadline)"
            again = isinstance(exc, TooSlow) or reason.startswith("the response was cut short")  # asked again here
            if not again or attempt == retries:  # urllib3 retried the rest already
                after = f" (after {attempt} retr{'ies' if attempt != 1 else 'y'})" if again and attempt else ""
                where, via = _failed(getattr(getattr(exc, "request", None), "url", None) or answering, prepared)
                kind = HubUnreachable if _unreachable(exc) else FetchError
                raise kind(where, None, f"request failed: {reason}{after}{via}") from None
            time.sleep(CUT_SHORT_BACKOFF * 2**attempt)
    where, via = _failed(response.url if response.history else None, prepared)
    if response.status_code != 200:
        history = getattr(response.raw, "retries", None)
        tries = len(history.history) + 1 if history is not None else 1
        after = f" after {tries} tries" if tries > 1 else ""
        message = f"HTTP {response.status_code} {escaped(str(response.reason or ''))}{after}"  # the Hub's words
        asked = HubRetry().asked_wait(response.raw) if response.status_code in RETRY_STATUSES else None
        if asked is not None and asked > RETRY_AFTER_MAX:
            wait = f"{_duration(asked)} (Retry-After), more than {RETRY_AFTER_MAX} s"
            message += f": the Hub asks to wait {wait}; try again later"
            raise HubUnreachable(where, None, message + via, why="the Hub asks to wait")
        if response.status_code in (401, 403):
            raise Refused(where, None, message + via)
        kind = FetchError if response.status_code in RETRY_STATUSES or response.status_code < 400 else BadAnswer
        raise kind(where, None, message + via)
    try:
        return json.loads(body, parse_float=_float), body, where, via
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        line = f"line {exc.lineno}: {json_array.problem(exc)}" if isinstance(exc, json.JSONDecodeError) else "not UTF-8"
        said = escaped(str(response.headers.get("Content-Type") or ""))
        if said and "json" not in said.lower():  # an HTML page (a login wall, an error page) with status 200
            raise BadAnswer(where, None, f"the response is not JSON but {said.split(';')[0]} ({line}){via}") from None
        raise BadAnswer(where, None, f"the response is not valid JSON ({line}){via}") from None
    except RecursionError:
        raise BadAnswer(where, None, f"the response is not Daily Papers JSON (nested too deeply){via}") from None
