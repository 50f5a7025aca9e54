from django.urls import path

from . import views

app_name = "wizard"

urlpatterns = [
    path("", views.host_list, name="host_list"),
]
