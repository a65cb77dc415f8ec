"""Select a multiprocessing start method for an example without editing it.

The example matrix (the test suite, ``python -m example_runner.stress``) puts
this folder on ``PYTHONPATH`` and sets ``EXAMPLES_START_METHOD`` to ``fork``,
``spawn`` or ``forkserver`` (:func:`example_runner.matrix.start_method_env`);
Python imports this module at start-up, in the example and in every Python
child it starts (they inherit the environment).

Dask's workers start through a multiprocessing context of Dask's own (the
config key ``distributed.worker.multiprocessing-method``, spawn by default),
so the same choice goes to Dask through its environment variable, which Dask
reads when it is imported.
"""

import os

_method = os.environ.get("EXAMPLES_START_METHOD")
if _method:
    import multiprocessing

    multiprocessing.set_start_method(_method, force=True)
    os.environ["DASK_DISTRIBUTED__WORKER__MULTIPROCESSING_METHOD"] = _method
