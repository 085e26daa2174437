from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    UNPAID_WAGES = "unpaid_wages", _("Unpaid wages")
    ILLEGAL_FEES = "illegal_fees", _("Illegal recruitment fees")
    CONTRACT_SUBSTITUTION = "contract_substitution", _("Contract substitution")
    DOCUMENTS_CONFISCATED = "documents_confiscated", _("Passport or documents taken")
    HARASSMENT_VIOLENCE = "harassment_violence", _("Harassment or violence")
    UNSAFE_WORK = "unsafe_work", _("Unsafe work")
    FORCED_LABOUR = "forced_labour", _("Signs of forced labour")
    OTHER = "other", _("Other")


class State(models.TextChoices):
    NEW = "new", _("New")
    ASSIGNED = "assigned", _("Assigned")
    IN_PROGRESS = "in_progress", _("In progress")
    ON_HOLD = "on_hold", _("On hold")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")


# The allowed moves of a case (the state machine). Every move is recorded as an event.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    State.NEW: (State.ASSIGNED, State.CLOSED),
    State.ASSIGNED: (State.IN_PROGRESS, State.ON_HOLD, State.RESOLVED, State.CLOSED),
    State.IN_PROGRESS: (State.ON_HOLD, State.RESOLVED, State.CLOSED),
    State.ON_HOLD: (State.IN_PROGRESS, State.RESOLVED, State.CLOSED),
    State.RESOLVED: (State.IN_PROGRESS, State.CLOSED),
    State.CLOSED: (),
}
OPEN_STATES = (State.NEW, State.ASSIGNED, State.IN_PROGRESS, State.ON_HOLD)


class Outcome(models.TextChoices):
    REMEDIED = "remedied", _("Remedied (paid, returned or corrected)")
    PARTLY_REMEDIED = "partly_remedied", _("Partly remedied")
    REFERRED_AUTHORITY = "referred_authority", _("Referred to the authorities")
    NOT_REMEDIED = "not_remedied", _("Not remedied")
    WITHDRAWN = "withdrawn", _("Withdrawn by the worker")
    NO_CONTACT = "no_contact", _("No further contact from the worker")
    NOT_ADMISSIBLE = "not_admissible", _("Outside what we can handle")


class EventKind(models.TextChoices):
    FILED = "filed", _("Grievance filed")
    STATE = "state", _("Status changed")
    ASSIGNED = "assigned", _("Assigned to a caseworker")
    REFERRED = "referred", _("Referred to a partner")
    NOTE = "note", _("Internal note")
    MESSAGE_TO_WORKER = "message_out", _("Message to the worker")
    MESSAGE_FROM_WORKER = "message_in", _("Message from the worker")
    EVIDENCE = "evidence", _("Evidence added")
    ESCALATED = "escalated", _("Deadline missed: escalated")
    VIEWED = "viewed", _("Case opened")
