"""Tests that ``make integration`` copies into a fresh ``wagtail start`` site and runs there with
``manage.py test``: they import only what the installed wheel, Wagtail and Django provide."""
