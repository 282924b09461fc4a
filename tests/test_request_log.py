"""The development server's request log keeps no IP address or time of day."""
from __future__ import annotations

import logging
import threading
import urllib.request

from werkzeug.serving import make_server


def test_request_lines_name_the_page_but_not_the_address_or_time(app, caplog):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with caplog.at_level(logging.INFO, logger="werkzeug"):
            with urllib.request.urlopen(f"http://127.0.0.1:{server.port}/healthz") as reply:
                assert reply.read() == b"ok"
    finally:
        server.shutdown()
        thread.join()
    lines = [record.getMessage() for record in caplog.records if record.name == "werkzeug"]
    request_lines = [line for line in lines if "/healthz" in line]
    assert request_lines, lines
    assert request_lines[0].startswith('"GET /healthz HTTP/1.1" 200')
    assert not any("127.0.0.1" in line or "[" in line for line in request_lines)
