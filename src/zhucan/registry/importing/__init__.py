"""Reading and validating the person import sheet (CONTRACTS §2)."""
