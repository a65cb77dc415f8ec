# /// script
# requires-python = ">=3.11"
# dependencies = ["requests"]
# ///
"""One requests.Session shared by many threads: what they share with it.

A server in a thread on 127.0.0.1 has two pages: /login?user=NAME sets a
cookie `user=NAME`, /whoami answers with the cookie it receives. THREADS
threads share one Session; each logs in as itself, waits for the others
(a barrier), then asks who it is, all at once. Look at the answers: every request
succeeds, but the cookie jar is the Session's, so the last login is the
only one left and every thread is told the same name. Then look at the
connections: the Session keeps at most 10 per host (HTTPAdapter's
pool_maxsize), so with THREADS threads at once urllib3 opens more, throws the
extras away after one use, and logs "Connection pool is full" for each (the
script counts those log records; without a handler they go to stderr).
"""

import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import requests

THREADS = 20
DELAY = 0.2  # seconds /whoami takes: the threads' requests overlap


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    connections = 0

    def setup(self) -> None:
        super().setup()
        Handler.connections += 1  # one handler per TCP connection

    def do_GET(self) -> None:
        body = (self.headers.get("Cookie") or "no cookie").encode()
        if self.path == "/whoami":
            time.sleep(DELAY)
        self.send_response(200)
        if self.path.startswith("/login?user="):
            self.send_header("Set-Cookie", f"user={self.path.split('=')[1]}")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass  # no access log on stderr


class Recorder(logging.Handler):
    """Keeps log records' messages instead of printing them."""

    def __init__(self) -> None:
        super().__init__()
        self.records: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record.getMessage())


def login_and_ask(session: requests.Session, url: str, name: str) -> str:
    session.get(f"{url}/login?user={name}").raise_for_status()
    everyone_logged_in.wait()
    return session.get(f"{url}/whoami").text  # "user=<the cookie it sent>"


if __name__ == "__main__":
    logged = Recorder()
    logging.getLogger("urllib3.connectionpool").addHandler(logged)
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = False  # server_close() waits for every handler
    thread = threading.Thread(target=server.serve_forever, args=(0.05,))
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    everyone_logged_in = threading.Barrier(THREADS, timeout=10)
    names = [f"user{n}" for n in range(THREADS)]
    try:
        with requests.Session() as session, ThreadPoolExecutor(THREADS) as pool:
            answers = list(pool.map(partial(login_and_ask, session, url), names))
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
    print(f"requests {requests.__version__}, {THREADS} threads, one Session")
    right = sum(
        answer == f"user={name}" for answer, name in zip(answers, names, strict=True)
    )
    print(f"told their own name: {right} of {THREADS}")
    print(f"distinct answers: {len(set(answers))}")
    print(f"connections the server accepted: {Handler.connections}")
    print(f'"Connection pool is full" log records: {len(logged.records)}')
    if logged.records:
        print(f"  {logged.records[0]}")
