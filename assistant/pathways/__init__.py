"""Guided question pathways: the schema, the YAML loader and the pure engine."""

from .engine import (
    Answers,
    ItemAnswer,
    Progress,
    Status,
    next_step,
    open_items,
    progress,
    route,
)
from .grounding import GroundedCitation, ground
from .loader import DEFAULT_FOLDER, load_pathway, load_pathways
from .schema import Branch, BranchOption, Citation, Item, Pathway, PathwayError, Role, Step

__all__ = [
    "GroundedCitation",
    "ground",
    "Answers",
    "Branch",
    "BranchOption",
    "Citation",
    "DEFAULT_FOLDER",
    "Item",
    "ItemAnswer",
    "Pathway",
    "PathwayError",
    "Progress",
    "Role",
    "Status",
    "Step",
    "load_pathway",
    "load_pathways",
    "next_step",
    "open_items",
    "progress",
    "route",
]
