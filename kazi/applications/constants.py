from django.db import models
from django.utils.translation import gettext_lazy as _


class ApplicationStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    SHORTLISTED = "shortlisted", _("Shortlisted")
    INTERVIEW = "interview", _("Interview")
    OFFERED = "offered", _("Offered")
    HIRED = "hired", _("Hired")
    NOT_SELECTED = "not_selected", _("Not selected")
    WITHDRAWN = "withdrawn", _("Withdrawn by the worker")


_S = ApplicationStatus
APPLICATION_TRANSITIONS: dict[str, frozenset[str]] = {
    _S.RECEIVED: frozenset({_S.SHORTLISTED, _S.NOT_SELECTED, _S.WITHDRAWN}),
    _S.SHORTLISTED: frozenset({_S.INTERVIEW, _S.OFFERED, _S.NOT_SELECTED, _S.WITHDRAWN}),
    _S.INTERVIEW: frozenset({_S.OFFERED, _S.NOT_SELECTED, _S.WITHDRAWN}),
    _S.OFFERED: frozenset({_S.HIRED, _S.NOT_SELECTED, _S.WITHDRAWN}),
    _S.HIRED: frozenset(),
    _S.NOT_SELECTED: frozenset(),
    _S.WITHDRAWN: frozenset(),
}
# Moves an employer may make; the worker may only withdraw.
EMPLOYER_STATUSES = frozenset({_S.SHORTLISTED, _S.INTERVIEW, _S.OFFERED, _S.HIRED, _S.NOT_SELECTED})
