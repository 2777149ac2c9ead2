"""The load harness (``python -m bench.load``): docs/operations.md, "Benchmarks"."""
