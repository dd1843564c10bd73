"""Guided question pathways: the schema, the YAML loader and the pure engine."""

from assistant.casework.pathways.engine import (
    Answers,
    ItemAnswer,
    Progress,
    Status,
    next_step,
    open_items,
    progress,
    route,
)
from assistant.casework.pathways.grounding import GroundedCitation, changed_citations, ground
from assistant.casework.pathways.loader import DEFAULT_FOLDER, load_pathway, load_pathways
from assistant.casework.pathways.schema import Branch, BranchOption, Citation, Item, Pathway, Role, Step
from assistant.errors import PathwayError

__all__ = [
    "DEFAULT_FOLDER",
    "Answers",
    "Branch",
    "BranchOption",
    "Citation",
    "GroundedCitation",
    "Item",
    "ItemAnswer",
    "Pathway",
    "PathwayError",
    "Progress",
    "Role",
    "Status",
    "Step",
    "changed_citations",
    "ground",
    "load_pathway",
    "load_pathways",
    "next_step",
    "open_items",
    "progress",
    "route",
]
