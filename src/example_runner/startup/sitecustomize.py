"""Start-up settings for an example's Python processes, without editing it.

The runner puts this folder on ``PYTHONPATH`` for every example
(:data:`example_runner.process.STARTUP_DIR`); Python imports this module when
it starts, in the example and in every Python process it starts (they inherit
the environment).

``EXAMPLES_LINE_BUFFERED``: the example's own stdout is line-buffered, as in a
terminal, so what it printed before a hang is kept when the runner kills it,
and each line is written whole (unbuffered output writes a line and its
newline separately, and two children's lines could then run together). The
variable is removed here, so the processes the example starts keep Python's
usual buffering of a pipe (subprocess_buffering.py shows it).

``EXAMPLES_START_METHOD``, set by the example matrix
(:func:`example_runner.matrix.start_method_env`) to ``fork``, ``spawn`` or
``forkserver``: ``multiprocessing.set_start_method(method, force=True)``.
Dask's workers start through a multiprocessing context of Dask's own (the
config key ``distributed.worker.multiprocessing-method``, spawn by default),
so the same choice goes to Dask through its environment variable, which Dask
reads when it is imported.
"""

import os
import sys

if os.environ.pop("EXAMPLES_LINE_BUFFERED", None):
    reconfigure = getattr(sys.stdout, "reconfigure", None)
    if reconfigure is not None:
        reconfigure(line_buffering=True)

_method = os.environ.get("EXAMPLES_START_METHOD")
if _method:
    import multiprocessing

    multiprocessing.set_start_method(_method, force=True)
    os.environ["DASK_DISTRIBUTED__WORKER__MULTIPROCESSING_METHOD"] = _method
