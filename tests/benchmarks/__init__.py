"""Load benchmarks (not collected by pytest): `python -m tests.benchmarks.run` or `make bench`."""
