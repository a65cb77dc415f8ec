"""What an uncaught exception from a worker looks like: the real traceback.

Nothing here catches the ValueError that `parse` raises in a worker process.
The parent re-raises it from `executor.map`, Python prints the traceback on
stderr and the script exits with status 1. Read the traceback from the top:
first the worker's own traceback, sent back as text, pointing at the line in
`parse`; then, after "The above exception was the direct cause", the parent's.
"""

from concurrent.futures import ProcessPoolExecutor


def parse(text: str) -> int:
    return int(text)  # int("three") raises ValueError in the worker


if __name__ == "__main__":
    with ProcessPoolExecutor(max_workers=2) as executor:
        for value in executor.map(parse, ["1", "2", "three", "4"]):
            print("parsed", value)
