"""Load benchmarks of the production setup: ``python -m bench.serving``."""
