from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkType(models.TextChoices):
    JOB = "job", _("Job")
    GIG = "gig", _("Gig")
    MICROTASK = "microtask", _("Micro-task")
    TRAINING = "training", _("Training")


class PayPeriod(models.TextChoices):
    HOUR = "hour", _("per hour")
    DAY = "day", _("per day")
    WEEK = "week", _("per week")
    MONTH = "month", _("per month")
    YEAR = "year", _("per year")


class Availability(models.TextChoices):
    NOW = "now", _("Now")
    MONTH = "month", _("Within a month")
    LATER = "later", _("Later")
    PART_TIME = "part_time", _("Part time only")


class RightToWork(models.TextChoices):
    YES = "yes", _("I have the right to work here")
    PENDING = "pending", _("My permit is being processed")
    NO = "no", _("I do not have the right to work yet")
    UNSURE = "unsure", _("I am not sure")


class SkillLevel(models.TextChoices):
    UNSPECIFIED = "", _("Not stated")
    BASIC = "basic", _("Basic")
    GOOD = "good", _("Good")
    EXPERT = "expert", _("Expert")


class EducationLevel(models.TextChoices):
    NONE = "none", _("No formal schooling")
    PRIMARY = "primary", _("Primary school")
    SECONDARY = "secondary", _("Secondary school")
    VOCATIONAL = "vocational", _("Vocational training")
    TERTIARY = "tertiary", _("University or college")


PROFILE_STEPS = ("about", "wishes", "experience", "education", "skills")

STEP_TITLES = {
    "about": _("About you"),
    "wishes": _("Work you want"),
    "experience": _("Experience"),
    "education": _("Education"),
    "skills": _("Skills"),
}

# Languages offered as checkboxes in the profile (ISO 639-1), names shown via Babel in the
# interface language. Codes a worker already has outside this list stay listed too.
COMMON_LANGUAGES = (
    "en", "fr", "ar", "sw", "es", "pt", "hi", "bn", "ne", "tl", "am", "so", "ti", "ur",
    "fa", "id", "vi", "zh", "ru", "tr", "uk", "ps", "my", "ha", "yo", "om", "rw", "de",
)  # fmt: skip

EARLIEST_YEAR = 1950
