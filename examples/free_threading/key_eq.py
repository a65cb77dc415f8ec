"""One d[key] = value is not atomic when the key's __eq__ is Python code.

A dict compares a new key with each stored key of the same hash, with
__eq__. For str, int and float that is C code, and the dict stays locked
through it. For a class of your own it is Python code, and other threads
run while it runs: the free-threaded build lets go of the dict's lock, and
a GIL build can switch threads between two bytecodes, as in any Python
code. Here __eq__ waits until another thread has written to the same dict,
so the switch happens on every run instead of once in a while. Look at the
order of the events, and of the dict's keys at the end.
"""

import sys
import sysconfig
import threading

inside_eq = threading.Event()
written = threading.Event()
events: list[str] = []


class Key:
    def __init__(self, name: str) -> None:
        self.name = name

    def __hash__(self) -> int:
        return 1  # every Key collides, so a new one is compared with __eq__

    def __eq__(self, other: object) -> bool:
        if threading.current_thread() is threading.main_thread():
            events.append("main:   Key.__eq__ runs, inside the assignment")
            inside_eq.set()
            if not written.wait(timeout=5):
                events.append("main:   the writer never got in (timed out)")
        return isinstance(other, Key) and other.name == self.name


def writer(table: dict[object, int]) -> None:
    inside_eq.wait(timeout=5)
    table["other"] = 2  # a str key: nothing of ours runs here
    events.append("writer: table['other'] = 2 done")
    written.set()


if __name__ == "__main__":
    free = "yes" if sysconfig.get_config_var("Py_GIL_DISABLED") else "no"
    gil = "yes" if getattr(sys, "_is_gil_enabled", lambda: True)() else "no"
    print(f"free-threaded build: {free}, GIL enabled: {gil}")
    table: dict[object, int] = {Key("a"): 0}
    thread = threading.Thread(target=writer, args=(table,))
    thread.start()
    events.append("main:   table[Key('b')] = 1 starts")
    table[Key("b")] = 1  # compared with Key("a"): __eq__ runs
    events.append("main:   table[Key('b')] = 1 done")
    thread.join()
    print(*events, sep="\n")
    names = [key.name if isinstance(key, Key) else key for key in table]
    print(f"keys in insertion order: {names}")
