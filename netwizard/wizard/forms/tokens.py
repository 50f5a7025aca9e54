"""The form that makes an API token on the tokens page."""

from django import forms

from netwizard.inventory.services.tokens import MAX_EXPIRY_DAYS

DEFAULT_EXPIRY_DAYS = 90


class ApiTokenForm(forms.Form):
    description = forms.CharField(
        label="What it is for",
        max_length=100,
        required=False,
        help_text="Shown in the list below, e.g. “CI lint of the pve nodes”.",
    )
    write = forms.BooleanField(
        label="May change data",
        required=False,
        help_text="Off: the token reads, lints and formats only. Editors only; never more than your role allows.",
    )
    expires_days = forms.IntegerField(
        label="Expires after (days)",
        min_value=1,
        max_value=MAX_EXPIRY_DAYS,
        required=False,
        initial=DEFAULT_EXPIRY_DAYS,
        help_text=f"1 to {MAX_EXPIRY_DAYS}; empty: never expires.",
    )

    def __init__(self, *args, can_write: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_write:
            self.fields["write"].disabled = True
            self.fields["write"].help_text = "Only editors can make tokens that change data."
