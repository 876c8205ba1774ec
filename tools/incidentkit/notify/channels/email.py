"""Email over SMTP (``smtplib``): plain text with an HTML alternative, for customer notices
(``audience: external``) or an internal list.

STARTTLS when ``starttls`` is true (the default; port 587), with the server's certificate
verified against the system's certificate authorities (``SSL_CERT_FILE`` names another bundle)
and its host name; a login when ``username_env`` and ``password_env`` are given (only with
STARTTLS, so that a password never crosses the network in the clear). The HTML part is the
same text, escaped (``html.escape``), one paragraph per part of the message.
"""

from __future__ import annotations

import html
import smtplib
import ssl
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from typing import Any

from incidentkit.followup.github.safe import Redactor, server_text
from incidentkit.model.notify import Channel
from incidentkit.notify.channels.base import Failure, Secrets
from incidentkit.notify.message import Message


def payload(message: Message, channel: Channel) -> dict[str, Any]:
    paragraphs = [message.headline, *message.body]
    footer = f"Incident {message.view.id} · {message.view.status_label}"
    text = "\n\n".join([message.title, *paragraphs, "-- ", footer]) + "\n"
    page = "".join(f"<p>{html.escape(p).replace(chr(10), '<br>')}</p>\n" for p in paragraphs)
    markup = (f'<!DOCTYPE html>\n<html><body>\n<h2>{html.escape(message.title)}</h2>\n'
              f"{page}<hr>\n<p><small>{html.escape(footer)}</small></p>\n</body></html>\n")
    subject = " ".join(f"{message.title} — {message.headline}".split())
    return {"subject": subject[:250], "text": text, "html": markup}


def needs(channel: Channel) -> list[str]:
    return [name for name in (channel.username_env, channel.password_env) if name]


def check(channel: Channel, secrets: Secrets) -> None:
    return None


def build(channel: Channel, body: dict[str, Any]) -> EmailMessage:
    assert channel.from_address is not None and channel.to is not None
    mail = EmailMessage()
    mail["Subject"] = body["subject"]
    mail["From"] = channel.from_address
    mail["To"] = ", ".join(channel.to)
    mail["Message-ID"] = make_msgid(domain=channel.from_address.rsplit("@", 1)[1])
    mail["Date"] = format_datetime(datetime.now(UTC))
    mail.set_content(body["text"])
    mail.add_alternative(body["html"], subtype="html")
    return mail


def _login(smtp: smtplib.SMTP, user: str, password: str) -> None:
    """AUTH PLAIN when the server offers it (one try: a refused password is its answer, not a
    reason to try the next mechanism), else whatever ``smtplib`` finds."""
    smtp.ehlo_or_helo_if_needed()
    if "PLAIN" in smtp.esmtp_features.get("auth", "").upper().split():
        smtp.user, smtp.password = user, password
        smtp.auth("PLAIN", smtp.auth_plain)
    else:
        smtp.login(user, password)


def send(channel: Channel, body: dict[str, Any], secrets: Secrets, redact: Redactor) -> str:
    assert channel.smtp_host is not None
    mail = build(channel, body)
    try:
        with smtplib.SMTP(channel.smtp_host, channel.smtp_port, timeout=30) as smtp:
            if channel.starttls:
                smtp.starttls(context=ssl.create_default_context())
            if channel.username_env and channel.password_env:
                _login(smtp, secrets[channel.username_env], secrets[channel.password_env])
            refused = smtp.send_message(mail)
    except smtplib.SMTPResponseException as exc:
        said = exc.smtp_error.decode("utf-8", "replace") if isinstance(exc.smtp_error, bytes) \
            else str(exc.smtp_error)
        raise Failure(f"SMTP {exc.smtp_code}: {server_text(said, redact)}") from None
    except smtplib.SMTPNotSupportedError:
        raise Failure("the SMTP server does not offer STARTTLS (set starttls: false only for "
                      "a server on a trusted network)") from None
    except ssl.SSLCertVerificationError as exc:
        raise Failure(f"SMTP server certificate not trusted ({exc.verify_message})") from None
    except (TimeoutError, smtplib.SMTPException, OSError) as exc:
        raise Failure(f"SMTP failed ({type(exc).__name__})") from None
    if refused:
        raise Failure(f"refused recipients: {', '.join(sorted(refused))}")
    return f"sent to {len(channel.to or [])} recipient(s)"
