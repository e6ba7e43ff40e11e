from django.conf import settings
from django.db import models
from django.db.models import Q

from .common import PublicationStatus

# What an import may make its events: the rest of the workflow is the reviewers'.
IMPORT_STATUSES = (PublicationStatus.PUBLISHED, PublicationStatus.DRAFT)


# Event files (CSV) and control-zone files (GeoJSON, KML/KMZ, GeoPackage) too large to read in
# a request.
FORMATS = [("acled", "ACLED"), ("ucdp", "UCDP GED"), ("zones", "Control zones")]


class ImportState(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class ImportJob(models.Model):
    """One run of the importer over an uploaded file, done by the task worker off the request.

    A dry run first; committing it queues a second job over the same upload (`dry_run_of`).
    Written by events.services.imports.jobs only. The running job's row count lives in a file
    beside the upload, not here: on SQLite the import's own transaction holds the only write
    lock until it ends, so no other connection could record progress in the database."""

    token = models.CharField(max_length=32, help_text="Names the upload in IMPORTS_DIR.")
    file_name = models.CharField(max_length=255)
    format = models.CharField(max_length=5, choices=FORMATS)
    event_status = models.CharField(
        max_length=12,
        choices=[(s.value, s.label) for s in IMPORT_STATUSES],
        help_text="Status of the events created.",
    )
    update = models.BooleanField(default=False)
    skip_invalid = models.BooleanField(default=False)
    dry_run = models.BooleanField(default=True)
    dry_run_of = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="commit",
        help_text="The dry run this job writes.",
    )
    state = models.CharField(max_length=8, choices=ImportState.choices, default=ImportState.QUEUED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    task_id = models.CharField(max_length=36, blank=True, help_text="The queued task's id.")
    # ImportReport.as_dict(): the counts, the summary line and the rejected rows.
    report = models.JSONField(default=dict, blank=True)
    # A zone file's import options (events.services.imports.zones.import_zone_file's keywords).
    options = models.JSONField(default=dict, blank=True)

    class Meta:
        default_permissions = ()  # written by the import service, read with the import right
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=ImportState.values), name="import_job_state_valid"
            ),
            models.CheckConstraint(
                condition=Q(format__in=[code for code, _ in FORMATS]),
                name="import_job_format_valid",
            ),
            models.CheckConstraint(
                condition=Q(event_status__in=IMPORT_STATUSES),
                name="import_job_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(dry_run_of__isnull=True) | Q(dry_run=False),
                name="import_job_commit_is_not_a_dry_run",
            ),
        ]

    def __str__(self) -> str:
        kind = "dry run" if self.dry_run else "import"
        return f"{kind} of {self.file_name} ({self.get_state_display().lower()})"
