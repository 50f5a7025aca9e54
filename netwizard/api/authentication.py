"""Tokens in the Authorization header, as NetBox and Proxmox's API users expect them."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from netwizard.inventory import services

from .throttles import throttle_unauthenticated

KEYWORDS = ("token", "bearer")
MALFORMED = "Send the token as 'Authorization: Token <key>' (or 'Bearer <key>')."
REFUSED = "The token is unknown, expired or revoked."


class TokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Token nwt_…` or `Bearer nwt_…`; `request.auth` is then the ApiToken."""

    def authenticate(self, request):
        words = authentication.get_authorization_header(request).split()
        if not words or words[0].lower().decode(errors="replace") not in KEYWORDS:
            return None  # not ours: the session may still authenticate the request
        if len(words) != 2:
            throttle_unauthenticated(request._request)
            raise exceptions.AuthenticationFailed(MALFORMED)
        try:
            key = words[1].decode("ascii")
        except UnicodeDecodeError as error:
            throttle_unauthenticated(request._request)
            raise exceptions.AuthenticationFailed(MALFORMED) from error
        token = services.api_token_use(key=key)
        if token is None:
            throttle_unauthenticated(request._request)  # a key guessed again and again is slowed down
            raise exceptions.AuthenticationFailed(REFUSED)
        return token.user, token

    def authenticate_header(self, request) -> str:
        # Makes DRF answer 401 (with this challenge) rather than 403 to an unauthenticated call.
        return "Token"


class TokenScheme(OpenApiAuthenticationExtension):
    """How the schema describes the token, so Swagger UI offers to send one."""

    target_class = TokenAuthentication
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "'Token <key>' or 'Bearer <key>'; make a key on the API tokens page or with "
            "`manage.py createapitoken`.",
        }
