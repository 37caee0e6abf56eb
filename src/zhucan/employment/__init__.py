"""Employment: employers, the proportional-employment review and levy, job matching."""
