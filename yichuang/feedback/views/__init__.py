"""Pages of the feedback app: thin over selectors (reads) and services (writes)."""
