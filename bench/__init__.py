"""Benchmarks of netwizard's pages and commands, run by hand (`python -m bench`), never by the test suite."""
