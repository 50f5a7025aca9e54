from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import include, path

admin.site.site_header = "netwizard inventory"
admin.site.site_title = "netwizard"
admin.site.index_title = "Hosts, interfaces and switches"


@login_not_required
def favicon(request):
    # Browsers ask for /favicon.ico on pages without an icon link, such as the admin's.
    # Resolved per request: with hashed static names the URL is only known after collectstatic.
    return HttpResponsePermanentRedirect(static("favicon.svg"))


urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("favicon.ico", favicon),
    path("", include("netwizard.wizard.urls")),
]
