"""The HTTP client for the Hugging Face Hub: timeouts, retries with backoff, one-line errors.

requests with urllib3's `Retry`: 429 and 5xx answers are retried with exponential backoff
(0, 1, 2, 4 ... s, at most 60) and a `Retry-After` header is honoured (at most 120 s); so are
connection failures. huggingface_hub's `HfApi.list_daily_papers` covers the endpoint but yields
parsed `PaperInfo` objects (dropping fields) and does not retry, and the raw response is what
gets saved; requests is already installed with MkDocs.
"""

from __future__ import annotations

import http.client
import json
import math
import os
import re
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests
import urllib3.exceptions
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from ..errors import GeneratorError
from ..sources import json_array
from ..sources.clean import escaped
from ..sources.files import DEFAULT_LIMIT
from .body import ACCEPT_ENCODING, CHUNK, Misencoded, Over, Truncated, decoded

DEFAULT_ENDPOINT = "https://huggingface.co"
TIMEOUT = (10, 60)  # seconds to connect, seconds between bytes
RETRY_STATUSES = (429, 500, 502, 503, 504)
RETRY_AFTER_MAX = 120  # seconds: a longer Retry-After gives up with a message instead of waiting
CUT_SHORT_BACKOFF = 0.5  # seconds before asking again for an answer cut short, doubled each time
WAIT_NOTICE = 5  # seconds: a wait before a retry this long or longer is said, not sat through silently
USER_AGENT = "paper-digests/0.1 (python -m generator fetch)"


def limit_setting(config_name: str) -> str:
    """The setting that bounds an answer's size, in the settings file read (--config)."""
    return f"extra.generator.max_digest_mb in {config_name}"


LIMIT_SETTING = limit_setting("mkdocs.yml")  # as the default settings file names it
DEFAULT_PORTS = {"http": 80, "https": 443}

Log = Callable[[str], None]


class FetchError(GeneratorError):
    """The Hub could not be asked, or answered something unusable; `path` is the URL."""


class BadAnswer(FetchError):
    """The Hub answered this request, but with nothing usable: a status that asking again would not
    change (404, 400: not 429 nor 5xx), a body that is not JSON (an HTML page with status 200), or
    JSON of another shape (UnexpectedAnswer). Another request may fare better: the Hub is up."""


class TooLarge(BadAnswer):
    """The answer's body, decompressed, is larger than the limit asked (max_digest_mb): reading stopped there."""


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
                why = f"asking {who} failed ({_reason(last.error) if last and last.error else '?'})"
            after = " as its Retry-After asks" if asked is not None else ""
            done = len(self.history)
            self.log(f"{why}: waiting {wait:g} s{after}, then retry {done} of {done + (self.total or 0)}")
        if wait > 0:
            time.sleep(wait)


class HubSession(requests.Session):
    """A session that leaves redirects to _follow: requests reads a redirect's body whole, decompressed,
    before following it, even with allow_redirects=False (a gzip bomb in a 302 passed any limit)."""

    def get_redirect_target(self, resp: requests.Response) -> None:
        return None


def session(retries: int = 5, backoff: float = 0.5, log: Log | None = None, hub: str | None = None) -> requests.Session:
    """Return a session that retries GETs on connection errors, 429 and 5xx, honouring Retry-After.

    log: told of every wait of WAIT_NOTICE seconds or more before a retry.
    hub: the Hub's base URL; a wait for another address (a redirect's target) names it.
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
    adapter = HTTPAdapter(max_retries=retry)
    client.mount("http://", adapter)
    client.mount("https://", adapter)
    client.headers["User-Agent"] = USER_AGENT
    client.headers["Accept"] = "application/json"
    client.headers["Accept-Encoding"] = ACCEPT_ENCODING  # not br nor zstd, even when installed
    return client


def _causes(exc: BaseException | None) -> list[BaseException]:
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


def _reason(exc: BaseException | None, retries: int = 0) -> str:
    """A requests or urllib3 error in a few plain words: "Connection refused", "timed out after 60 s".

    retries: how many the session makes; said when they were all used (urllib3's MaxRetryError).
    """
    chain = _causes(exc)
    tried = any(isinstance(e, urllib3.exceptions.MaxRetryError) for e in chain) and retries > 0
    after = f" (after {retries} retr{'ies' if retries != 1 else 'y'})" if tried else ""
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
            return f"TLS failed{after}: {_words(error)}"
    text = " ".join(str(e) for e in chain)
    match = re.search(r"\[Errno -?\d+\] ([^'\")\[\]]+)", text)  # up to the next bracket: "... [Errno 111] ..." twice
    if match:
        return match.group(1).strip() + after
    if "IncompleteRead" in text or "Connection broken" in text:
        return f"the response was cut short{after}"
    return _words(chain[-1] if chain else exc) + after


def _words(exc: BaseException | None) -> str:
    """An error's own message, on one line, at most about 120 characters, cut between words."""
    text = " ".join(str(exc).split()) if exc is not None else ""
    if not text:
        return type(exc).__name__ if exc is not None else "unknown error"
    if len(text) > 120:
        text = text[:120].rsplit(" ", 1)[0] + " ..."
    return text


def _misencoded(exc: BaseException) -> str | None:
    """Say that a body is not in the Content-Encoding its response claims (gzip that is not gzip), or None."""
    for error in _causes(exc):
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
    return any(isinstance(error, connect) for error in _causes(exc))


def _retries(client: requests.Session, url: str) -> int:
    adapter = client.get_adapter(url)
    retry = getattr(adapter, "max_retries", None)
    return int(retry.total or 0) if isinstance(retry, Retry) else 0


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
    value, body, where, via = _get(client, url, params, limit, setting)
    if isinstance(value, list):
        return value
    kind = KINDS.get(type(value), "a number")
    start = escaped(" ".join(body.decode("utf-8", "replace").split()))
    shown = start if len(start) <= QUOTED else start[:QUOTED] + "…"
    raise UnexpectedAnswer(where, None, f"expected a JSON array of {what}, got {kind}: '{shown}'{via}")


def _follow(client: requests.Session, url: str, params: dict[str, Any]) -> requests.Response:
    """GET url (streamed, its body unread), following at most client.max_redirects redirects.

    A redirect is closed unread (see HubSession). The answer's `history` holds the redirects; raise
    TooManyRedirects (its request the last one asked) past the limit.
    """
    response = client.get(url, params=params, timeout=TIMEOUT, stream=True, allow_redirects=False)
    history: list[requests.Response] = []
    while response.is_redirect:
        response.close()  # unread: nothing of a redirect's body is used
        if len(history) >= client.max_redirects:
            raise requests.TooManyRedirects(f"Exceeded {client.max_redirects} redirects.", response=response)
        history.append(response)
        target = urljoin(
            response.url, requests.utils.requote_uri(requests.Session.get_redirect_target(client, response) or "")
        )
        response = client.get(target, timeout=TIMEOUT, stream=True, allow_redirects=False)
    response.history = history
    return response


def _get(
    client: requests.Session, url: str, params: dict[str, Any], limit: int, setting: str
) -> tuple[Any, bytes, str, str]:
    """get_json's work: return the value, the body, the address answering, and what to add after it
    (where the redirect came from: _failed)."""
    try:
        prepared = requests.Request("GET", url, params=params).prepare().url or url
    except NETWORK_ERRORS as exc:
        raise FetchError(url, None, f"not a URL that can be asked: {_words(exc)}") from None
    retries = _retries(client, url)
    for attempt in range(retries + 1):
        answering = None  # the address that answered, once one has (a redirect's target)
        reading = False  # whether the body was being read: a connection broken then cut the answer short
        try:
            response = _follow(client, url, params)
            answering = response.url if response.history else None
            try:
                encoding = str(response.headers.get("Content-Encoding") or "")
                chunks = response.raw.stream(CHUNK, decode_content=False)
                reading = True
                body = decoded(chunks, encoding, limit) if response.status_code == 200 else b""
            finally:
                response.close()
            break
        except Over:
            where, via = _failed(answering, prepared)
            unpacked = f" once decompressed ({escaped(encoding.strip())})" if encoding.strip() else ""
            message = f"the answer is larger than {limit:,} bytes{unpacked}: not read (raise {setting})"
            raise TooLarge(where, None, message + via) from None
        except Misencoded as exc:  # not a passing fault: asking again gets the same body
            where, via = _failed(answering, prepared)
            raise BadAnswer(where, None, f"{exc.args[0]}{via}") from None
        except requests.TooManyRedirects as exc:  # a loop, not a passing fault: never asked again
            last = getattr(exc.request, "url", None) or "?"
            message = f"redirected more than {client.max_redirects} times (a redirect loop?), the last time by {last}"
            raise FetchError(prepared, None, f"request failed: {message}") from None
        except (*NETWORK_ERRORS, Truncated) as exc:  # Truncated: a gzip or deflate stream without its end
            if misencoded := _misencoded(exc):  # not a passing fault: asking again gets the same body
                where, via = _failed(getattr(getattr(exc, "request", None), "url", None) or answering, prepared)
                raise FetchError(where, None, misencoded + via) from None
            reason = _reason(exc, retries)
            if reading and not reason.startswith("timed out"):  # a chunk's size cut off, a reset: mid-body
                reason = "the response was cut short"
            cut_short = reason.startswith("the response was cut short")
            if not cut_short or attempt == retries:  # urllib3 retried the rest already
                after = f" (after {attempt} retr{'ies' if attempt != 1 else 'y'})" if cut_short and attempt else ""
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
