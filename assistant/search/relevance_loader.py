"""The relevance model in a running app or command: loaded once per process, lazily or from the app's
background warm-up, checked (``relevance_install.check``) before it is used.

When it is turned off (``ASSISTANT_RELEVANCE=false``), not installed, changed or failing its check, ``get``
returns None, ``problem`` says why in words for the interface, and search uses the five other signals.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path

from assistant.config import Settings
from assistant.errors import AssistantError
from assistant.search.relevance import MANIFEST_FILE, Relevance

log = logging.getLogger(__name__)


class RelevanceLoader:
    def __init__(self, folder: Path, enabled: bool = True) -> None:
        self.folder = folder
        self.enabled = enabled
        self.problem: str | None = None
        self._model: Relevance | None = None
        self._tried = False
        self._lock = threading.Lock()

    def get(self) -> Relevance | None:
        """The checked model, or None (``problem`` says why)."""
        if self._tried:
            return self._model
        with self._lock:
            if not self._tried:
                self._model = self._load()
                self._tried = True
        return self._model

    def _load(self) -> Relevance | None:
        if not self.enabled:
            self.problem = "The relevance model is turned off (ASSISTANT_RELEVANCE=false)."
            return None
        if not (self.folder / MANIFEST_FILE).exists():
            self.problem = (f"The relevance model is not installed in {self.folder}: run `make run` again or "
                            f"`python -m assistant train-relevance` (about 8 minutes).")
            return None
        from assistant.search.relevance_install import check, load_reference

        try:
            model = Relevance(self.folder)
            found = check(model, load_reference())
        except AssistantError as exc:
            self.problem = str(exc)
            log.warning("Relevance model not used: %s", exc)  # file names and figures only: nothing case-specific
            return None
        except Exception as exc:  # an optional model: whatever stops it, search goes on with five signals
            self.problem = f"The relevance model in {self.folder} could not be loaded ({type(exc).__name__}: {exc})."
            log.exception("Relevance model not used")
            return None
        log.info("Relevance model in use: %s", found)
        return model

    def warm_up_in_background(self) -> threading.Thread:
        thread = threading.Thread(target=self.get, name="relevance-warm-up", daemon=True)
        thread.start()
        return thread


_LOADERS: dict[tuple[Path, bool], RelevanceLoader] = {}
_LOADERS_LOCK = threading.Lock()


def loader(folder: Path, enabled: bool = True) -> RelevanceLoader:
    """The one loader of ``folder`` in this process."""
    with _LOADERS_LOCK:
        return _LOADERS.setdefault((Path(folder), enabled), RelevanceLoader(Path(folder), enabled))


def relevance_for(settings: Settings) -> Callable[[], Relevance | None]:
    """What ``HybridSearch(relevance=...)`` takes: the settings' model, loaded on first use."""
    return loader(settings.relevance_folder, settings.relevance).get


def installed_problem(settings: Settings) -> str | None:
    """Why the settings' relevance model is not in use (loading it first if need be), or None when it is."""
    found = loader(settings.relevance_folder, settings.relevance)
    found.get()
    return found.problem
