"""Benchmarks (`make bench`): each prints its figures and the machine it ran on."""
