"""Output checks for examples/choosing/."""

import math
import re

from outputs import GIL, ratios
from speed import Measured


def test_compare_models(speed) -> None:
    speed("choosing/compare_models.py", check_compare_models)


def check_compare_models(m: Measured) -> None:
    out = m.stdout
    rows = {
        m["name"].split(" (")[0]: (
            float(m["ms"]),
            float(m["kib"].replace(",", "")),
            float(m["speedup"]),
        )
        for m in re.finditer(
            r"^(?P<name>thread|process \(\w+\)|asyncio task)\s+(?P<ms>[\d.]+) ms\s+(?P<kib>[\d,.]+|nan) KiB\s+"
            r"(?P<speedup>[\d.]+)x \([\d.]+-[\d.]+\)$",
            out,
            re.M,
        )
    }
    assert set(rows) == {"thread", "process", "asyncio task"}, out
    header = r"^model\s+start-up\s+private memory\s+CPU speedup$"
    assert re.search(header, out, re.M), out
    thread, process, task = rows["thread"], rows["process"], rows["asyncio task"]
    assert process[0] > thread[0] > task[0], "start-up: process > thread > task"
    memory = [task[1], thread[1], process[1]]  # USS; nan where /proc is missing
    if not any(map(math.isnan, memory)):
        # even a forked child, counted without the pages it shares, costs most
        assert task[1] < thread[1] < process[1], "memory: task < thread < process"
    assert task[2] < 1.4, "no parallel Python in coroutines"
    if GIL:
        assert thread[2] < 1.4, "no parallel Python in threads under the GIL"


def test_mixed_workload(speed) -> None:
    speed("choosing/mixed_workload.py", check_mixed_workload)


def check_mixed_workload(m: Measured) -> None:
    out = m.stdout
    speedups = list(ratios(out).values())
    assert len(speedups) == 3, out
    baseline, inline, offloaded = speedups
    assert baseline == 1.0
    # the downloads overlap; on a busy machine the computations take longer
    assert inline > 1.25 and offloaded > 1.25, out
