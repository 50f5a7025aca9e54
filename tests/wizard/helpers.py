"""Small helpers for the wizard's view tests."""

from __future__ import annotations

import re

from netwizard.inventory.models import Host

HTMX = {"HX-Request": "true"}


def version(name: str) -> int:
    return Host.objects.get(name=name).version


def field_errors(response, field: str) -> list[str]:
    """The errors a bound form in the response's context holds for `field`."""
    return list(response.context["form"].errors.get(field, []))


_INLINE = re.compile(r"</?(?:span|code|strong|a|em)\b[^>]*>")


def text(response) -> str:
    """The response's HTML as the reader sees the words: tags removed, whitespace collapsed."""
    html = _INLINE.sub("", response.content.decode())
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())
