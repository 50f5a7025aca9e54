"""The Django admin as the inventory panel: hosts, switches and a page per interface kind.

Every save and delete is handed to the services, so the admin writes exactly as the
wizard and the commands do. Django imports this package to find the admin pages; each
module registers its own:

- writes: the saves and deletes through the services, the wizard's stale-edit check, and
  the pages that only show rows
- switches: the switches
- hosts: the hosts, each with its interfaces inline
- interfaces: a page per interface kind, and every interface in one read-only list
- history: the audit history, read-only
"""

from . import history, hosts, interfaces, switches  # noqa: F401  (each registers its pages)
