"""Route converters that turn impossible addresses into a plain 404."""
from __future__ import annotations

from typing import Any

from flask import Flask
from werkzeug.routing import IntegerConverter, Map, UnicodeConverter

MAX_ROW_ID = 2**31 - 1


class RowIdConverter(IntegerConverter):
    """`<int:…>` in routes: ids fit a 32-bit integer column, so a bigger number is simply
    no page (404) rather than an overflow in SQLite or an error in PostgreSQL."""

    def __init__(self, url_map: Map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", MAX_ROW_ID)
        super().__init__(url_map, *args, **kwargs)


class NoNulConverter(UnicodeConverter):
    """`<name>` in routes: any text but a NUL, which no page's address has and which
    PostgreSQL refuses even to compare, so such an address is simply no page (404)."""

    def __init__(self, url_map: Map, *args: Any, **kwargs: Any) -> None:
        super().__init__(url_map, *args, **kwargs)
        self.regex = self.regex.replace("[^/]", "[^/\\x00]", 1)


def register(app: Flask) -> None:
    """Before any route is added."""
    app.url_map.converters.update(int=RowIdConverter, default=NoNulConverter, string=NoNulConverter)
