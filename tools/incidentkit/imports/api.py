"""Reading a vendor's REST API: over HTTP with a token, or from a folder of saved responses.

Both answer ``get(path, params)`` with the decoded JSON body. An HTTP reading can save every
response it receives into a folder (``--save-responses``); a later import can read that folder
(``--responses``) instead of the network, offline and without a token. A response's file name
is made from its path and query (:func:`response_name`), so the folder holds one file per
request, pages included.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlencode, urlsplit

from incidentkit.errors import FatalError
from incidentkit.store.atomic import write_text

Params = Mapping[str, str | int | Sequence[str]]

#: How long one request may take before the import gives up, in seconds.
TIMEOUT = 30.0


class Api(Protocol):
    def get(self, path: str, params: Params | None = None) -> Any:
        """The JSON body of ``GET path?params`` (``path`` relative to the API's root)."""


def _query(params: Params | None) -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    for key in sorted(params or {}):
        value = (params or {})[key]
        if isinstance(value, (str, int)):
            pairs.append((key, str(value)))
        else:
            pairs.extend((key, str(v)) for v in value)
    return pairs


def response_name(path: str, params: Params | None = None) -> str:
    """The saved response's file name: the path and sorted query, as a safe file name."""
    key = path.strip("/")
    query = urlencode(_query(params))
    if query:
        key += "@" + query
    return re.sub(r"[^A-Za-z0-9._=@-]+", "_", key) + ".json"


def relative(url: str, root: str) -> tuple[str, dict[str, list[str]]]:
    """A "next page" URL the API returned, as a path below ``root`` and its parameters."""
    from urllib.parse import parse_qs

    parts = urlsplit(url)
    base = urlsplit(root).path.rstrip("/")
    path = parts.path[len(base):] if base and parts.path.startswith(base) else parts.path
    return path, parse_qs(parts.query, keep_blank_values=True)


class HttpApi:
    """A vendor API over HTTP(S); ``headers`` carry the token and are never printed."""

    def __init__(self, vendor: str, root: str, headers: Mapping[str, str],
                 save_to: Path | None = None) -> None:
        import requests

        self.vendor = vendor
        self.root = root.rstrip("/")
        self.save_to = save_to
        self._session = requests.Session()
        self._session.headers.update({"Accept": "application/json", **headers})

    def get(self, path: str, params: Params | None = None) -> Any:
        import requests

        url = f"{self.root}/{path.lstrip('/')}"
        try:
            response = self._session.get(url, params=_query(params), timeout=TIMEOUT)
        except requests.RequestException as exc:
            raise FatalError(f"{self.vendor}: could not reach {url}: "
                             f"{type(exc).__name__}; check the API URL and the network"
                             ) from None
        if response.status_code in (401, 403):
            raise FatalError(f"{self.vendor}: {url} answered {response.status_code}: the "
                             "token is missing, wrong or lacks read access")
        if response.status_code != 200:
            raise FatalError(f"{self.vendor}: {url} answered {response.status_code}: "
                             f"{_message(response.text)}")
        try:
            body = response.json()
        except ValueError:
            raise FatalError(f"{self.vendor}: {url} did not answer with JSON") from None
        if self.save_to is not None:
            self.save_to.mkdir(parents=True, exist_ok=True)
            write_text(self.save_to / response_name(path, params),
                       json.dumps(body, indent=1, sort_keys=True) + "\n")
        return body


def _message(text: str) -> str:
    """The vendor's error message, short and on one line."""
    line = " ".join(text.split())
    return line[:300] if line else "no message"


class SavedApi:
    """Responses saved earlier by ``--save-responses`` (or by hand, named the same way)."""

    def __init__(self, vendor: str, folder: Path) -> None:
        if not folder.is_dir():
            raise FatalError(f"{folder} is not a folder of saved {vendor} responses")
        self.vendor = vendor
        self.folder = folder

    def get(self, path: str, params: Params | None = None) -> Any:
        name = response_name(path, params)
        file = self.folder / name
        try:
            text = file.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise FatalError(f"{self.vendor}: {file} is missing: the saved responses do not "
                             f"include GET {path}; save them again with --save-responses"
                             ) from None
        try:
            return json.loads(text)
        except ValueError as exc:
            raise FatalError(f"{self.vendor}: {file} is not JSON ({exc})") from None
