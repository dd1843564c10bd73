"""Casework: pathways, timeline, drafts, the checklist summary, exports and training."""
