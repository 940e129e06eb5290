"""The three agents of the triage pipeline and the LLM providers they use.

Plain Python on purpose: nothing here imports Django, so the agents can be run
from the command line, a notebook or another framework, and tested without a
database. ``pipeline`` is the only place where they meet Django settings.
"""
