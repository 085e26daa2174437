from django.core.mail.backends.base import BaseEmailBackend


class Backend(BaseEmailBackend):
    """An e-mail backend whose server never answers (to test the outbox failure path)."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("mail server down")
