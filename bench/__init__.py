"""Benchmarks and the load harness (docs/operations.md, "Benchmarks"); outside the app layers."""
