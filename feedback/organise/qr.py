"""QR codes for event links, as SVG (sharp at any print size) and PNG (for documents)."""
from __future__ import annotations

import io

import segno


def _code(link: str) -> segno.QRCode:
    # Level M survives a crease or a smudge on a printed poster.
    return segno.make(link, error="m", micro=False)


def qr_svg(link: str, *, title: str) -> bytes:
    out = io.BytesIO()
    _code(link).save(out, kind="svg", scale=10, border=4, xmldecl=False, title=title, svgclass=None,
                     lineclass=None)
    return out.getvalue()


def qr_png(link: str) -> bytes:
    out = io.BytesIO()
    _code(link).save(out, kind="png", scale=10, border=4)
    return out.getvalue()
