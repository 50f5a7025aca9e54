"""The switches the hosts' NICs are cabled to."""

from django.db import models

from .validators import validate_cluster_name, validate_text_line_safe


class Switch(models.Model):
    """A switch the hosts' NICs are cabled to: what it can do decides the bond mode."""

    name = models.CharField(max_length=64, unique=True, validators=[validate_cluster_name])
    lacp = models.BooleanField(
        "supports LACP",
        default=False,
        help_text="The ports the hosts use can form an LACP (802.3ad) aggregation.",
    )
    stack = models.CharField(
        "stack / MLAG group",
        max_length=64,
        blank=True,
        validators=[validate_cluster_name],
        help_text="Switches with the same non-empty group act as one LACP partner (a stack or an MLAG pair).",
    )
    # The same text rules as a host description (and PostgreSQL refuses NUL outright).
    notes = models.TextField(blank=True, validators=[validate_text_line_safe])

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "switches"

    def __str__(self) -> str:
        return self.name
