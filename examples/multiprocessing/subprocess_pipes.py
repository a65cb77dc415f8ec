"""subprocess and full pipes: use communicate(), not wait().

A child's stdout is a pipe with a small buffer in the kernel (64 KiB on
Linux). If the child writes more than that and the parent calls wait()
before reading, the child blocks on its write and the parent on the
child's exit: a deadlock, and neither side ever gives up. communicate()
reads stdout (and stderr) while waiting, so the pipe never fills. The
script shows the deadlock with a timeout on wait(), so it gives up instead
of hanging, then the same child read with communicate().
"""

import subprocess
import sys

SIZE = 1_000_000  # bytes the child writes: far more than a pipe holds
CHILD = f"import sys; sys.stdout.write('x' * {SIZE})"


def start() -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-c", CHILD], stdout=subprocess.PIPE)


if __name__ == "__main__":
    child = start()
    try:
        child.wait(timeout=1)
        print("wait(): returned (the pipe was large enough)")
    except subprocess.TimeoutExpired:
        print(
            "wait(): still waiting after 1 s: the child is stuck writing to a "
            "full pipe that nobody reads"
        )
    finally:
        child.kill()  # end the stuck child, and collect it
        child.communicate()

    child = start()
    stdout, _ = child.communicate(timeout=10)
    print(f"communicate(): {len(stdout):,} bytes read, exit status {child.returncode}")

    result = subprocess.run(
        [sys.executable, "-c", CHILD], capture_output=True, timeout=10, check=True
    )
    print(f"subprocess.run(): {len(result.stdout):,} bytes (it calls communicate())")
