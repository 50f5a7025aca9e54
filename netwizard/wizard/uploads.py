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
