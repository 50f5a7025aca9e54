"""Reading a host's network, shared by the rules, the plans and the writer.

`index.Net` is the one pass over a host's interfaces that everything reads from;
`context.Context` holds what the interfaces file cannot say (cluster networks, cabling,
the ifupdown flavour); `options` is ifupdown2's option vocabulary (names, aliases, value
grammars); `vids` and `mtu` compute the VLAN IDs a bridge allows and the MTU an
interface ends up with, which the rules compare and the switch-side checklists print.
Nothing here judges: findings belong to `rules`.
"""
