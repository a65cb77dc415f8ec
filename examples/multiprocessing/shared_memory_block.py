"""SharedMemory: one block of bytes that several processes use without copies.

The parent creates a `multiprocessing.shared_memory.SharedMemory` block big
enough for SLOTS 64-bit integers. Each of WORKERS processes attaches to it by
name and writes the squares for its own range of slots; the parent then
reads all of them. Only the block's name and two numbers are pickled per
worker: compare the two byte counts in the output. Every process calls
`close()` when it is done with the block, and the parent, which created it,
calls `unlink()` once to free it. A memoryview on the block must be released
first (the `with` blocks do it), or `close()` raises BufferError.
"""

import multiprocessing
import pickle
from multiprocessing import shared_memory

SLOTS = 1_000_000  # a multiple of WORKERS
WORKERS = 2


def fill_squares(name: str, start: int, stop: int) -> None:
    block = shared_memory.SharedMemory(name=name)  # attach, do not create
    try:
        with block.buf.cast("q") as numbers:  # "q": signed 64-bit integers
            for i in range(start, stop):
                numbers[i] = i * i
    finally:
        block.close()


if __name__ == "__main__":
    block = shared_memory.SharedMemory(create=True, size=SLOTS * 8)
    try:
        step = SLOTS // WORKERS  # each worker fills slots [w * step, (w + 1) * step)
        ranges = [(w * step, (w + 1) * step) for w in range(WORKERS)]
        workers = [
            multiprocessing.Process(target=fill_squares, args=(block.name, *r))
            for r in ranges
        ]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        with block.buf.cast("q") as numbers:
            total = sum(numbers)
        expected = sum(i * i for i in range(SLOTS))
        print(f"block of {block.size} bytes filled by {WORKERS} workers")
        print(f"sum of the squares: {total} (correct: {total == expected})")
        sent = len(pickle.dumps((block.name, *ranges[0])))
        copy = len(pickle.dumps([i * i for i in range(*ranges[0])]))
        print(f"pickled per worker: {sent} bytes; its squares as a list: {copy} bytes")
    finally:
        block.close()
        block.unlink()  # only the creator unlinks, once
