from django.contrib import admin
from django.contrib.auth import urls as auth_urls
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


# Django's account pages without the password-reset ones: netwizard sends no mail, so a
# reset link would never arrive, and the page would still ask for (and be probed with)
# addresses. A superuser sets a new password in the admin or with `manage.py changepassword`.
ACCOUNT_PAGES = {"login", "logout", "password_change", "password_change_done"}

# A form too large to read (a pasted file far over the import limit) gets a page that says so.
handler400 = "netwizard.wizard.views.errors.bad_request"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include([page for page in auth_urls.urlpatterns if page.name in ACCOUNT_PAGES])),
    path("favicon.ico", favicon),
    path("api/", include("netwizard.api.urls")),
    path("", include("netwizard.wizard.urls")),
]
