from django.db import models
from django.utils.translation import gettext_lazy as _


class VacancyKind(models.TextChoices):
    JOB = "job", _("Job")
    GIG = "gig", _("Gig")
    MICROTASK = "microtask", _("Micro-task")


class ContractType(models.TextChoices):
    PERMANENT = "permanent", _("Permanent")
    FIXED_TERM = "fixed_term", _("Fixed term")
    SEASONAL = "seasonal", _("Seasonal")
    TASK = "task", _("Per task")
    APPRENTICESHIP = "apprenticeship", _("Apprenticeship")


class VacancyStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PENDING = "pending", _("Pending review")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Rejected")
    EXPIRED = "expired", _("Expired")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# The moderation state machine: status -> statuses it may move to.
VACANCY_TRANSITIONS: dict[str, frozenset[str]] = {
    VacancyStatus.DRAFT: frozenset({VacancyStatus.PENDING, VacancyStatus.WITHDRAWN}),
    VacancyStatus.PENDING: frozenset(
        {VacancyStatus.PUBLISHED, VacancyStatus.REJECTED, VacancyStatus.WITHDRAWN}
    ),
    VacancyStatus.PUBLISHED: frozenset({VacancyStatus.EXPIRED, VacancyStatus.WITHDRAWN}),
    VacancyStatus.REJECTED: frozenset({VacancyStatus.DRAFT, VacancyStatus.WITHDRAWN}),
    VacancyStatus.EXPIRED: frozenset(),
    VacancyStatus.WITHDRAWN: frozenset(),
}

# Statuses in which the employer may still edit the vacancy.
EDITABLE_STATUSES = frozenset({VacancyStatus.DRAFT, VacancyStatus.REJECTED})


class TrainingMode(models.TextChoices):
    ONLINE = "online", _("Online")
    IN_PERSON = "in_person", _("In person")
    BLENDED = "blended", _("Online and in person")
