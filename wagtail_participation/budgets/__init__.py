"""Participatory budgets: the voting booth, ballots and the outcome rules.

Enable it by adding ``"wagtail_participation.budgets"`` to ``INSTALLED_APPS``."""
