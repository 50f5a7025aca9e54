"""The wizard's forms, one module per step."""

from .base import WizardForm, finding_field
from .bonds import BondForm
from .hosts import HostCreateForm, HostEditForm, HostImportForm
from .layer3 import AddressForm, BridgeForm, VlanForm
from .nics import NicForm, SwitchForm, nic_name_problem

__all__ = [
    "AddressForm",
    "BondForm",
    "BridgeForm",
    "HostCreateForm",
    "HostEditForm",
    "HostImportForm",
    "NicForm",
    "SwitchForm",
    "VlanForm",
    "WizardForm",
    "finding_field",
    "nic_name_problem",
]
