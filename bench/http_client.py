"""A small asyncio HTTP/1.1 client for the load benchmark, on the standard library only.

Lighter than a general-purpose client, which matters when the load generator shares two
cores with the server it measures.
"""
from __future__ import annotations

import asyncio
import re

_INPUT = re.compile(r"<input\b[^>]*>")
_ATTRIBUTE = re.compile(r'(\w[\w-]*)="([^"]*)"')


class Connection:
    """A minimal HTTP/1.1 client connection: keep-alive when the server allows it.

    gunicorn's sync workers close after every response and gthread keeps the connection
    open; both work. Headers come back lower-cased, each with a list of values.
    """

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def request(self, method: str, path: str, *, body: bytes = b"",
                      headers: dict[str, str] | None = None) -> tuple[int, dict[str, list[str]], bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        lines = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}",
                 f"Content-Length: {len(body)}"]
        lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
        self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)
        status_line = await self.reader.readline()
        if not status_line:
            raise ConnectionResetError("server closed the connection")
        status = int(status_line.split()[1])
        received: dict[str, list[str]] = {}
        while (line := await self.reader.readline()) not in (b"\r\n", b"\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            received.setdefault(name.strip().lower(), []).append(value.strip())
        if "content-length" in received:
            content = await self.reader.readexactly(int(received["content-length"][0]))
        elif "chunked" in received.get("transfer-encoding", [""])[0]:
            content = await self._read_chunks()
        else:
            content = await self.reader.read()
            self.close()
        if received.get("connection", [""])[0].lower() == "close":
            self.close()
        return status, received, content

    async def _read_chunks(self) -> bytes:
        parts = []
        while size := int((await self.reader.readline()).split(b";")[0], 16):
            parts.append(await self.reader.readexactly(size))
            await self.reader.readline()
        await self.reader.readline()
        return b"".join(parts)

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


def hidden_inputs(html: str) -> dict[str, str]:
    fields = {}
    for tag in _INPUT.findall(html):
        attributes = dict(_ATTRIBUTE.findall(tag))
        if attributes.get("type") == "hidden" and "name" in attributes:
            fields[attributes["name"]] = attributes.get("value", "")
    return fields
