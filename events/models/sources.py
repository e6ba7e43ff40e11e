from django.db import models
from django.db.models import Q

from .common import Versioned


class Reliability(models.TextChoices):
    """The Admiralty (NATO) scale for the reliability of a source."""

    A = "A", "A - Completely reliable"
    B = "B", "B - Usually reliable"
    C = "C", "C - Fairly reliable"
    D = "D", "D - Not usually reliable"
    E = "E", "E - Unreliable"
    F = "F", "F - Reliability cannot be judged"


class Source(Versioned):
    """A document that supports claims: an article, a report, a dataset release."""

    publisher = models.CharField(max_length=200, blank=True, help_text="Leave empty when unknown.")
    title = models.CharField(max_length=500)
    url = models.URLField("URL", max_length=1000, blank=True)
    published_on = models.DateField(null=True, blank=True)
    language = models.CharField(max_length=16, default="en", help_text="BCP 47 code: en, ar")
    reliability = models.CharField(max_length=1, choices=Reliability.choices, blank=True)

    class Meta:
        ordering = ["-published_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(reliability__in=["", *Reliability.values]),
                name="source_reliability_admiralty",
            ),
        ]

    def __str__(self) -> str:
        when = self.published_on.isoformat() if self.published_on else "undated"
        return f"{self.publisher or 'Unknown publisher'}: {self.title} ({when})"

    @property
    def web_url(self) -> str:
        """The URL when it is a web address, else "": an import or the shell may have stored a
        javascript: or data: URL, which must never become a live link."""
        return self.url if self.url.lower().startswith(("http://", "https://")) else ""


class CitationBase(models.Model):
    """A claim's support: which source, in its own words, and where in it."""

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="%(class)ss")
    quote = models.TextField(
        max_length=600,
        blank=True,
        help_text="A short quote from the source (datasets such as ACLED cite without quotes).",
    )
    locator = models.CharField(
        max_length=100, blank=True, help_text="Page, paragraph or timestamp."
    )

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.source}: “{self.quote[:60]}”"
