# /// script
# requires-python = ">=3.11"
# dependencies = ["requests"]
# ///
"""One requests.Session per worker thread: threading.local and an initializer.

The same server as requests_session_shared.py: /login?user=NAME sets a
cookie, /whoami answers with the cookie it receives. USERS jobs (log in,
then ask who you are) run on a ThreadPoolExecutor of WORKERS threads. Its
`initializer` runs once in each worker thread as it starts, and gives that
thread its own Session in a `threading.local`; every job finds its thread's
Session there. Look at the answers: every user is told its own name, since
no other thread touches its Session. And at the connections: one per worker,
each reused for all the jobs of its thread. The sessions are closed at the
end, from the main thread, once the pool's threads have finished.
"""

import threading
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import requests

USERS = 20
WORKERS = 4
local = threading.local()  # each thread sees its own attributes
sessions: list[requests.Session] = []  # all of them, to close at the end


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    connections = 0

    def setup(self) -> None:
        super().setup()
        Handler.connections += 1  # one handler per TCP connection

    def do_GET(self) -> None:
        body = (self.headers.get("Cookie") or "no cookie").encode()
        self.send_response(200)
        if self.path.startswith("/login?user="):
            self.send_header("Set-Cookie", f"user={self.path.split('=')[1]}")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass  # no access log on stderr


def give_this_thread_a_session() -> None:
    local.session = requests.Session()
    sessions.append(local.session)  # list.append is atomic


def login_and_ask(url: str, name: str) -> bool:
    session: requests.Session = local.session  # this thread's own
    session.get(f"{url}/login?user={name}").raise_for_status()
    return session.get(f"{url}/whoami").text == f"user={name}"


if __name__ == "__main__":
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = False  # server_close() waits for every handler
    thread = threading.Thread(target=server.serve_forever, args=(0.05,))
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    names = [f"user{n}" for n in range(USERS)]
    try:
        with ThreadPoolExecutor(
            WORKERS, initializer=give_this_thread_a_session
        ) as pool:
            right = sum(pool.map(login_and_ask, [url] * USERS, names))
        for session in sessions:
            session.close()
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
    print(f"requests {requests.__version__}, {USERS} users on {WORKERS} threads")
    print(f"told their own name: {right} of {USERS}")
    print(f"sessions created: {len(sessions)}")
    print(f"connections the server accepted: {Handler.connections}")
