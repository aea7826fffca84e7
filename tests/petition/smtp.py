"""A real SMTP server for the tests (aiosmtpd) that can be stopped, started
again and told to refuse recipients: the site sends through Django's SMTP
backend and smtplib, exactly as in production."""

import dataclasses
import email
import socket

from aiosmtpd.controller import Controller

HOST = "127.0.0.1"


@dataclasses.dataclass
class Received:
    to: list
    body: str


class Sink:
    """Down until started. `refuse = True` makes it refuse every recipient."""

    def __init__(self):
        with socket.socket() as s:
            s.bind((HOST, 0))
            self.port = s.getsockname()[1]
        self.messages = []
        self.refuse = False
        self.controller = None

    async def handle_RCPT(self, server, session, envelope, address, options):  # noqa: N802
        if self.refuse:
            return f"550 5.1.1 <{address}>: Recipient address rejected"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        message = email.message_from_bytes(envelope.content)
        body = message.get_payload(decode=True).decode(message.get_content_charset())
        self.messages.append(Received(list(envelope.rcpt_tos), body))
        return "250 Message accepted for delivery"

    def start(self):
        self.controller = Controller(self, hostname=HOST, port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None
