"""Routes under /api/. None of them redirects to the login page: a script gets 401 or 403
with a JSON error. The Swagger page is the exception: it is a page for people, behind
the login like every other page."""

from django.contrib.auth.decorators import login_not_required, login_required
from django.urls import path
from drf_spectacular.renderers import OpenApiJsonRenderer, OpenApiYamlRenderer
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from . import clusters, facts, files, hosts, imports, interfaces, plans, switches


class SchemaView(SpectacularAPIView):
    """The OpenAPI document, JSON unless `?format=yaml`; its refusals are JSON like every other."""

    renderer_classes = [OpenApiJsonRenderer, OpenApiYamlRenderer]


app_name = "api"

urlpatterns = [
    path("lint/", login_not_required(files.lint), name="lint"),
    path("lint/cluster/", login_not_required(files.lint_cluster), name="lint_cluster"),
    path("format/", login_not_required(files.format_file), name="format"),
    path("hosts/", login_not_required(hosts.hosts), name="hosts"),
    path("hosts/<str:name>/", login_not_required(hosts.host), name="host"),
    path("hosts/<str:name>/findings/", login_not_required(hosts.host_findings), name="host_findings"),
    path("hosts/<str:name>/interfaces-file", login_not_required(hosts.host_interfaces_file), name="host_file"),
    path("hosts/<str:name>/topology.svg", login_not_required(hosts.host_topology), name="host_topology"),
    path("hosts/<str:name>/apply-plan", login_not_required(plans.host_apply_plan), name="host_apply_plan"),
    path(
        "hosts/<str:name>/switch-checklist/",
        login_not_required(plans.host_switch_checklist),
        name="host_switch_checklist",
    ),
    path("hosts/<str:name>/import/", login_not_required(imports.host_import), name="host_import"),
    path("hosts/<str:name>/facts/", login_not_required(facts.host_facts), name="host_facts"),
    path("hosts/<str:name>/interfaces/", login_not_required(interfaces.interfaces), name="interfaces"),
    path(
        "hosts/<str:name>/interfaces/<str:iface>/",
        login_not_required(interfaces.interface),
        name="interface",
    ),
    path("clusters/<str:name>/", login_not_required(clusters.cluster), name="cluster"),
    path("switches/", login_not_required(switches.switches), name="switches"),
    path("schema/", login_not_required(SchemaView.as_view()), name="schema"),
    # The split view serves Swagger UI's start-up script as a file of its own: the page's
    # Content-Security-Policy allows no inline script.
    path("docs/", login_required(SpectacularSwaggerSplitView.as_view(url_name="api:schema")), name="docs"),
]
