# /// script
# requires-python = ">=3.11"
# dependencies = ["httpx"]
# ///
"""httpx.Timeout limits each network operation; asyncio.timeout limits a call.

A server in a thread on 127.0.0.1 misbehaves on purpose: /stall accepts the
request and never answers; /trickle answers, one byte every TRICKLE seconds.
The client has `httpx.Timeout(5, read=READ)`: no single read may wait more
than READ seconds. Look at the three lines. The trickling request succeeds,
after far longer than READ: each byte arrives in time, and httpx has no limit
on the whole request. The stalled one fails with httpx.ReadTimeout after READ
seconds. `async with asyncio.timeout(DEADLINE)` (Python 3.11+) around
the same call gives it one: TimeoutError at DEADLINE, the request cancelled.
"""

import asyncio
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx

READ = 0.3  # seconds one read may wait
TRICKLE = 0.1  # seconds between the bytes of /trickle
BODY = b"0123456789"
DEADLINE = 0.5  # seconds for the whole call
stop = threading.Event()  # set at the end: the stalled handler returns


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def do_GET(self) -> None:
        if self.path == "/stall":
            stop.wait(timeout=10)  # never answers; the client gives up first
            return
        self.send_response(200)
        self.send_header("Content-Length", str(len(BODY)))
        self.end_headers()
        try:
            for byte in BODY:
                self.wfile.write(bytes([byte]))
                time.sleep(TRICKLE)
        except OSError:  # the client hung up (cancelled)
            self.close_connection = True

    def log_message(self, format: str, *args: object) -> None:
        pass  # no access log on stderr


async def main(url: str) -> None:
    async with httpx.AsyncClient(timeout=httpx.Timeout(5, read=READ)) as client:
        start = time.perf_counter()
        response = await client.get(url + "/trickle")
        took = time.perf_counter() - start
        print(f"/trickle: {response.status_code} {response.text} after {took:.2f} s")

        start = time.perf_counter()
        try:
            await client.get(url + "/stall")
        except httpx.ReadTimeout as error:
            took = time.perf_counter() - start
            print(f"/stall:   {type(error).__name__} after {took:.2f} s")

        start = time.perf_counter()
        try:
            async with asyncio.timeout(DEADLINE):
                await client.get(url + "/trickle")
        except TimeoutError as error:
            took = time.perf_counter() - start
            print(f"/trickle in asyncio.timeout({DEADLINE}): ", end="")
            print(f"{type(error).__name__} after {took:.2f} s")


if __name__ == "__main__":
    print(f"httpx.Timeout(5, read={READ}), /trickle sends {len(BODY)} bytes")
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = False  # server_close() waits for every handler
    thread = threading.Thread(target=server.serve_forever, args=(0.05,))
    thread.start()
    try:
        asyncio.run(main(f"http://127.0.0.1:{server.server_address[1]}"))
    finally:
        stop.set()
        server.shutdown()
        server.server_close()
        thread.join()
