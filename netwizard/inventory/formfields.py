"""Form fields shared by the wizard and the admin."""

from django import forms


def line_endings_normalize(text: str) -> str:
    """CRLF and lone CR become LF: the interfaces file, and the validators, know only LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


class MultilineTextField(forms.CharField):
    """Text of several lines (a description, notes, an interface comment).

    A browser sends a textarea's lines with CRLF whenever the form is posted without
    JavaScript; here they become LF before any length limit or validator sees them, so a
    multi-line text is not refused for a control character nobody typed.
    """

    def to_python(self, value):
        value = super().to_python(value)
        return line_endings_normalize(value) if isinstance(value, str) else value
