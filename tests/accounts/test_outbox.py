"""The outbox keeps subjects on one line: e-mail refuses a header with a line break, so a
message whose subject carries user text (a vacancy title) would never be delivered."""

import pytest
from django.core import mail

from kazi.accounts.constants import Channel, OutboxStatus
from kazi.accounts.models import OutboxMessage
from kazi.accounts.outbox import deliver_queued_email, queue_message

pytestmark = pytest.mark.django_db


def test_a_subject_with_line_breaks_is_queued_on_one_line_and_delivered(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    queue_message(
        Channel.EMAIL, "amina@example.org", "Body", subject="Cook\r\nBcc: someone@example.org"
    )
    report = deliver_queued_email()
    assert (report.sent, report.failed) == (1, 0)
    assert OutboxMessage.objects.get().status == OutboxStatus.SENT
    assert mail.outbox[0].subject == "Cook Bcc: someone@example.org"
    assert mail.outbox[0].to == ["amina@example.org"] and not mail.outbox[0].bcc
