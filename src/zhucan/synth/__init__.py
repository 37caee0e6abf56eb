"""Synthetic population: realistic, deterministic disabled people and messy import sheets."""
