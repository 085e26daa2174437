from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class Role(models.TextChoices):
    WORKER = "worker", _("Worker")
    EMPLOYER = "employer", _("Employer")
    COUNSELLOR = "counsellor", _("Counsellor")
    MODERATOR = "moderator", _("Moderator")
    ADMINISTRATOR = "administrator", _("Administrator")
    ANALYST = "analyst", _("Analyst")
    PARTNER = "partner", _("Partner organisation (legal aid, union)")


class OrganisationKind(models.TextChoices):
    COMPANY = "company", _("Company")
    AGENCY = "agency", _("Recruitment agency")
    NGO = "ngo", _("NGO")
    PUBLIC = "public", _("Public employment service")
    TRAINING = "training", _("Training provider")
    LEGAL_AID = "legal_aid", _("Legal-aid organisation")
    UNION = "union", _("Trade union")


class ConsentPurpose(models.TextChoices):
    VISIBLE_TO_EMPLOYERS = (
        "visible_to_employers",
        _("Employers may see my profile (without my name)"),
    )
    MATCHING = "matching", _("Kazi may match my profile with opportunities")
    COUNSELLOR_CONTACT = (
        "counsellor_contact",
        _("A counsellor may see my profile, help me and contact me"),
    )
    JOB_ALERTS = "job_alerts", _("Kazi may send me new opportunities that fit me")
    FAIRNESS_AUDIT = (
        "fairness_audit",
        _("Kazi may use the facts I give about myself to check that matching is fair"),
    )


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
    OVERRIDE_MATCH = "override_match", _("Changed the order of your matches")
    VIEW_GRIEVANCE = "view_grievance", _("Viewed your grievance")
    VIEW_CONTRACT = "view_contract", _("Viewed your contract")
    VIEW_SCREENING = "view_screening", _("Viewed a screening you shared")


# What each consent means, in plain words (shown next to the checkbox).
CONSENT_EXPLANATIONS: dict[str, StrOrPromise] = {
    ConsentPurpose.VISIBLE_TO_EMPLOYERS: _(
        "Employers who look for workers can see your skills, your experience and the work "
        "you want. They do not see your name or how to reach you until you apply to one of "
        "their offers."
    ),
    ConsentPurpose.MATCHING: _(
        "Kazi compares your profile with jobs and training and shows you those that fit, "
        "with the reason why."
    ),
    ConsentPurpose.COUNSELLOR_CONTACT: _(
        "A counsellor of the employment service or of a support organisation can read your "
        "profile, help you fill it in and contact you about opportunities."
    ),
    ConsentPurpose.JOB_ALERTS: _(
        "When a new opportunity fits your profile, Kazi tells you on the site and sends you "
        "at most one message a day (e-mail, or SMS when you have no e-mail address)."
    ),
    ConsentPurpose.FAIRNESS_AUDIT: _(
        "If you tell us your gender, age group, nationality or disability, these facts are "
        "used only to check that matching treats every group fairly. They are never used to "
        "rank you and never shown to employers."
    ),
}

# Roles people choose themselves when they sign up; the others are given by administrators.
SELF_SERVICE_ROLES = (Role.WORKER, Role.EMPLOYER)
# Roles that cannot delete their own account on the settings page (administrators do it).
STAFF_ROLES = (Role.COUNSELLOR, Role.MODERATOR, Role.ADMINISTRATOR, Role.ANALYST, Role.PARTNER)


class OutboxKind(models.TextChoices):
    PASSWORD_RESET = "password_reset", _("Password reset")
    ACCOUNT_SETUP = "account_setup", _("Account set-up link")
    APPLICATION_STATUS = "application_status", _("Application status changed")
    APPLICATION_SUBMITTED = "application_submitted", _("Application submitted")
    APPLICATION_RECEIVED = "application_received", _("New application for an employer")
    MATCH_DIGEST = "match_digest", _("Daily digest of new matching opportunities")
    GRIEVANCE_UPDATE = "grievance_update", _("News about a grievance")
    GRIEVANCE_ESCALATED = "grievance_escalated", _("A grievance missed its deadline")
    REVIEW_MODERATED = "review_moderated", _("A review was published or refused")
    CONTRACT_RECORDED = "contract_recorded", _("Someone recorded a contract for you")
