"""Uploads are cut short past the import's byte limit.

Django receives an upload whole before any form looks at it, into memory up to 2.5 MB
and into a temporary file beyond. The only upload netwizard takes is an interfaces file,
so this handler, first in FILE_UPLOAD_HANDLERS, passes on at most one byte more than
`MAX_FILE_BYTES` of each file and drops the rest as it arrives: the form then refuses
the file with its own message, and a huge upload fills neither memory nor disk.
"""

from django.core.files.uploadhandler import FileUploadHandler

from netwizard.inventory.constants import MAX_FILE_BYTES


class CappedUploadHandler(FileUploadHandler):
    def new_file(self, *args, **kwargs) -> None:
        super().new_file(*args, **kwargs)
        self.kept = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        room = MAX_FILE_BYTES + 1 - self.kept
        if room <= 0:
            return None  # the handlers after this one never see the rest
        self.kept += min(room, len(raw_data))
        return raw_data[:room]

    def file_complete(self, file_size: int) -> None:
        return None  # the next handler builds the file from what was passed on
