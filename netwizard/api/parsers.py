"""An interfaces file as a request body (`Content-Type: text/plain`), as curl's
`--data-binary @FILE` sends it."""

from rest_framework import exceptions, parsers

from netwizard.inventory.constants import MAX_FILE_BYTES

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
