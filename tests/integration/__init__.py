"""``make integration``: the release installed into a fresh ``wagtail start`` site, as docs/integration.md says."""
