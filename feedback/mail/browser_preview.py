"""A composed email made readable in a web page, as the recipient's mail program shows it.

The HTML part names its chart by Content-ID (`cid:`), which only a mail program can
resolve; in a browser the picture is put inline as a data: URI instead. Links open in the
whole window, not inside the frame that shows the email.
"""
from __future__ import annotations

import base64

from ..models import OutboxMessage

# Served with this policy, the email can style itself inline and show its inline pictures,
# but run nothing, load nothing from elsewhere and be framed only by the workspace.
EMAIL_CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'; "
             "base-uri 'none'; form-action 'none'")


def html_for_browser(message: OutboxMessage) -> str:
    html = message.body_html or ""
    if message.inline_image and message.inline_image_cid:
        data_uri = "data:image/png;base64," + base64.b64encode(message.inline_image).decode("ascii")
        html = html.replace(f'src="cid:{message.inline_image_cid}"', f'src="{data_uri}"')
    # A <base> with only a target sets no address, so `base-uri 'none'` does not refuse it.
    return html.replace("<head>", '<head>\n<base target="_top">', 1)
