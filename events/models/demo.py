from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models


class DemoRecord(models.Model):
    """A row the demo scenario created, under a key that never changes.

    Set-up loads the demo into an empty database only; `load_demo --reset` finds the demo's
    rows again by these keys, after editors renamed or moved them, and leaves every other row
    alone. Titles and names are the editors' to change: never a way to find a row.
    """

    key = models.CharField(max_length=100, unique=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")

    class Meta:
        default_permissions = ()  # internal: nobody edits it by hand

    def __str__(self) -> str:
        return self.key
