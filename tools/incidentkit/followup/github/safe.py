"""Text from a GitHub server made safe to print: the token redacted, control characters shown as
escapes, length capped.

A server may echo anything back in an error message, the request's ``Authorization`` header
included. :class:`Redactor` removes the token in every form it can take in a header or a URL:
as is (which covers ``token X`` and ``Bearer X``), percent-encoded, and inside a Base64 string
(``Basic`` authentication of ``user:X``), whatever its offset there.
"""

from __future__ import annotations

import base64
import re
from urllib.parse import quote

#: Longest server text kept in a message.
SERVER_TEXT = 300
REDACTED = "***"
#: C0 and C1 controls, DEL, line and paragraph separators, and the bidirectional overrides.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _base64_cores(secret: bytes) -> set[str]:
    """The part of ``base64(prefix + secret + suffix)`` that depends on ``secret`` alone, for
    each of the three alignments a prefix can give it."""
    cores = set()
    for shift in range(3):
        encoded = base64.b64encode(b"\0" * shift + secret).decode("ascii")
        start = -(-8 * shift // 6)  # the first character made of secret bits only
        end = 8 * (shift + len(secret)) // 6  # past the last one
        core = encoded[start:end]
        if len(core) >= 8:
            cores.add(core)
            cores.add(core.replace("+", "-").replace("/", "_"))  # the URL-safe alphabet
    return cores


class Redactor:
    def __init__(self, *secrets: str) -> None:
        forms: set[str] = set()
        for secret in secrets:
            if len(secret) < 4:
                continue  # too short to search for without mangling ordinary text
            forms |= {secret, quote(secret, safe=""), *_base64_cores(secret.encode())}
        # Longest first, so a form that contains another is removed whole.
        self._pattern = (re.compile("|".join(re.escape(f) for f in sorted(forms, key=len,
                                                                           reverse=True)))
                         if forms else None)

    def __call__(self, text: str) -> str:
        return self._pattern.sub(REDACTED, text) if self._pattern else text


def escape_controls(text: str) -> str:
    r"""Control characters as ``\xNN`` / ``\uNNNN``: no line break, no terminal escape."""
    return _CONTROL.sub(
        lambda m: f"\\x{ord(m[0]):02x}" if ord(m[0]) < 0x100 else f"\\u{ord(m[0]):04x}", text)


def shorten(text: str, limit: int = SERVER_TEXT) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def server_text(text: str, redact: Redactor, limit: int = SERVER_TEXT) -> str:
    """What a server said, fit for a message: redacted first (a cut could split the token),
    then escaped, then shortened. Error bodies are capped by the transport (64 KiB)."""
    return shorten(escape_controls(redact(text)), limit)
