"""Insights: a capability app that makes sense of what residents wrote (themes, similar texts).

It imports only the core and reads texts through the core's text-source hook
(:mod:`wagtail_participation.capabilities`). docs/insights.md describes it.
"""
