from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    WORKER = "worker", _("Worker")
    EMPLOYER = "employer", _("Employer")
    COUNSELLOR = "counsellor", _("Counsellor")
    MODERATOR = "moderator", _("Moderator")
    ADMINISTRATOR = "administrator", _("Administrator")


class OrganisationKind(models.TextChoices):
    COMPANY = "company", _("Company")
    AGENCY = "agency", _("Recruitment agency")
    NGO = "ngo", _("NGO")
    PUBLIC = "public", _("Public employment service")
    TRAINING = "training", _("Training provider")


class ConsentPurpose(models.TextChoices):
    VISIBLE_TO_EMPLOYERS = "visible_to_employers", _("Employers may see my profile (without my name)")
    MATCHING = "matching", _("Kazi may match my profile with opportunities")
    COUNSELLOR_CONTACT = "counsellor_contact", _("A counsellor may see my profile, help me and contact me")


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("SMS")


class OutboxStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class AuditAction(models.TextChoices):
    VIEW_PROFILE = "view_profile", _("Viewed profile")
    VIEW_CV = "view_cv", _("Viewed CV")
    EDIT_PROFILE = "edit_profile", _("Edited profile")
    VIEW_CANDIDATE = "view_candidate", _("Viewed candidate")
    VIEW_APPLICATION = "view_application", _("Viewed application")
    API_READ = "api_read", _("Read through the API")
