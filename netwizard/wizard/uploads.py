"""Uploads are cut short past the import's byte limit.

Django receives an upload whole before any form looks at it, into memory up to 2.5 MB
and into a temporary file beyond. netwizard takes two uploads: an interfaces file, and a
node's facts document (the field `facts_file`, up to 20 MiB). This handler, first in
FILE_UPLOAD_HANDLERS, passes on at most one byte more than the field's limit and drops
the rest as it arrives: the view then refuses the file with its own message, and a huge
upload fills neither memory nor disk.
"""

from django.core.files.uploadhandler import FileUploadHandler

from netwizard.inventory.constants import MAX_FILE_BYTES
from netwizard.network.host_facts import MAX_BYTES as MAX_FACTS_BYTES

FACTS_FIELD = "facts_file"


class CappedUploadHandler(FileUploadHandler):
    def new_file(self, *args, **kwargs) -> None:
        super().new_file(*args, **kwargs)
        self.kept = 0
        self.limit = MAX_FACTS_BYTES if self.field_name == FACTS_FIELD else MAX_FILE_BYTES

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        room = self.limit + 1 - self.kept
        if room <= 0:
            return None  # the handlers after this one never see the rest
        self.kept += min(room, len(raw_data))
        return raw_data[:room]

    def file_complete(self, file_size: int) -> None:
        return None  # the next handler builds the file from what was passed on


FACTS_TOO_LARGE = "The facts document is larger than 20 MiB; netwizard reads documents of at most 20 MiB."
NO_FACTS = "Choose the file the collection command wrote, or paste what it printed."


class NoFacts(ValueError):
    """The form sent no facts document, or one too large to read; the message says which."""


def facts_sent(request) -> bytes | str:
    """The facts document a form sent (the host page's import, the Verify page): the uploaded
    file, else the pasted text; NoFacts when there is neither or the file is too large (this
    handler kept one byte more than the limit of it)."""
    upload = request.FILES.get(FACTS_FIELD)
    if upload is not None and upload.size > MAX_FACTS_BYTES:
        raise NoFacts(FACTS_TOO_LARGE)
    data = upload.read() if upload is not None else request.POST.get("facts_text", "").strip()
    if not data:
        raise NoFacts(NO_FACTS)
    return data
