"""Holds ``sitecustomize.py``: line-buffered output, and a start method forced
from outside, for every Python process of an example.

The runner puts this folder on ``PYTHONPATH``
(:data:`example_runner.process.STARTUP_DIR`); nothing imports it as a package.
"""
