from django.db import models


class GeocodeQuery(models.Model):
    """An online geocoder's answer, kept so that the same query is never sent twice."""

    provider = models.CharField(max_length=30)
    query = models.CharField(max_length=300, help_text="The query as sent, after normalising.")
    found = models.BooleanField()
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    address = models.CharField(max_length=500, blank=True)
    raw = models.JSONField(default=dict, blank=True)
    asked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        default_permissions = ()  # internal: never offered on the permission screen
        constraints = [
            models.UniqueConstraint(fields=["provider", "query"], name="geocode_query_once"),
            models.CheckConstraint(
                condition=models.Q(found=False)
                | models.Q(
                    latitude__gte=-90, latitude__lte=90, longitude__gte=-180, longitude__lte=180
                ),
                name="geocode_query_point_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.provider}: {self.query}"
