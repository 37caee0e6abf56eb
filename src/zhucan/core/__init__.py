"""Pure value objects shared by every context. Imports nothing of ours."""
