"""A cluster's own configuration (corosync.conf, ceph.conf), as the cluster page uploads it or
a node's facts document brings it (issue 18).

A text is stored only once its parser reads it: the error names the line, and nothing is
stored then. An empty text removes that file from the configuration.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F

from netwizard.network.cluster_conf import ConfError, ceph_parse, corosync_parse

from .. import audit
from ..models import ClusterConfiguration, Host, HostChange

NO_SUCH_CLUSTER = "No host belongs to cluster {cluster}."
UNREADABLE = "{file}: {error} Nothing was stored."
KEEP = None  # leave that file as it is


def cluster_configuration_set(
    *, cluster: str, corosync_text: str | None = KEEP, ceph_text: str | None = KEEP, source: str = ""
) -> ClusterConfiguration:
    """Store the cluster's corosync.conf and/or ceph.conf; ValidationError naming the file
    and line when one cannot be read. `source` says where they came from, for the history."""
    if not Host.objects.filter(cluster=cluster).exists():
        raise ValidationError(NO_SUCH_CLUSTER.format(cluster=cluster), code="no_cluster")
    for name, text, parse in (("corosync.conf", corosync_text, corosync_parse), ("ceph.conf", ceph_text, ceph_parse)):
        if text:
            try:
                parse(text)
            except ConfError as error:
                raise ValidationError(UNREADABLE.format(file=name, error=error), code="conf") from error
    with transaction.atomic():
        config, _ = ClusterConfiguration.objects.select_for_update().get_or_create(cluster=cluster)
        before = (config.corosync_text, config.ceph_text)
        if corosync_text is not KEEP:
            config.corosync_text = corosync_text.replace("\r\n", "\n")
        if ceph_text is not KEEP:
            config.ceph_text = ceph_text.replace("\r\n", "\n")
        if (config.corosync_text, config.ceph_text) == before:
            return config  # the same files again (every node's facts carry them): nothing to record
        user = audit.current_user()
        config.updated_by = user.get_username() if user is not None else ""
        config.save()
        # Every node's findings follow from the configuration: their pages (and ETags) change.
        Host.objects.filter(cluster=cluster).update(version=F("version") + 1)
        changed = [n for n, t in (("corosync.conf", corosync_text), ("ceph.conf", ceph_text)) if t is not KEEP]
        for host in Host.objects.filter(cluster=cluster):
            audit.host_change_record(
                host=host,
                action=HostChange.EDIT,
                summary=f"Cluster {cluster}: {' and '.join(changed)} {source or 'uploaded'}",
            )
    return config
