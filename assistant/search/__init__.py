"""Policy search: readers -> ingest -> index -> retrieval, and how well it works."""
