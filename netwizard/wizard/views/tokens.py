"""The API tokens page: a user makes, sees and revokes their own tokens.

A new key is shown in the answer to the POST that made it and nowhere else: it is not
stored, so the page cannot show it again.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_http_methods, require_POST

from netwizard.inventory import roles, selectors, services

from ..access import viewer_required
from ..forms.tokens import ApiTokenForm

REVOKED = "Token {prefix}… is revoked: requests with it are refused from now on."


@viewer_required
@require_http_methods(["GET", "POST"])
def api_tokens(request: HttpRequest) -> HttpResponse:
    can_write = roles.user_can_edit(request.user)
    made = None
    if request.method == "POST":
        form = ApiTokenForm(request.POST, can_write=can_write)
        if form.is_valid():
            data = form.cleaned_data
            try:
                made = services.api_token_create(
                    user=request.user,
                    write=bool(data["write"]),
                    expires_days=data["expires_days"],
                    description=data["description"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                form = ApiTokenForm(can_write=can_write)
    else:
        form = ApiTokenForm(can_write=can_write)
    context = {"form": form, "made": made, "tokens": selectors.api_token_list(user=request.user)}
    response = TemplateResponse(request, "wizard/tokens.html", context)
    if made is not None:
        response["Cache-Control"] = "no-store"  # the key must not stay in a cache
    return response


@viewer_required
@require_POST
def api_token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = selectors.api_token_get(user=request.user, pk=pk)
    if token is None:
        raise Http404("You have no such token.")
    services.api_token_revoke(token=token)
    messages.success(request, REVOKED.format(prefix=token.prefix))
    return redirect("wizard:api_tokens")
