"""The parts of bench/load.py that are not the run itself: reading and filling in forms
(``forms``), and the database side, run in the bench's own process (``db``). A package, so that
``make bench`` (every ``bench/*.py``) does not run them as scripts."""
