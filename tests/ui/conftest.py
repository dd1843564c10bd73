"""Shared by the AppTest modules: a knowledge copy and a data folder per module (a module may define
its own ``folders``, as test_app.py does to build the index with the real model)."""

from __future__ import annotations

import pytest
import streamlit as st
from helpers.support import clear_assistant_env, copy_knowledge

from assistant.ui import resources


@pytest.fixture(scope="module")
def folders(tmp_path_factory, request):
    """A knowledge copy and a data folder for the module; the embedding model is not loaded."""
    base = tmp_path_factory.mktemp(request.module.__name__.rsplit(".", 1)[-1])
    with pytest.MonkeyPatch.context() as mp:
        clear_assistant_env(mp)
        mp.setenv("ASSISTANT_KNOWLEDGE_DIR", str(copy_knowledge(base / "knowledge")))
        mp.setenv("ASSISTANT_DATA_DIR", str(base / "data"))
        mp.setenv("ASSISTANT_WARM_UP", "false")
        st.cache_resource.clear()
        yield resources.settings()
    st.cache_resource.clear()
