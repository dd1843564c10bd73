"""Load pathway YAML files into validated ``Pathway`` models, with errors naming the file."""

from __future__ import annotations

from pathlib import Path

from assistant.casework.pathways.schema import Pathway
from assistant.config import PROJECT_ROOT
from assistant.content import load_yaml_model
from assistant.errors import PathwayError

DEFAULT_FOLDER = PROJECT_ROOT / "prompts" / "pathways"


def load_pathway(path: Path | str) -> Pathway:
    """Read and validate one pathway YAML file; PathwayError names the file and the problem."""
    return load_yaml_model(path, Pathway, PathwayError, "pathway", "id, title, steps, ...")


def load_pathways(folder: Path | str = DEFAULT_FOLDER) -> dict[str, Pathway]:
    """Load every ``*.yaml`` pathway in a folder, keyed by pathway id."""
    folder = Path(folder)
    if not folder.is_dir():
        raise PathwayError(f"Pathway folder {folder} does not exist.")
    pathways: dict[str, Pathway] = {}
    for path in sorted(folder.glob("*.yaml")):
        pathway = load_pathway(path)
        if pathway.id in pathways:
            raise PathwayError(f"Pathway file {path} reuses the id '{pathway.id}' of another pathway.")
        pathways[pathway.id] = pathway
    return pathways
