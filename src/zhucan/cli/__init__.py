"""Typer command-line app: one command group per context."""
