"""Pure-Python domain engines.

Nothing in this package may import Django (``tests/test_engine_purity.py`` checks it):
the hard parts of participation (phase timelines, the permission decision, tallies,
budget rules, thresholds) are plain functions over plain values, testable without a
database and reusable outside Wagtail.
"""
