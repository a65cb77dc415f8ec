"""Holds ``sitecustomize.py``, which forces a start method from outside.

:func:`example_runner.matrix.start_method_env` puts this folder on
``PYTHONPATH``; nothing imports it as a package.
"""
