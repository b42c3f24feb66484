"""Benchmarks: `make bench` prints figures. Never asserted in the unit suite (shared, noisy machines)."""
