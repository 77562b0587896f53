"""pytest leaves site_tests/ alone: those tests run inside a fresh ``wagtail start`` site (``make integration``)."""

collect_ignore = ["site_tests"]
