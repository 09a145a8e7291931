"""The HTTP client for the Hugging Face Hub: timeouts, retries with backoff, one-line errors.

requests with urllib3's `Retry`: 429 and 5xx answers are retried with exponential backoff
(0, 1, 2, 4 ... s, at most 60) and a `Retry-After` header is honoured (at most 120 s); so are
connection failures. huggingface_hub's `HfApi.list_daily_papers` covers the endpoint but yields
parsed `PaperInfo` objects (dropping fields) and does not retry, and the raw response is what
gets saved; requests is already installed with MkDocs.
"""

from __future__ import annotations

import json
import os
import re
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from ..errors import GeneratorError

DEFAULT_ENDPOINT = "https://huggingface.co"
TIMEOUT = (10, 60)  # seconds to connect, seconds between bytes
RETRY_STATUSES = (429, 500, 502, 503, 504)
USER_AGENT = "paper-digests/0.1 (python -m generator fetch)"


class FetchError(GeneratorError):
    """The Hub could not be asked, or answered something unusable; `path` is the URL."""


def endpoint() -> str:
    """The Hub's base URL: $HF_ENDPOINT (huggingface_hub's convention), else https://huggingface.co."""
    return (os.environ.get("HF_ENDPOINT") or DEFAULT_ENDPOINT).rstrip("/")


def session(retries: int = 5, backoff: float = 0.5) -> requests.Session:
    """Return a session that retries GETs on connection errors, 429 and 5xx, honouring Retry-After."""
    retry = Retry(
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
        retry_after_max=120,
        raise_on_status=False,
    )
    client = requests.Session()
    adapter = HTTPAdapter(max_retries=retry)
    client.mount("http://", adapter)
    client.mount("https://", adapter)
    client.headers["User-Agent"] = USER_AGENT
    client.headers["Accept"] = "application/json"
    return client


def _reason(exc: BaseException) -> str:
    """The innermost cause of a requests error in a few words ("Connection refused", "timed out")."""
    if isinstance(exc, requests.Timeout):
        return "timed out"
    if isinstance(exc, requests.exceptions.ChunkedEncodingError):
        return "the response was cut short"
    text = str(exc)
    match = re.search(r"\[Errno -?\d+\] ([^'\")\]]+)", text)
    if match:
        return match.group(1).strip()
    if "IncompleteRead" in text or "Connection broken" in text:
        return "the response was cut short"
    return text.splitlines()[0][:200] if text else type(exc).__name__


def get_json(client: requests.Session, url: str, params: dict[str, Any]) -> Any:
    """GET url and decode its JSON body; raise FetchError (one line, naming the URL) on any failure."""
    prepared = requests.Request("GET", url, params=params).prepare().url or url
    try:
        response = client.get(url, params=params, timeout=TIMEOUT)
        body = response.content
    except requests.RequestException as exc:
        raise FetchError(prepared, None, f"request failed: {_reason(exc)}") from None
    if response.status_code != 200:
        retries = getattr(response.raw, "retries", None)
        tries = len(retries.history) + 1 if retries is not None else 1
        after = f" after {tries} tries" if tries > 1 else ""
        raise FetchError(prepared, None, f"HTTP {response.status_code} {response.reason}{after}")
    try:
        return json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        where = f"line {exc.lineno}: {exc.msg}" if isinstance(exc, json.JSONDecodeError) else "not UTF-8"
        raise FetchError(prepared, None, f"the response is not valid JSON ({where})") from None
