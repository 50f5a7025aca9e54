"""Step 3: a Linux Bond, its members, the questions behind the mode, and the mode's options."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError

from netwizard.inventory import constants
from netwizard.inventory.choices import InterfaceKind
from netwizard.inventory.cluster_configs import corosync_links_over
from netwizard.inventory.conversion import network_from_rows
from netwizard.inventory.models import Interface
from netwizard.inventory.selectors import interface_copy, interface_name_suggest
from netwizard.inventory.services import bond_fields_set
from netwizard.network import bonding
from netwizard.network.interfaces_file.syntax import BOND_NAME
from netwizard.network.rules import Answers, ModeChoice, Recommendation, recommend_bond_mode

from .base import LengthCheckedField, WizardForm, mtu_field
from .nics import speed_label

YES, NO, UNKNOWN = "yes", "no", "unknown"
SWITCH_LACP_CHOICES = [(YES, "Yes"), (NO, "No"), (UNKNOWN, "I don't know")]
TOPOLOGY_CHOICES = [
    ("single", "One switch"),
    ("stack", "A stack or MLAG pair"),
    ("independent", "Two independent switches"),
    (UNKNOWN, "Not sure"),
]
CLUSTER_CHOICES = [(NO, "No"), (YES, "Yes")]
TRAFFIC_CHOICES = [
    ("guest", "Guests (as a bridge port)"),
    ("storage", "Storage (Ceph, NFS, iSCSI)"),
    ("management", "Management (GUI, SSH)"),
]
ANSWER_FIELDS = ("switch_lacp", "topology", "carries_cluster", "carries")
SWITCH_ANSWER_FIELDS = ("switch_lacp", "topology")  # what the inventory can fill in (derived_answers)

# The two modes Proxmox advises come first; the special-purpose ones follow.
MODE_ORDER = bonding.RECOMMENDED_MODES + tuple(
    m.name
    for m in (bonding.BALANCE_XOR, bonding.BALANCE_RR, bonding.BROADCAST, bonding.BALANCE_TLB, bonding.BALANCE_ALB)
)
COMMON_MODES = frozenset(bonding.RECOMMENDED_MODES)

BOND_NAME_MESSAGE = "Proxmox only recognises bonds named bondN, such as bond0."
NAME_TAKEN = "{host} already has an interface named {name}."
MEMBERS_NEEDED = "Pick at least one NIC; two or more make the bond survive a failed link."
NOT_ALLOWED = "{mode} is not allowed here: {reason}"
PRIMARY_NOT_MEMBER = "The primary must be one of the members you picked."
PRIMARY_NOT_TICKED = "The primary {primary} is not one of the members you picked: tick it, or choose another primary."
RADIOS = forms.RadioSelect(attrs={"class": "form-check-input"})
CHECKBOXES = forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"})
LACP_RATE_CHOICES = [("", "slow (default)"), ("fast", "fast")]
# What each option field holds when nobody chose anything: only a choice gets a "not written" note.
OPTION_DEFAULTS = {"xmit_hash_policy": bonding.DEFAULT_HASH_POLICY, "lacp_rate": "", "primary": ""}


@dataclass(frozen=True)
class SwitchHint:
    """What the inventory knows about one member's switch, shown under the questions."""

    nic: str
    switch: str
    lacp: bool | None
    stack: str


def derived_answers(members: list[Interface]) -> dict[str, str]:
    """The switch answers the inventory already knows for these members (or "unknown")."""
    switches = [m.switch for m in members]
    if not members:
        return {"switch_lacp": UNKNOWN, "topology": UNKNOWN}
    if any(s is not None and not s.lacp for s in switches):
        lacp = NO
    elif all(s is not None for s in switches):
        lacp = YES
    else:
        lacp = UNKNOWN
    topology = UNKNOWN
    if all(s is not None for s in switches):
        names = {s.name for s in switches}
        stacks = {s.stack for s in switches}
        if len(names) == 1:
            topology = "single"
        elif len(stacks) == 1 and "" not in stacks:
            topology = "stack"
        else:
            topology = "independent"
    return {"switch_lacp": lacp, "topology": topology}


def answers_of(values: dict) -> Answers:
    """The recommender's answers from the form's values; anything unreadable counts as unknown."""
    lacp = {YES: True, NO: False}.get(values.get("switch_lacp"))
    topology = values.get("topology")
    carries = {c for c in values.get("carries") or () if c in dict(TRAFFIC_CHOICES)}
    return Answers(
        switch_lacp=lacp,
        topology=topology if topology in ("single", "stack", "independent") else None,
        carries_cluster=values.get("carries_cluster") == YES,
        carries=frozenset(carries),
    )


@dataclass(frozen=True)
class ModeCard:
    mode: bonding.BondMode
    choice: ModeChoice
    checked: bool
    common: bool

    @property
    def options(self) -> list[bonding.BondOption]:
        keys = (bonding.HASH_POLICY, bonding.LACP_RATE, bonding.PRIMARY)
        return [bonding.BOND_OPTIONS[k] for k in keys if bonding.offered(self.mode.name, k)]


class BondForm(WizardForm):
    """One bond. `rows` are the host's interfaces (from `selectors.host_rows`)."""

    def __init__(self, *args, host, rows: list[Interface], bond: Interface | None = None, **kwargs):
        self.bond = bond
        self.rows = rows
        nics = [r for r in rows if r.kind == InterfaceKind.NIC]
        own = bond.pk if bond is not None else None
        self.candidates = [n for n in nics if n.master_id is None or n.master_id == own]
        by_pk = {r.pk: r for r in rows}
        self.unavailable = [(n, by_pk[n.master_id].name) for n in nics if n not in self.candidates]
        self.by_name = {n.name: n for n in self.candidates}
        self.taken = {r.name for r in rows if r.pk != own}
        # What the cluster's corosync.conf says about this bond; None without one.
        self.corosync_links = (
            corosync_links_over(host, network_from_rows(host, rows), bond.name) if bond is not None else None
        )

        initial = kwargs.setdefault("initial", {})
        if bond is not None:
            members = [n.name for n in self.candidates if n.master_id == bond.pk]
            primary = by_pk.get(bond.bond_primary_id)
            stored = {k: v for k, v in (bond.wizard_answers or {}).items() if k in ANSWER_FIELDS}
            initial.setdefault("name", bond.name)
            initial.setdefault("members", members)
            for key, value in self.answers_for_bond(bond, members).items():
                initial.setdefault(key, stored.get(key, value))
            initial.setdefault("mode", bond.bond_mode)
            # A bond imported without link monitoring gets the usual interval offered (BOND-08).
            initial.setdefault("miimon", bond.bond_miimon or bonding.DEFAULT_MIIMON)
            initial.setdefault("xmit_hash_policy", bond.bond_xmit_hash_policy or bonding.DEFAULT_HASH_POLICY)
            initial.setdefault("lacp_rate", bond.bond_lacp_rate)
            initial.setdefault("primary", primary.name if primary else "")
            initial.setdefault("mtu", bond.mtu)
        else:
            initial.setdefault("members", [])
            initial.setdefault("switch_lacp", UNKNOWN)
            initial.setdefault("topology", UNKNOWN)
            initial.setdefault("carries_cluster", NO)
            initial.setdefault("carries", [])
            initial.setdefault("miimon", bonding.DEFAULT_MIIMON)
            initial.setdefault("xmit_hash_policy", bonding.DEFAULT_HASH_POLICY)
        super().__init__(*args, host=host, **kwargs)
        if not self.is_bound and "mode" not in self.initial:
            self.initial["mode"] = self.recommendation.mode

        member_choices = [(n.name, n.name) for n in self.candidates]
        self.fields["name"] = LengthCheckedField(
            label="Bond name",
            max_length=constants.IFNAME_MAX_LENGTH,
            help_text="Proxmox recognises bonds named bondN.",
            widget=forms.TextInput(attrs={"class": "font-monospace", "autocomplete": "off", "spellcheck": "false"}),
        )
        self.fields["members"] = forms.MultipleChoiceField(
            label="Members",
            choices=member_choices,
            widget=CHECKBOXES,
            required=False,
        )
        self.fields["switch_lacp"] = forms.ChoiceField(
            label="Do the switch ports support LACP (802.3ad)?",
            choices=SWITCH_LACP_CHOICES,
            widget=RADIOS,
        )
        self.fields["topology"] = forms.ChoiceField(
            label="Where are the members cabled to?",
            choices=TOPOLOGY_CHOICES,
            widget=RADIOS,
        )
        self.fields["carries_cluster"] = forms.ChoiceField(
            label="Will this bond carry the cluster (corosync) network?",
            choices=CLUSTER_CHOICES,
            widget=RADIOS,
        )
        self._cluster_note()
        self.fields["carries"] = forms.MultipleChoiceField(
            label="What else will it carry?",
            choices=TRAFFIC_CHOICES,
            widget=CHECKBOXES,
            required=False,
        )
        self.fields["mode"] = forms.ChoiceField(
            label="Bonding mode",
            choices=[(m.name, m.label) for m in bonding.MODES],
            widget=RADIOS,
        )
        option = bonding.BOND_OPTIONS
        self.fields["miimon"] = forms.IntegerField(
            label=option[bonding.MIIMON].label,
            min_value=1,
            max_value=bonding.MIIMON_MAX,
            help_text=option[bonding.MIIMON].help,
        )
        self.fields["xmit_hash_policy"] = forms.ChoiceField(
            label=option[bonding.HASH_POLICY].label,
            choices=[(p.name, p.name) for p in bonding.HASH_POLICIES],
            required=False,
            help_text=option[bonding.HASH_POLICY].help,
        )
        self.fields["lacp_rate"] = forms.ChoiceField(
            label=option[bonding.LACP_RATE].label,
            choices=LACP_RATE_CHOICES,
            required=False,
            help_text=option[bonding.LACP_RATE].help,
        )
        self.fields["primary"] = forms.ChoiceField(
            label=option[bonding.PRIMARY].label,
            choices=[("", "No preference"), *member_choices],
            required=False,
            help_text=option[bonding.PRIMARY].help,
        )
        self.fields["mtu"] = mtu_field(InterfaceKind.BOND)
        for name in ("name", "miimon"):
            self.fields[name].widget.attrs.setdefault("class", "")
        self.fields["miimon"].widget.attrs["class"] = "font-monospace"

    def _cluster_note(self) -> None:
        """Say under the cluster question what corosync.conf says, and (`cluster_disagreement`,
        shown with the recommendation, which every change refreshes) where the answer differs."""
        self.cluster_disagreement = ""
        if self.corosync_links is None:
            return
        answer = self.value("carries_cluster")
        field = self.fields["carries_cluster"]
        if self.corosync_links:
            field.help_text = f"corosync.conf runs {', '.join(self.corosync_links)} over this bond."
            if answer == NO:
                self.cluster_disagreement = (
                    "Your answer says this bond does not carry the cluster network, but corosync.conf runs "
                    f"{', '.join(self.corosync_links)} over it: the rules follow corosync.conf and ask for "
                    "active-backup."
                )
        else:
            field.help_text = "corosync.conf runs no corosync link over this bond."
            if answer == YES:
                self.cluster_disagreement = (
                    "Your answer says this bond carries the cluster network, but corosync.conf runs no link over it; "
                    "netwizard keeps asking for active-backup as answered until you change the answer."
                )

    # What the inventory says ----------------------------------------------------

    def answers_for_bond(self, bond: Interface, members: list[str]) -> dict:
        """Answers for a bond the wizard has not asked about: from its switches and roles."""
        derived = derived_answers([self.by_name[m] for m in members if m in self.by_name])
        bridged = any(r.pk == bond.master_id and r.kind == InterfaceKind.BRIDGE for r in self.rows)
        carries = ["guest"] if bridged else []
        if bond.is_management:
            carries.append("management")
        carries_cluster = bond.carries_cluster or bool(self.corosync_links)
        return {**derived, "carries_cluster": YES if carries_cluster else NO, "carries": carries}

    def switch_hints(self) -> list[SwitchHint]:
        members = [self.by_name[m] for m in self.value("members") if m in self.by_name]
        hints = []
        for m in members:
            switch = m.switch
            if switch is None:
                hints.append(SwitchHint(m.name, "", None, ""))
            else:
                hints.append(SwitchHint(m.name, switch.name, switch.lacp, switch.stack))
        return hints

    @property
    def switches_known(self) -> bool:
        return any(hint.switch for hint in self.switch_hints())

    @property
    def inventory_state(self) -> str:
        """What the sentence under the questions may say about the inventory and the answers:
        "filled" when every switch answer it knows is the one shown, "differ" when one shown is
        another, "partial" when it knows switches but settles no answer, "" when it knows none."""
        if not self.switches_known:
            return ""
        members = [self.by_name[m] for m in self.value("members") if m in self.by_name]
        known = {k: v for k, v in derived_answers(members).items() if v != UNKNOWN}
        if not known:
            return "partial"
        return "filled" if all(self.value(k) == v for k, v in known.items()) else "differ"

    def shown_fields(self) -> list[tuple[str, str]]:
        """The members and switch answers as this page shows them, posted back as hidden
        `_shown*` fields: without JavaScript the next post tells what the user changed."""
        fields = [("_shown", "1")]
        fields += [("_shown_members", m) for m in self.value("members")]
        fields += [(f"_shown_{k}", self.value(k) or "") for k in SWITCH_ANSWER_FIELDS]
        return fields

    def member_rows(self) -> list[dict]:
        """The NICs to pick from, with what the inventory knows about each."""
        picked = set(self.value("members"))
        rows = []
        for nic in self.candidates:
            facts = [speed_label(nic.speed_mbps)]
            if nic.switch is not None:
                facts.append(f"{nic.switch.name} {nic.switch_port}".strip())
            rows.append({"nic": nic, "facts": " · ".join(f for f in facts if f), "checked": nic.name in picked})
        return rows

    @property
    def selected_mode(self) -> bonding.BondMode | None:
        return bonding.MODES_BY_NAME.get(self.value("mode") or "")

    def option_fields(self) -> list[dict]:
        """The options beside the MII monitor: shown where the chosen mode uses and writes them, kept
        hidden otherwise. A value the user set that the mode leaves out gets a `note` saying why, so
        nothing typed vanishes without a word (it stays in the hidden field for another mode)."""
        mode = self.selected_mode
        policy = bonding.HASH_POLICIES_BY_NAME.get(self.value("xmit_hash_policy") or "")
        rate = bonding.LACP_RATES_BY_NAME.get(self.value("lacp_rate") or "slow")
        extras = {
            "xmit_hash_policy": f"{policy.name}: {policy.explanation}" if policy else "",
            "lacp_rate": f"{rate.name}: {rate.explanation}" if rate else "",
            "primary": "",
        }
        keys = {name: key for name, key in bonding.SETTING_OPTIONS.items() if key != bonding.MIIMON}
        fields = []
        for name, key in keys.items():
            applies = mode is not None and bonding.offered(mode.name, key)
            value = self.value(name) or ""
            note = ""
            if mode is not None and not applies and value and value != OPTION_DEFAULTS[name]:
                label = bonding.BOND_OPTIONS[key].label
                note = f"{label} {value} is not written for {mode.name}: {bonding.unused_reason(mode.name, key)}"
            elif applies and name == "primary" and value and value not in (self.value("members") or []):
                note = PRIMARY_NOT_TICKED.format(primary=value)
            fields.append({"bound": self[name], "applies": applies, "extra": extras[name], "note": note})
        return fields

    # The values shown: bound data, or the initial values --------------------------

    def value(self, name: str):
        multiple = name in ("members", "carries")
        if self.is_bound:
            return self.data.getlist(name) if multiple and hasattr(self.data, "getlist") else self.data.get(name)
        value = self.initial.get(name)
        return list(value or []) if multiple else value

    @property
    def recommendation(self) -> Recommendation:
        values = {name: self.value(name) for name in ANSWER_FIELDS}
        return recommend_bond_mode(answers_of(values))

    def mode_cards(self) -> list[ModeCard]:
        recommendation = self.recommendation
        choices = {c.mode.name: c for c in recommendation.choices()}
        selected = self.value("mode")
        return [
            ModeCard(
                mode=bonding.MODES_BY_NAME[name],
                choice=choices[name],
                checked=name == selected,
                common=name in COMMON_MODES,
            )
            for name in MODE_ORDER
        ]

    # Validation -----------------------------------------------------------------

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if not BOND_NAME.fullmatch(name):
            raise ValidationError(BOND_NAME_MESSAGE)
        if name in self.taken:
            raise ValidationError(NAME_TAKEN.format(host=self.host.name, name=name))
        return name

    def clean_members(self) -> list[str]:
        members = self.cleaned_data["members"]
        if not members:
            raise ValidationError(MEMBERS_NEEDED)
        return members

    def clean(self):
        cleaned = super().clean()
        mode = cleaned.get("mode")
        reason = self.recommendation.not_allowed.get(mode or "")
        if reason:
            self.add_error("mode", NOT_ALLOWED.format(mode=bonding.MODES_BY_NAME[mode].label, reason=reason))
        primary = cleaned.get("primary")
        if primary and bonding.offered(mode or "", bonding.PRIMARY) and primary not in cleaned.get("members", []):
            self.add_error("primary", PRIMARY_NOT_MEMBER)
        return cleaned

    # For the services ------------------------------------------------------------

    def service_values(self) -> dict:
        data = self.cleaned_data
        members = [self.by_name[m] for m in data["members"]]
        answers = {key: data.get(key) for key in ANSWER_FIELDS}
        return {
            "name": data["name"],
            "members": members,
            "mode": data["mode"],
            "miimon": data["miimon"],
            "xmit_hash_policy": data.get("xmit_hash_policy") or "",
            "lacp_rate": data.get("lacp_rate") or "",
            "primary": self.by_name.get(data.get("primary") or ""),
            "carries_cluster": data.get("carries_cluster") == YES,
            "answers": answers,
            "mtu": data.get("mtu"),
        }

    def candidate(self) -> tuple[Interface, list[Interface]]:
        """The bond as saving would store it, for the preview; invalid values fall back to the stored ones."""
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        base = self.bond or Interface(host=self.host, kind=InterfaceKind.BOND, autostart=True, ipv4_method="manual")
        bond = interface_copy(base)
        members = [self.by_name[m] for m in data.get("members") or self.value("members") or [] if m in self.by_name]
        mode = data.get("mode") or base.bond_mode or self.recommendation.mode
        miimon = data.get("miimon") or base.bond_miimon or bonding.DEFAULT_MIIMON
        bond_fields_set(
            bond=bond,
            # An invalid or taken name previews as the name a new bond would get, not as a clash.
            name=data.get("name")
            or base.name
            or interface_name_suggest(taken=[r.name for r in self.rows], prefix="bond"),
            mode=mode,
            miimon=miimon,
            xmit_hash_policy=data.get("xmit_hash_policy") or "",
            lacp_rate=data.get("lacp_rate") or "",
            primary=self.by_name.get(data.get("primary") or ""),
            carries_cluster=(data.get("carries_cluster") or self.value("carries_cluster")) == YES,
        )
        bond.mtu = data.get("mtu", base.mtu)
        return bond, members
