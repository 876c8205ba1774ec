"""Email over STARTTLS with a login, against aiosmtpd with a certificate made here: the
certificate is verified (an untrusted one is a failure that waits), the password only crosses
an encrypted connection and is never printed."""

from __future__ import annotations

import datetime as dt
import ipaddress
import socket
import ssl
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from tests.conftest import Run
from tests.notify.conftest import DECLARED, INCIDENT, Repo, git
from tests.notify.fakes import Mailbox

PASSWORD = "smtp-pa55word-not-to-be-printed"

CONFIG = """\
notify:
  channels:
    - id: customers
      type: email
      audience: external
      smtp_host: 127.0.0.1
      smtp_port: {port}
      from_address: status@example.com
      to: [customers@example.com, partners@example.com]
      username_env: SMTP_USERNAME
      password_env: SMTP_PASSWORD
  routes:
    - events: [update-posted]
      channels: [customers]
"""


def _certificate(folder: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(now + dt.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_file, key_file = folder / "cert.pem", folder / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_file, key_file


class Logins:
    def __init__(self) -> None:
        self.seen: list[tuple[bytes, bytes, bool]] = []

    def __call__(self, server: Any, session: Any, envelope: Any, mechanism: str,
                 auth_data: Any) -> AuthResult:
        assert isinstance(auth_data, LoginPassword)
        self.seen.append((auth_data.login, auth_data.password, session.ssl is not None))
        return AuthResult(success=auth_data.password == PASSWORD.encode(), handled=False)


@pytest.fixture
def tls_mailbox(tmp_path: Path) -> Iterator[tuple[Mailbox, int, Path, Logins]]:
    cert, key = _certificate(tmp_path)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    box, logins = Mailbox(), Logins()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(box, hostname="127.0.0.1", port=port, tls_context=context,
                            require_starttls=True, authenticator=logins,
                            auth_require_tls=True)
    controller.start()
    try:
        yield box, port, cert, logins
    finally:
        controller.stop()


def _push(repo: Repo, port: int) -> tuple[str, str]:
    repo.write("incidentkit.yaml", CONFIG.format(port=port))
    base = repo.commit("email only")
    repo.write(INCIDENT, DECLARED)
    return base, repo.commit("declare")


def test_starttls_verified_and_a_login(
        repo: Repo, run: Callable[..., Run], tls_mailbox: tuple[Mailbox, int, Path, Logins],
        monkeypatch: pytest.MonkeyPatch) -> None:
    box, port, cert, logins = tls_mailbox
    monkeypatch.setenv("SMTP_USERNAME", "status-bot")
    monkeypatch.setenv("SMTP_PASSWORD", PASSWORD)
    base, head = _push(repo, port)

    # A certificate nobody vouches for: the delivery fails and waits, nothing logged in.
    monkeypatch.setenv("SSL_CERT_FILE", str(repo.root / "no-such-bundle.pem"))
    got = run("-C", str(repo.root), "notify", "--base", base, "--head", head)
    assert got.status == 1
    assert got.err == (
        "FAILED   customers (email) 2026-03-01-checkout-errors:declared: SMTP server "
        "certificate not trusted (self-signed certificate); next try after "
        "2026-03-01T11:01:00Z\n")
    assert logins.seen == [] and box.messages == []

    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    monkeypatch.setenv("INCIDENTKIT_NOW", "2026-03-01T11:02:00Z")
    got = run("-C", str(repo.root), "notify", "--base", head, "--head", head)
    assert got.status == 0, got.err
    assert got.out.endswith("sent     customers (email) 2026-03-01-checkout-errors:declared: "
                            "sent to 2 recipient(s)\n")
    assert logins.seen == [(b"status-bot", PASSWORD.encode(), True)]
    assert box.envelopes == [("status@example.com",
                              ["customers@example.com", "partners@example.com"])]
    (mail,) = box.messages
    assert mail["To"] == "customers@example.com, partners@example.com"
    assert mail.get_content_type() == "multipart/alternative"
    assert PASSWORD not in got.out + got.err


def test_a_wrong_password_is_a_failure_that_names_no_secret(
        repo: Repo, run: Callable[..., Run], tls_mailbox: tuple[Mailbox, int, Path, Logins],
        monkeypatch: pytest.MonkeyPatch) -> None:
    box, port, cert, logins = tls_mailbox
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    monkeypatch.setenv("SMTP_USERNAME", "status-bot")
    monkeypatch.setenv("SMTP_PASSWORD", "wrong-" + PASSWORD)
    base, head = _push(repo, port)
    got = run("-C", str(repo.root), "notify", "--base", base, "--head", head)
    assert got.status == 1
    assert got.err == (
        "FAILED   customers (email) 2026-03-01-checkout-errors:declared: SMTP 535: 5.7.8 "
        "Authentication credentials invalid; next try after 2026-03-01T11:01:00Z\n")
    assert box.messages == []
    assert PASSWORD not in got.out + got.err


def test_a_login_without_starttls_is_refused_by_the_configuration(
        repo: Repo, run: Callable[..., Run]) -> None:
    repo.write("incidentkit.yaml", CONFIG.format(port=25).replace(
        "      username_env", "      starttls: false\n      username_env"))
    base = repo.commit("plain login")
    repo.write(INCIDENT, DECLARED)
    head = repo.commit("declare")
    got = run("-C", str(repo.root), "notify", "--base", base, "--head", head)
    assert got.status == 1
    assert got.err == (
        f"incidentkit: error: {head}:incidentkit.yaml:3:7: a login needs starttls: true (the "
        "password would cross the network in the clear) (in channels): fix the configuration "
        "first (incidentkit validate lists every problem)\n")
    assert git(repo.root, "status", "--porcelain") == ""
