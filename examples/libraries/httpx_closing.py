# /// script
# requires-python = ">=3.11"
# dependencies = ["httpx"]
# ///
"""Closing an httpx.AsyncClient, and what happens when nobody does.

A small HTTP/1.1 server in a thread on 127.0.0.1 counts the connections open
on its side. First a client is used inside `async with`: when the block ends,
the client closes its pooled connection and the server sees it go. Then a
client is used and simply dropped. Look at what follows: httpx says nothing
(its AsyncClient has no finalizer), the server still holds the connection,
and only when the garbage collector reclaims the client do the socket and
asyncio's transport warn. They warn with ResourceWarning, which Python hides
unless you ask for it (`python -X dev`, `-W default`, PYTHONWARNINGS): here the
script records the warnings itself and prints them.
"""

import asyncio
import gc
import threading
import time
import warnings
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: the client may keep it open
    disable_nagle_algorithm = True
    timeout = 5  # a connection idle this long is dropped by the server
    open = 0

    def setup(self) -> None:
        super().setup()
        Handler.open += 1

    def finish(self) -> None:
        super().finish()
        Handler.open -= 1  # the client closed it (or it timed out)

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, format: str, *args: object) -> None:
        pass  # no access log on stderr


async def server_sees(expected: int) -> int:
    """The server's open connections, once they settle (within a second)."""
    deadline = time.monotonic() + 1
    while Handler.open != expected and time.monotonic() < deadline:
        await asyncio.sleep(0.01)
    return Handler.open


async def closed_with_async_with(url: str) -> None:
    async with httpx.AsyncClient() as client:
        await client.get(url)
        print(f"inside async with:  server sees {await server_sees(1)} open")
    print(f"after async with:   server sees {await server_sees(0)} open")


async def never_closed(url: str) -> None:
    client = httpx.AsyncClient()
    await client.get(url)  # ...and no aclose(): the connection stays pooled


async def main(url: str) -> None:
    await closed_with_async_with(url)
    await never_closed(url)
    print(f"client dropped:     server sees {await server_sees(1)} open")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ResourceWarning)
        gc.collect()  # what a later collection would do, at a moment we choose
    for warning in caught:
        print(f"  {warning.category.__name__}: {str(warning.message)[:45]}...")
    print(f"after collection:   server sees {await server_sees(0)} open")


if __name__ == "__main__":
    print(f"httpx {httpx.__version__}: AsyncClient has __del__: ", end="")
    print(hasattr(httpx.AsyncClient, "__del__"))
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = False  # server_close() waits for every handler
    thread = threading.Thread(target=server.serve_forever, args=(0.05,))
    thread.start()
    try:
        asyncio.run(main(f"http://127.0.0.1:{server.server_address[1]}/"))
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
