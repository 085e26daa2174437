from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class LicenceStatus(models.TextChoices):
    VALID = "valid", _("Licence valid")
    SUSPENDED = "suspended", _("Licence suspended")
    REVOKED = "revoked", _("Licence revoked")
    EXPIRED = "expired", _("Licence expired")


class ReviewStatus(models.TextChoices):
    # Automatic screening found something a moderator must look at (personal data, a
    # possible duplicate); or it found nothing and the review waits for a moderator anyway.
    AWAITING_MODERATION = "awaiting", _("Waiting for a moderator")
    # Approved: published at ``publish_at`` (a random delay after approval).
    SCHEDULED = "scheduled", _("Approved, to be published")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Not published")


class YesNo(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    PARTLY = "partly", _("Partly")
    NOT_SURE = "not_sure", _("I am not sure")


class FeePaidTo(models.TextChoices):
    NOBODY = "nobody", _("I paid nothing")
    AGENCY = "agency", _("The agency")
    SUB_AGENT = "sub_agent", _("A sub-agent or broker")
    EMPLOYER = "employer", _("The employer")
    GOVERNMENT = "government", _("A government office")
    OTHER = "other", _("Someone else")


class ReviewFlag(models.TextChoices):
    """What automatic screening found in a review (shown to moderators only)."""

    EMAIL = "email", _("Contains an e-mail address")
    PHONE = "phone", _("Contains a phone number")
    ID_NUMBER = "id_number", _("Contains a passport or identity number")
    URL = "url", _("Contains a link")
    DUPLICATE = "duplicate", _("Very close to another review")
    SAME_AUTHOR = "same_author", _("The author already reviewed this agency or employer")
