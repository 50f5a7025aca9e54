"""Double-submit safety on the server: a form carries a one-time token, and a POST whose
token already succeeded is answered as that success again instead of being applied twice."""

from __future__ import annotations

from django.http import HttpRequest

SESSION_KEY = "wizard_submissions"
KEEP = 50


def replayed(request: HttpRequest) -> bool:
    token = request.POST.get("submission", "")
    return bool(token) and token in request.session.get(SESSION_KEY, [])


def record(request: HttpRequest) -> None:
    token = request.POST.get("submission", "")
    if not token:
        return
    done = [t for t in request.session.get(SESSION_KEY, []) if t != token]
    request.session[SESSION_KEY] = [*done[-(KEEP - 1) :], token]
