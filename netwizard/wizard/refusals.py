"""How netwizard says no: to an anonymous visitor, log in; to a user without the role,
what role is missing.

A plain request gets the usual answers: a redirect to the login page, or the 403 page
(`templates/403.html`). An HTMX request needs answers htmx acts on. Followed as a
redirect, the login page would be swapped into a fragment of the page; a bare 403 is
ignored by htmx, so the click would seem to do nothing. Instead:

- not logged in: `HX-Redirect` to the login page, which returns to the page the user
  was on (not to the fragment's URL);
- missing role: a 403 holding a small alert, retargeted into the page's `#messages`
  region (base.html's htmx config lets htmx swap a 403).
"""

from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequiredMiddleware
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import resolve_url
from django.template.response import TemplateResponse
from django_htmx.http import HttpResponseClientRedirect

from .htmx import HtmxHttpRequest

MESSAGES_REGION = "#messages"
ALERT_TEMPLATE = "403.html#denied-alert"


class LoginRequiredMiddleware(DjangoLoginRequiredMiddleware):
    """Django's LoginRequiredMiddleware, with refusals an HTMX page can show."""

    def handle_no_permission(self, request: HtmxHttpRequest, view_func) -> HttpResponse:
        if not getattr(request, "htmx", False):
            return super().handle_no_permission(request, view_func)
        login_url = resolve_url(self.get_login_url(view_func))
        # Back to the page the fragment belongs to; only a same-origin URL is offered.
        page = request.htmx.current_url_abs_path
        if page:
            login_url = redirect_to_login(page, login_url, self.get_redirect_field_name(view_func))["Location"]
        return HttpResponseClientRedirect(login_url)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, PermissionDenied) or not getattr(request, "htmx", False):
            return None  # Django's handler renders templates/403.html
        response = TemplateResponse(request, ALERT_TEMPLATE, {"exception": str(exception)}, status=403)
        response["HX-Retarget"] = MESSAGES_REGION
        response["HX-Reswap"] = "innerHTML show:top"
        return response
