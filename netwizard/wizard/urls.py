from django.urls import path

from . import views

app_name = "wizard"

# Interface names never contain "/", so `<str:iface>` is always one path segment.
wizard = "hosts/<str:name>/wizard/"

urlpatterns = [
    path("", views.host_list, name="host_list"),
    # Before hosts/<name>/: "new" is refused as a host name.
    path("hosts/new/", views.host_new, name="host_new"),
    path("clusters/<str:name>/", views.cluster_detail, name="cluster_detail"),
    path("clusters/<str:name>/configuration/", views.cluster_configuration, name="cluster_configuration"),
    path("clusters/<str:name>/apply/", views.cluster_apply, name="cluster_apply"),
    path("tokens/", views.api_tokens, name="api_tokens"),
    path("tokens/<int:pk>/revoke/", views.api_token_revoke, name="api_token_revoke"),
    path("hosts/<str:name>/", views.host_detail, name="host_detail"),
    path("hosts/<str:name>/interfaces", views.host_interfaces, name="host_interfaces"),
    path("hosts/<str:name>/download/", views.host_download, name="host_download"),
    path(
        "hosts/<str:name>/download/approve/",
        views.host_root_commands_approve,
        name="host_root_commands_approve",
    ),
    path("hosts/<str:name>/download/applied/", views.host_mark_applied, name="host_mark_applied"),
    path("hosts/<str:name>/topology.svg", views.host_topology, name="host_topology"),
    path("hosts/<str:name>/import/", views.host_import, name="host_import"),
    # The node's own view (issue 17): its facts, a renamed NIC, pinned names and their .link files.
    path("hosts/<str:name>/facts/", views.host_facts_upload, name="host_facts_upload"),
    path("hosts/<str:name>/facts/rename/", views.host_nic_rename, name="host_nic_rename"),
    path("hosts/<str:name>/facts/pin/", views.host_pin, name="host_pin"),
    path("hosts/<str:name>/link-files/<str:filename>", views.host_link_file, name="host_link_file"),
    # After the apply: does the node run the plan? (issue 19)
    path("hosts/<str:name>/verify/", views.host_verify, name="host_verify"),
    path("hosts/<str:name>/verify/check/", views.host_verify_upload, name="host_verify_upload"),
    # Deleting a host: a page naming what goes (GET), and the POST that deletes it.
    path("hosts/<str:name>/delete/", views.host_delete_confirm, name="host_delete_confirm"),
    path("hosts/<str:name>/delete/confirm/", views.host_delete, name="host_delete"),
    # Step 1: the host
    path(wizard, views.host_edit, name="host_edit"),
    # Step 2: NICs, edited in place
    path(wizard + "nics/", views.nics, name="nics"),
    path(wizard + "nic/", views.nic_add, name="nic_add"),
    path(wizard + "nic/<str:iface>/", views.nic_edit, name="nic_edit"),
    path(wizard + "nic-name/", views.nic_name_check, name="nic_name_check"),
    path(wizard + "switch/", views.switch_add, name="switch_add"),
    # Step 3: bonds
    path(wizard + "bonds/", views.bonds, name="bonds"),
    path(wizard + "bond/", views.bond_new, name="bond_new"),
    path(wizard + "bond/<str:iface>/", views.bond_edit, name="bond_edit"),
    # Step 4: bridges, VLANs, addresses
    path(wizard + "bridges/", views.bridges, name="bridges"),
    path(wizard + "bridge/", views.bridge_new, name="bridge_new"),
    path(wizard + "bridge/<str:iface>/", views.bridge_edit, name="bridge_edit"),
    path(wizard + "vlan/", views.vlan_new, name="vlan_new"),
    path(wizard + "vlan/<str:iface>/", views.vlan_edit, name="vlan_edit"),
    path(wizard + "address/<str:iface>/", views.address_edit, name="address_edit"),
    path(wizard + "delete/<str:iface>/", views.interface_delete, name="interface_delete"),
    # Step 5: review
    path(wizard + "review/", views.review, name="review"),
]
