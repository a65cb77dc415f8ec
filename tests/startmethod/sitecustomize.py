"""Select a multiprocessing start method for an example without editing it.

The test suite puts this folder on ``PYTHONPATH`` and sets
``EXAMPLES_START_METHOD`` to ``fork``, ``spawn`` or ``forkserver``; Python
imports this module at start-up, in the example and in every child it starts.
"""

import os

_method = os.environ.get("EXAMPLES_START_METHOD")
if _method:
    import multiprocessing

    multiprocessing.set_start_method(_method, force=True)
