"""The petition: a page the public signs, and the signatures it collects.

Privacy comes first (DESIGN §6). A signature's name and email never reach a
public page, the API, a feed, a sitemap or search: Signature is not indexed,
not a snippet, and `__str__` names no one (the admin's audit log keeps it).
No IP address is stored at all; the rate limit keys the cache on a salted hash
that expires within the hour.
"""

from django.conf import settings
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, OuterRef, Q, Subquery
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, PageLogEntry

from events.timeline import Timeline, held_statement, total_statement
from petition.countries import COUNTRIES, COUNTRY_NAMES
from records import languages
from records.languages import translated_panel
from records.models import TranslatedTitle

ANONYMISED = _("(anonymised)")

# Paths the index page routes itself (the email links), so no petition may
# take them as its slug.
RESERVED_SLUGS = {"confirm", "withdraw"}


class PetitionIndexPage(TranslatedTitle, RoutablePageMixin, Page):
    """/petition/: the parent of every petition, listing the open ones.

    It also answers the links in the petition emails, /petition/confirm/…
    and /petition/withdraw/…: a signer can withdraw even after their
    petition is closed or unpublished."""

    intro = RichTextField(_("intro"), blank=True)

    content_panels = [
        *Page.content_panels,
        *TranslatedTitle.title_panels,
        translated_panel("intro"),
    ]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["petition.PetitionPage"]
    max_count = 1

    class Meta:
        verbose_name = _("petition index")
        verbose_name_plural = _("petition indexes")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["petitions"] = (
            PetitionPage.objects.child_of(self).live().public().order_by("-pk")
        )
        return context

    @path("confirm/<str:token>/", name="confirm")
    def confirm_view(self, request, token):
        from petition.views import confirm

        return confirm(request, token)

    @path("withdraw/<str:token>/", name="withdraw")
    def withdraw_view(self, request, token):
        from petition.views import withdraw

        return withdraw(request, token)

    def link(self, name, token):
        """The path of an email link, e.g. /petition/confirm/<token>/."""
        return self.url + self.reverse_subpage(name, args=[token])


class PetitionPage(TranslatedTitle, Page):
    """A call on an authority to release defenders, which the public signs.

    `signature_count` is the number of confirmed signatures. Only the
    transactions that confirm or withdraw a signature change it (with F()
    expressions); a page save never writes back a stale value (see `save`).
    """

    intro = RichTextField(_("intro"), blank=True, features=["bold", "italic", "link"])
    body = RichTextField(_("body"), blank=True)
    addressee = models.CharField(
        _("addressed to"),
        max_length=300,
        blank=True,
        help_text=_("Who the petition calls on, e.g. the authorities of Belarus."),
    )
    goal = models.PositiveIntegerField(_("signature goal"), default=10_000)
    deadline = models.DateField(
        _("deadline"),
        null=True,
        blank=True,
        help_text=_("The form closes at the end of this day (UTC). Empty: no end."),
    )
    privacy_notice = RichTextField(
        _("privacy notice"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("Shown beside the form: what we keep, why, and for how long."),
    )
    thank_you_text = RichTextField(
        _("thank-you text"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("Shown once a signer has confirmed their signature."),
    )
    confirmation_email_text = models.TextField(
        _("confirmation email text"),
        blank=True,
        help_text=_(
            "Plain text. The confirmation and withdrawal links are added below it."
        ),
    )
    signature_count = models.PositiveIntegerField(
        _("confirmed signatures"), default=0, editable=False
    )

    content_panels = [
        *Page.content_panels,
        *TranslatedTitle.title_panels,
        translated_panel("intro"),
        translated_panel("body"),
        translated_panel("addressee"),
        MultiFieldPanel([FieldPanel("goal"), FieldPanel("deadline")], _("Signing")),
        InlinePanel(
            "featured_defenders", heading=_("Featured defenders"), label=_("defender")
        ),
        translated_panel("privacy_notice"),
        translated_panel("thank_you_text"),
        translated_panel("confirmation_email_text"),
    ]
    # Signatures are never indexed: only the page's own text is searchable.
    search_fields = [
        *Page.search_fields,
        *languages.search_fields("intro"),
        *languages.search_fields("body"),
        *languages.search_fields("addressee"),
    ]
    parent_page_types = ["petition.PetitionIndexPage"]
    subpage_types = []
    exclude_fields_in_copy = ["signature_count"]

    class Meta:
        verbose_name = _("petition")
        verbose_name_plural = _("petitions")

    def clean(self):
        super().clean()
        if self.slug in RESERVED_SLUGS:
            raise ValidationError({"slug": _("This address is reserved.")})

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        writes_count = update_fields is None or "signature_count" in update_fields
        if self.pk is None or not writes_count:
            return super().save(*args, **kwargs)
        # A revision being published carries the count of its day. Lock the
        # row, take the current count, and write it back unchanged.
        with transaction.atomic():
            current = (
                PetitionPage.objects.select_for_update(of=("self",))
                .filter(pk=self.pk)
                .values_list("signature_count", flat=True)
                .first()
            )
            if current is not None:
                self.signature_count = current
            return super().save(*args, **kwargs)

    @property
    def is_open(self):
        """Whether the form takes signatures: live, and not past the deadline."""
        if not self.live:
            return False
        return self.deadline is None or timezone.now().date() <= self.deadline

    @property
    def progress_percent(self):
        if not self.goal:
            return 100
        return min(100, self.signature_count * 100 // self.goal)

    def public_signers(self, limit=10):
        """[(first name, country)] of the latest confirmed signers who opted in.

        Only the first word of the name leaves the database."""
        rows = (
            self.signatures.filter(confirmed_at__isnull=False, show_first_name=True)
            .order_by("-confirmed_at")
            .values_list("name", "country")[:limit]
        )
        return [
            (
                first_name(name),
                gettext(COUNTRY_NAMES[code]) if code in COUNTRY_NAMES else "",
            )
            for name, code in rows
        ]

    def featured(self):
        """Live featured defenders in editor's order, split into those held
        now and the others (released, in exile…): {"held": [...], "others":
        [...]}, each {"defender", "held", "total"}: the days held now, saying
        what they are counted to, and the days held across every period."""
        rows = (
            self.featured_defenders.filter(defender__live=True)
            .select_related("defender")
            .prefetch_related("defender__involvements__event")
        )
        today = timezone.localdate()
        featured = {"held": [], "others": []}
        for row in rows:
            defender = row.defender
            timeline = Timeline(defender)
            group = "held" if defender.is_held else "others"
            featured[group].append(
                {
                    "defender": defender,
                    "held": held_statement(defender, today, timeline),
                    "total": total_statement(defender, today, timeline),
                }
            )
        return featured

    def serve(self, request, *args, **kwargs):
        from petition.views import serve_petition

        return serve_petition(self, request)


class PetitionDefender(Orderable):
    """A defender the petition names, shown with the days they have been held."""

    page = ParentalKey(
        PetitionPage, on_delete=models.CASCADE, related_name="featured_defenders"
    )
    defender = models.ForeignKey(
        "defenders.Defender",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("defender"),
    )

    panels = ["defender"]

    class Meta(Orderable.Meta):
        verbose_name = _("featured defender")
        verbose_name_plural = _("featured defenders")


def first_name(name):
    parts = name.split()
    return parts[0] if parts else ""


class SignatureQuerySet(models.QuerySet):
    def of_petitions_closed_before(self, moment):
        """Signatures of petitions that closed before `moment`: past their
        deadline (the form closes at the end of that day, UTC), or unpublished
        then and not published again (Wagtail's audit log says when)."""
        unpublished_at = Subquery(
            PageLogEntry.objects.filter(
                page=OuterRef("petition"), action__startswith="wagtail.unpublish"
            )
            .order_by("-timestamp")
            .values("timestamp")[:1]
        )
        return self.alias(unpublished_at=unpublished_at).filter(
            Q(petition__deadline__lt=moment.date())
            | Q(petition__live=False, unpublished_at__lt=moment)
        )


class Signature(models.Model):
    """One person's signature on one petition.

    It counts once its owner follows the confirmation link we email them
    (`confirmed_at`). One per email per petition, whatever the case or the
    spaces around it (a database constraint). Never shown publicly, except the
    first word of the name when the signer opted in.

    Some months after its petition closes, a confirmed signature is
    anonymised (`manage.py anonymise_signatures`): the name and email are
    emptied, the country and the count stay. An empty email is outside the
    one-per-email constraint, so any number of anonymised rows can sit side by
    side; a placeholder address would have looked like a real one in exports.
    """

    # Not content: Wagtail's reference index (and its task per save) skips it.
    wagtail_reference_index_ignore = True

    petition = models.ForeignKey(
        PetitionPage,
        on_delete=models.CASCADE,
        related_name="signatures",
        verbose_name=_("petition"),
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"), max_length=254)
    country = models.CharField(_("country"), max_length=2, choices=COUNTRIES)
    show_first_name = models.BooleanField(_("show first name publicly"), default=False)
    keep_informed = models.BooleanField(_("keep informed"), default=False)
    # The language the signer read the petition in: their emails are in it.
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    created_at = models.DateTimeField(_("signed at"), auto_now_add=True, db_index=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)

    objects = SignatureQuerySet.as_manager()

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                F("petition"),
                Lower("email"),
                name="signature_one_per_email",
                condition=~Q(email=""),
            )
        ]
        permissions = [
            ("export_signature_emails", "Can export signatures with their emails"),
        ]

    def __str__(self):
        # Audit log entries keep this label: never a name or an email.
        return f"Signature {self.pk}"

    @property
    def is_confirmed(self):
        return self.confirmed_at is not None

    @admin.display(description=_("name"), ordering="name")
    def signer(self):
        """The name, or that it was anonymised (for the admin and exports)."""
        return ANONYMISED if self.anonymised_at else self.name

    @staticmethod
    def normalise_email(email):
        return email.strip().lower()

    def confirm(self):
        """Confirm once and count it, in one transaction. True if this call did."""
        with transaction.atomic():
            now = timezone.now()
            done = Signature.objects.filter(
                pk=self.pk, confirmed_at__isnull=True
            ).update(confirmed_at=now)
            if done:
                PetitionPage.objects.filter(pk=self.petition_id).update(
                    signature_count=F("signature_count") + 1
                )
                self.confirmed_at = now
        return bool(done)

    def delete(self, *args, **kwargs):
        """Delete, and uncount it if it was confirmed, in one transaction.

        The row is locked first so that a confirmation racing this deletion
        is either counted and then uncounted, or never happens."""
        with transaction.atomic():
            locked = list(
                Signature.objects.select_for_update()
                .filter(pk=self.pk)
                .values_list("confirmed_at", flat=True)
            )
            if not locked:
                return 0, {}
            confirmed = locked[0] is not None
            result = super().delete(*args, **kwargs)
            if confirmed:
                PetitionPage.objects.filter(pk=self.petition_id).update(
                    signature_count=F("signature_count") - 1
                )
        return result


class EmailQuerySet(models.QuerySet):
    def due(self, now=None):
        """Emails to attempt now: waiting ones whose time has come, and
        attempts cut short (a worker stopped mid-send) once their retry time
        has passed."""
        return self.filter(
            status__in=[Email.Status.PENDING, Email.Status.SENDING],
            next_attempt_at__lte=now or timezone.now(),
        )


class Email(models.Model):
    """An email to a signer, kept until it is sent: the outbox.

    The row is written in the transaction that stores the signature, so a
    signature never lacks its email. Sending is retried with a growing wait
    (petition/tasks.py) until it goes through or PETITION_EMAIL_MAX_ATTEMPTS
    is reached; then it is failed, and the petition team can resend it from the
    admin. The row holds neither the address nor the text: both are read from
    the signature when it is sent, and a withdrawn signature takes its emails
    with it. `last_error` names what went wrong, never the address.
    """

    class Kind(models.TextChoices):
        CONFIRM = "confirm", _("confirmation link")
        ALREADY_SIGNED = "already_signed", _("already signed")

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting to be sent")
        SENDING = "sending", _("being sent")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    signature = models.ForeignKey(
        Signature,
        on_delete=models.CASCADE,
        related_name="emails",
        verbose_name=_("signature"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    base_url = models.URLField(
        _("site address"), max_length=200, help_text=_("Where the links start.")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=timezone.now)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    objects = EmailQuerySet.as_manager()

    class Meta:
        verbose_name = _("petition email")
        verbose_name_plural = _("petition emails")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["status", "next_attempt_at"], name="email_status_next_attempt"
            )
        ]
        permissions = [("resend_email", "Can resend petition emails")]

    def __str__(self):
        # Like a signature's: never a name or an address.
        return f"Email {self.pk}"
