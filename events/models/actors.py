from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q

from .common import Versioned

colour_validator = RegexValidator(r"^#[0-9a-fA-F]{6}$", "Use a hex colour such as #1f77b4.")


class ActorType(models.IntegerChoices):
    """ACLED's inter codes."""

    STATE_FORCES = 1, "State forces"
    REBEL_GROUP = 2, "Rebel group"
    POLITICAL_MILITIA = 3, "Political militia"
    IDENTITY_MILITIA = 4, "Identity militia"
    RIOTERS = 5, "Rioters"
    PROTESTERS = 6, "Protesters"
    CIVILIANS = 7, "Civilians"
    EXTERNAL_OTHER = 8, "External/Other forces"


class ActorQuerySet(models.QuerySet):
    def ids_by_name(self, *, short_names: bool = False) -> dict[str, int]:
        """Each actor's id under its name and aliases (and short name, if asked), case-folded:
        how a file names an actor. A name two actors carry stays with the first by name."""
        fields = ["pk", "name", "aliases", *(["short_name"] if short_names else [])]
        ids: dict[str, int] = {}
        for pk, name, aliases, *short in self.values_list(*fields):
            for word in [name, *short, *(aliases or [])]:
                if isinstance(word, str) and word.strip():
                    ids.setdefault(word.strip().casefold(), pk)
        return ids


class Actor(Versioned):
    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=60, blank=True)
    aliases = models.JSONField(
        default=list, blank=True, help_text="Other names and spellings, one per line."
    )
    actor_type = models.PositiveSmallIntegerField(choices=ActorType.choices)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
        help_text="The coalition or umbrella group this actor is part of.",
    )
    backed_by = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="backs",
        help_text="Outside supporters (states, other actors).",
    )
    colour = models.CharField(max_length=7, default="#777777", validators=[colour_validator])

    objects = ActorQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(actor_type__gte=1, actor_type__lte=8),
                name="actor_type_acled_inter",
            ),
            models.CheckConstraint(
                condition=~Q(parent=F("id")),
                name="actor_not_own_parent",
                violation_error_message="An actor cannot be its own parent.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        return self.short_name or self.name
