"""The API's JSON parser: DRF's, with hostile input turned into 400s instead of 500s."""

from __future__ import annotations

from rest_framework import parsers
from rest_framework.exceptions import ParseError


class JSONParser(parsers.JSONParser):
    """Deeply nested JSON (``[[[[...]]]]``) makes Python's decoder raise ``RecursionError``,
    which is not a ``ValueError`` and so escapes DRF's own parser as a 500."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError("JSON parse error - nested too deeply.") from None
