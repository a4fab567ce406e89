"""A real SMTP server on 127.0.0.1 that keeps every message it receives, for journeys that read e-mail.

Use the ``smtp_server`` fixture: it starts aiosmtpd on a free port and points Django's SMTP e-mail backend at
it; ``smtp_server.wait_for(to=...)`` returns the first message for that address.
"""

from __future__ import annotations

import email
import email.policy
import socket
import threading
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller


class CapturingHandler:
    """aiosmtpd handler that stores each message (parsed) and wakes anyone waiting for mail."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self._arrived = threading.Condition()

    async def handle_DATA(self, server, session, envelope) -> str:
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self._arrived:
            self.messages.append(message)  # type: ignore[arg-type]
            self._arrived.notify_all()
        return "250 Message accepted for delivery"

    def wait_for(self, *, to: str, timeout: float = 10.0) -> EmailMessage:
        """The first message addressed to ``to``, waiting up to ``timeout`` seconds for it to arrive."""

        def found() -> EmailMessage | None:
            return next((m for m in self.messages if to.lower() in str(m["To"]).lower()), None)

        with self._arrived:
            self._arrived.wait_for(lambda: found() is not None, timeout=timeout)
            message = found()
        if message is None:
            raise AssertionError(
                f"no e-mail to {to} within {timeout}s; got {[m['To'] for m in self.messages]}"
            )
        return message


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    """A running local SMTP server; Django sends its e-mail there for the duration of the test."""
    handler = CapturingHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    try:
        yield handler
    finally:
        controller.stop()


def body_text(message: EmailMessage) -> str:
    """The plain-text body of a message."""
    part = message.get_body(preferencelist=("plain",))
    return part.get_content() if part is not None else ""
