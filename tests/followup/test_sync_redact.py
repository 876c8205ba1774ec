"""What a GitHub server says is made safe before it is printed: the token redacted in every form
a header or an address can carry it, control characters escaped, the length capped."""

from __future__ import annotations

import base64
from urllib.parse import quote

import pytest

from incidentkit.followup.github.safe import Redactor, escape_controls, server_text, shorten

TOKEN = "ghp_R3dactMe+/=0123456789abcdefghijkl"


@pytest.mark.parametrize("said", [
    f"Authorization: token {TOKEN}",
    f"authorization: Bearer {TOKEN}\nnext",
    f"https://x/?access_token={quote(TOKEN, safe='')}",
    *(f"Authorization: Basic {base64.b64encode(f'{user}:{TOKEN}'.encode()).decode()}"
      for user in ("x-access-token", "ab", "abc")),  # the three alignments of Base64
    f"Basic {base64.urlsafe_b64encode(f'u:{TOKEN}'.encode()).decode()}",
])
def test_the_token_is_redacted_in_every_form(said: str) -> None:
    redact = Redactor(TOKEN)
    out = redact(said)
    assert "***" in out
    assert TOKEN not in out and quote(TOKEN, safe="") not in out
    for shift in range(3):  # nothing of the token's Base64 is left at any alignment
        encoded = base64.b64encode(b"\0" * shift + TOKEN.encode()).decode()
        assert encoded[4:-4] not in out


def test_text_without_the_token_is_unchanged() -> None:
    assert Redactor(TOKEN)("Validation Failed: title is too long") == (
        "Validation Failed: title is too long")
    assert Redactor("abc")("abc abc") == "abc abc"  # too short to look for


def test_server_text_is_redacted_escaped_and_shortened() -> None:
    said = f"Bad things\r\n::error::owned \x1b[31m\u202e {TOKEN} " + "x" * 1000
    out = server_text(said, Redactor(TOKEN))
    assert out == shorten(
        "Bad things\\x0d\\x0a::error::owned \\x1b[31m\\u202e *** " + "x" * 1000, 300)
    assert len(out) == 300 and out.endswith("…")


def test_a_token_cut_by_the_length_limit_is_still_redacted() -> None:
    said = "y" * 290 + TOKEN
    assert server_text(said, Redactor(TOKEN)) == "y" * 290 + "***"


def test_escape_controls_keeps_ordinary_text() -> None:
    assert escape_controls("Ünïcode — “quotes” tab\there") == "Ünïcode — “quotes” tab\\x09here"
