"""netwizard's URLs plus `/bench/ok`, the bare view every page is compared with."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.views.decorators.http import require_GET

from netwizard.urls import urlpatterns as netwizard_urlpatterns


@require_GET
def ok(request: HttpRequest) -> HttpResponse:
    # Behind login like every page: the session and the user are loaded for it too.
    return HttpResponse("ok", content_type="text/plain")


@login_not_required
@require_GET
def ok_anonymous(request: HttpRequest) -> HttpResponse:
    # For comparison only: the same middleware when no session or user has to be loaded.
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/ok", ok), path("bench/ok-anonymous", ok_anonymous), *netwizard_urlpatterns]
