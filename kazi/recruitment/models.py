"""Recruitment agencies from official licence lists, and workers' reviews of agencies and
employers."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kazi.accounts.models import Organisation

from .constants import FeePaidTo, LicenceStatus, ReviewStatus, YesNo


class LicenceList(models.Model):
    """One import of an official licence list (a CSV or XLSX file) for one country."""

    country = models.CharField(_("country that issues the licences"), max_length=2)
    authority = models.CharField(_("issuing authority"), max_length=200)
    source_url = models.URLField(_("where the list was published"), blank=True, max_length=500)
    published_on = models.DateField(_("date of the list"))
    mapping = models.CharField(_("column mapping"), max_length=40)
    file_name = models.CharField(max_length=255)
    file_sha256 = models.CharField(max_length=64)
    row_count = models.PositiveIntegerField(default=0)
    imported_at = models.DateTimeField(auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-published_on", "-imported_at"]

    def __str__(self) -> str:
        return f"{self.country} {self.authority} ({self.published_on})"


class Agency(models.Model):
    """A recruitment agency as the latest licence list of its country describes it."""

    country = models.CharField(_("country that issued the licence"), max_length=2)
    name = models.CharField(_("name"), max_length=300)
    # Lower-case, accents removed, punctuation and company suffixes dropped: what search
    # and matching compare (see ``kazi.recruitment.names``).
    name_key = models.CharField(max_length=300, db_index=True)
    licence_number = models.CharField(_("licence number"), max_length=80)
    licence_key = models.CharField(max_length=80)
    status = models.CharField(_("licence status"), max_length=12, choices=LicenceStatus.choices)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    addresses = models.TextField(_("addresses"), blank=True)
    phone = models.CharField(_("office phone"), max_length=80, blank=True)
    # ISO 3166-1 alpha-2 codes of the destination countries the agency recruits for.
    destinations = models.JSONField(_("corridors served"), default=list, blank=True)
    # The list that last described the agency; False when the latest list of its country
    # no longer names it (then it counts as unlicensed).
    licence_list = models.ForeignKey(LicenceList, on_delete=models.PROTECT, related_name="+")
    in_current_list = models.BooleanField(default=True)
    # The Kazi organisation of the agency, when it has an account (matched on country and
    # licence number). Its members are the agency's owners and staff.
    organisation = models.OneToOneField(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="registry_entry",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"
        constraints = [
            models.UniqueConstraint(fields=["country", "licence_key"], name="uniq_agency_licence")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.licence_number})"

    def effective_status(self, today: date | None = None) -> str:
        """What the licence means today: "not_listed" when the latest list of its country
        no longer names the agency; "expired" when a valid licence's end date has passed."""
        if not self.in_current_list:
            return "not_listed"
        today = today or timezone.localdate()
        if self.status == LicenceStatus.VALID and self.valid_until and self.valid_until < today:
            return LicenceStatus.EXPIRED
        return str(self.status)


class Review(models.Model):
    """A worker's account of an agency or an employer, published under a pseudonym."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="agency_reviews"
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, null=True, blank=True, related_name="reviews"
    )
    employer = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, null=True, blank=True, related_name="reviews"
    )
    # What the public and the agency see instead of the id: random, so that it says
    # nothing about when or in what order reviews were written.
    public_id = models.CharField(max_length=16, unique=True)
    pseudonym = models.CharField(max_length=40)
    language = models.CharField(max_length=8, default="en")
    used_from = models.DateField(_("used from"))
    used_until = models.DateField(_("used until"), null=True, blank=True)
    origin_country = models.CharField(_("country you left from"), max_length=2, blank=True)
    destination_country = models.CharField(_("country you went to work in"), max_length=2)
    fees_amount = models.DecimalField(
        _("fees and costs you paid"), max_digits=12, decimal_places=2, default=0
    )
    fees_currency = models.CharField(_("currency"), max_length=3, blank=True)
    fees_paid_to = models.CharField(
        _("paid to"), max_length=12, choices=FeePaidTo.choices, default=FeePaidTo.NOBODY
    )
    fees_for = models.CharField(_("what the fees were for"), max_length=300, blank=True)
    contract_before_departure = models.CharField(
        _("contract received before departure"), max_length=10, choices=YesNo.choices
    )
    contract_in_my_language = models.CharField(
        _("contract in a language you read"), max_length=10, choices=YesNo.choices
    )
    documents_kept = models.CharField(
        _("passport or documents kept by someone else"), max_length=10, choices=YesNo.choices
    )
    job_as_promised = models.CharField(_("job as promised"), max_length=10, choices=YesNo.choices)
    pay_as_promised = models.CharField(_("pay as promised"), max_length=10, choices=YesNo.choices)
    orientation = models.CharField(
        _("pre-departure orientation"), max_length=10, choices=YesNo.choices
    )
    rating_overall = models.PositiveSmallIntegerField(_("overall"))
    rating_honesty = models.PositiveSmallIntegerField(_("honest information"))
    rating_treatment = models.PositiveSmallIntegerField(_("treatment and support"))
    story = models.TextField(_("your story"), blank=True, max_length=4000)
    status = models.CharField(
        max_length=12, choices=ReviewStatus.choices, default=ReviewStatus.AWAITING_MODERATION
    )
    screening_flags = models.JSONField(default=list, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    moderation_note = models.TextField(blank=True)
    # The moderator removed personal data from the story before approving it (the
    # original text is not kept).
    story_edited = models.BooleanField(default=False)
    # When an approved review goes public: approval time plus a random delay. Only the
    # month of publication is ever shown.
    publish_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-publish_at", "-pk"]
        indexes = [models.Index(fields=["status", "publish_at"])]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(agency__isnull=False, employer__isnull=True)
                    | models.Q(agency__isnull=True, employer__isnull=False)
                ),
                name="review_has_one_target",
            ),
            models.CheckConstraint(
                condition=models.Q(rating_overall__gte=1, rating_overall__lte=5)
                & models.Q(rating_honesty__gte=1, rating_honesty__lte=5)
                & models.Q(rating_treatment__gte=1, rating_treatment__lte=5),
                name="review_ratings_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"review {self.pk} by {self.pseudonym}"


class ReviewReply(models.Model):
    """The agency's or employer's public answer to a review (it cannot remove the review)."""

    review = models.OneToOneField(Review, on_delete=models.CASCADE, related_name="reply")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(_("reply"), max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"reply to review {self.review_id}"
