"""One spelling for a MAC address, whoever types it: the wizard, the admin or a service call.

`ip link` shows `3c:ec:ef:12:34:56`; a vendor's label or BMC may show `3C-EC-EF-12-34-56`.
Both are accepted and stored as `ip link` writes them, so the same NIC never has two
spellings in the inventory.
"""

from .models import validate_mac


def mac_normalize(value: str) -> str:
    """`value` lower case, colon-separated and stripped ("" stays ""); ValidationError with
    the model's message when it is still no MAC address."""
    mac = value.strip().lower().replace("-", ":")
    if mac:
        validate_mac(mac)
    return mac
