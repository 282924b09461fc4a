"""The development server's request log, without what would identify a respondent."""
from __future__ import annotations

import logging
import re

from flask import Flask


class _NoAddressOrTime(logging.Filter):
    """`make run` serves with Werkzeug, which logs each request as "ADDRESS - - [TIME] ...".
    A line for /thanks/<id> would tie a respondent's IP address and time of day to their
    response, which the product promises never to keep: both are dropped, the rest stays."""

    _PREFIX = re.compile(r"^\S+ - - \[[^\]]*\] ")

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = self._PREFIX.sub("", record.msg)
        return True


def register(_app: Flask) -> None:
    werkzeug_log = logging.getLogger("werkzeug")
    if not any(isinstance(f, _NoAddressOrTime) for f in werkzeug_log.filters):
        werkzeug_log.addFilter(_NoAddressOrTime())
