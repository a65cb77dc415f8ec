"""With no writable temporary directory, the default start method is spawn.

forkserver, Linux's default from Python 3.14, talks to its server through
a socket file in a temporary directory. The example starts itself twice as
a child interpreter: once as is, once with no temporary directory it can
write (it points `tempfile.tempdir`, where multiprocessing looks, at a path
that cannot exist, as a read-only container would leave it). Each child
prints its default start method, starts a process with it, then asks for
forkserver by name. With the fallback (3.15, and 3.14's latest bugfix
releases) the default turns to spawn and works; asking for forkserver by
name still fails. On 3.11-3.13 the default is fork, which needs no file.
Look at the output: the default in each child, and which starts worked.
"""

import multiprocessing
import os
import subprocess
import sys
import tempfile


def nothing() -> None:
    pass


def try_start(method: str | None) -> str:
    try:
        process = multiprocessing.get_context(method).Process(target=nothing)
        process.start()
    except OSError as error:
        return f"failed: {type(error).__name__}: {error}"
    process.join()
    return f"started, exit code {process.exitcode}"


def child(no_temp_dir: bool) -> None:
    if no_temp_dir:  # a file cannot hold a directory: nothing can be written
        tempfile.tempdir = os.path.join(os.devnull, "no-temp-dir")
    print(f"  default start method: {multiprocessing.get_start_method()}")
    print(f"  a process, default method: {try_start(None)}")
    if "forkserver" in multiprocessing.get_all_start_methods():
        print(f"  a process, forkserver by name: {try_start('forkserver')}")


if __name__ == "__main__":
    if sys.argv[1:]:
        child(no_temp_dir=sys.argv[1] == "none")
        sys.exit()
    print(f"Python {sys.version.split()[0]} on {sys.platform}")
    for case, title in (("as-is", "temporary directory as is"), ("none", "none")):
        print(f"{title}:")
        sys.stdout.flush()  # before the child's lines
        subprocess.run([sys.executable, __file__, case], check=True, timeout=60)
