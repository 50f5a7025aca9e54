from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from netwizard.inventory import selectors

HOSTS_PER_PAGE = 50


@require_GET
def host_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.host_list(), HOSTS_PER_PAGE).get_page(request.GET.get("page"))
    return TemplateResponse(request, "wizard/host_list.html", {"page": page})
