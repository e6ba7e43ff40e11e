from django.conf import settings
from django.db import models
from django.db.models import Q

from .common import PublicationStatus


class RecordType(models.TextChoices):
    EVENT = "event", "Event"
    ZONE = "zone", "Control zone"


class StatusChange(models.Model):
    """One step of the editorial workflow: who moved which record from what to what, and why.

    Written by events.services.workflow only; read by the admin's workflow box and by
    /api/withdrawn.json (what mirrors must drop)."""

    record_type = models.CharField(max_length=5, choices=RecordType.choices)
    record_id = models.PositiveBigIntegerField()
    from_status = models.CharField(max_length=12, choices=PublicationStatus.choices)
    to_status = models.CharField(max_length=12, choices=PublicationStatus.choices)
    note = models.TextField(blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Empty: a command run by the system (import_events without --user).",
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        default_permissions = ()  # written by the workflow only, never by hand
        ordering = ["at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(record_type__in=RecordType.values), name="status_change_type_valid"
            ),
            models.CheckConstraint(
                condition=~Q(from_status=models.F("to_status")), name="status_change_changes"
            ),
        ]
        indexes = [
            # A record's steps, for its workflow box.
            models.Index(
                fields=["record_type", "record_id", "at"], name="status_change_record_idx"
            ),
            # /api/withdrawn.json?since=
            models.Index(fields=["to_status", "at"], name="status_change_to_at_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.record_type} {self.record_id}: {self.from_status} → {self.to_status}"
