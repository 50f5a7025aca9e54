"""Template tags of the wizard's own."""

import secrets

from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def submission_token():
    """A hidden one-time token: a second POST with the same token is recognised as a double submit."""
    return format_html('<input type="hidden" name="submission" value="{}">', secrets.token_urlsafe(12))
