"""Whoosh's current codec, with two changes of ours (see the classes)."""

import sys
import uuid
from array import array
from typing import Any

from whoosh.codec.whoosh3 import W3Codec, W3PerDocReader, W3Segment


class PerDocReader(W3PerDocReader):
    """Whoosh's per-document reader, remembering which columns a segment has: Whoosh asks for
    every posting of a field without lengths (id, dates), and each question was a stat() call,
    a third of the time spent writing a segment. A written segment's files never change."""

    def __init__(self, storage: Any, segment: Any) -> None:
        super().__init__(storage, segment)
        self._has_column: dict[str, bool] = {}
        self._numbers: dict[str, array] = {}

    def has_column(self, fieldname: str) -> bool:
        if fieldname not in self._has_column:
            self._has_column[fieldname] = super().has_column(fieldname)
        return self._has_column[fieldname]

    def numbers(self, fieldname: str, column_type: Any) -> array:
        """Every document's value in a numeric column (the quote's day, or a field's length
        byte, "_text_len"), read in one go where Whoosh reads one document at a time; the
        column's default for documents past its end, 0 if the segment lacks it."""
        if fieldname not in self._numbers:
            values = array(column_type._typecode)
            column = self._cached_reader(fieldname, column_type)
            if column is not None:
                values.frombytes(
                    column._dbfile.get(column._basepos, column._count * column._fixedlen)
                )
                if sys.byteorder == "little":
                    values.byteswap()  # Whoosh packs them big-endian ("!i")
            default = column._default if column is not None else 0
            values.extend([default] * (self._doccount - len(values)))
            self._numbers[fieldname] = values
        return self._numbers[fieldname]


class Codec(W3Codec):
    """Whoosh's current codec with the reader above (segments record their codec: readers of
    segments written with it use it too), and segment names that cannot repeat."""

    def per_document_reader(self, storage: Any, segment: Any) -> W3PerDocReader:
        return PerDocReader(storage, segment)

    def new_segment(self, storage: Any, indexname: str) -> W3Segment:
        # Whoosh names segments with the global `random` module: anything that seeds it (the
        # hypothesis test runner does, per example) makes every new segment reuse one name and
        # overwrite the last one's files.
        segment = W3Segment(self, indexname)
        segment.segid = uuid.uuid4().hex[:16]
        return segment
