"""An interfaces file as a request body (`Content-Type: text/plain`), as curl's
`--data-binary @FILE` sends it, and a node's facts document (`application/json`)."""

from rest_framework import exceptions, parsers

from netwizard.inventory.constants import MAX_FILE_BYTES
from netwizard.network.host_facts import MAX_BYTES as MAX_FACTS_BYTES

TOO_LARGE = f"The file is larger than {MAX_FILE_BYTES // 1024} KiB; netwizard reads interfaces files up to that size."


class PayloadTooLarge(exceptions.APIException):
    status_code = 413
    default_detail = TOO_LARGE
    default_code = "too_large"


class PlainTextParser(parsers.BaseParser):
    """The body's bytes, undecoded: the lint decodes them as the command line does, so an
    invalid byte is reported with its line in the same words."""

    media_type = "text/plain"

    def parse(self, stream, media_type=None, parser_context=None) -> bytes:
        data = stream.read(MAX_FILE_BYTES + 1) if stream is not None else b""
        if len(data) > MAX_FILE_BYTES:
            raise PayloadTooLarge()
        return data


FACTS_TOO_LARGE = "The facts document is larger than 20 MiB; netwizard reads documents of at most 20 MiB."


class FactsTooLarge(PayloadTooLarge):
    default_detail = FACTS_TOO_LARGE


class FactsParser(parsers.BaseParser):
    """A node's facts document as sent (`application/json`): its bytes, read up to the
    limit and no further, so a huge body is refused before anything parses it."""

    media_type = "application/json"

    def parse(self, stream, media_type=None, parser_context=None) -> bytes:
        data = stream.read(MAX_FACTS_BYTES + 1) if stream is not None else b""
        if len(data) > MAX_FACTS_BYTES:
            raise FactsTooLarge()
        return data
