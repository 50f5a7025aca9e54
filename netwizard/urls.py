from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "netwizard inventory"
admin.site.site_title = "netwizard"
admin.site.index_title = "Hosts, interfaces and switches"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("netwizard.wizard.urls")),
]
