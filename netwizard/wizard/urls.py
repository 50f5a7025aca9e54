from django.urls import path

from . import views

app_name = "wizard"

urlpatterns = [
    path("", views.host_list, name="host_list"),
    path("hosts/<str:name>/", views.host_detail, name="host_detail"),
    path("hosts/<str:name>/interfaces", views.host_interfaces, name="host_interfaces"),
    path("hosts/<str:name>/topology.svg", views.host_topology, name="host_topology"),
]
