"""The functional core: one host's network as plain data, and everything computed from it.

This package imports nothing from Django, so the command-line lint and format and the
tests use it without a database.
"""
