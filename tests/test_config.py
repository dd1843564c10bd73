"""Settings come from ASSISTANT_* variables; bad ones give a ConfigError naming the variable."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.config import PROJECT_ROOT, load_settings
from assistant.errors import ConfigError


def test_test_environment_points_the_data_dir_at_tmp_path(tmp_path):
    settings = load_settings()
    assert settings.data_dir == tmp_path / "data"
    assert PROJECT_ROOT / "data" not in (settings.data_dir, *settings.data_dir.parents)


def test_knowledge_dir_fixture_points_the_setting_at_a_copy(knowledge_dir, tmp_path):
    settings = load_settings()
    assert settings.knowledge_dir == knowledge_dir == tmp_path / "knowledge"
    names = sorted(p.name for p in knowledge_dir.iterdir())
    assert names == sorted(p.name for p in (PROJECT_ROOT / "knowledge").iterdir())


def test_defaults_without_environment(monkeypatch):
    monkeypatch.delenv("ASSISTANT_DATA_DIR")
    settings = load_settings()
    assert settings.knowledge_dir == PROJECT_ROOT / "knowledge"
    assert settings.data_dir == PROJECT_ROOT / "data"
    assert settings.chroma_host is None and settings.chroma_port is None
    assert settings.server_mode is False
    assert settings.chunk_overlap < settings.chunk_size


def test_reads_assistant_prefixed_variables(monkeypatch, tmp_path):
    monkeypatch.setenv("ASSISTANT_KNOWLEDGE_DIR", str(tmp_path / "policies"))
    monkeypatch.setenv("ASSISTANT_CHUNK_SIZE", "450")
    monkeypatch.setenv("ASSISTANT_MAX_FILE_MB", "1.5")
    monkeypatch.setenv("ASSISTANT_COLLECTION", "other_collection")
    monkeypatch.setenv("CHUNK_SIZE", "999")  # unprefixed: ignored
    settings = load_settings()
    assert settings.knowledge_dir == tmp_path / "policies"
    assert settings.chunk_size == 450
    assert settings.max_file_bytes == int(1.5 * 1024 * 1024)
    assert settings.collection == "other_collection"


def test_host_and_port_together_switch_to_server_mode(monkeypatch):
    monkeypatch.setenv("ASSISTANT_CHROMA_HOST", "127.0.0.1")
    monkeypatch.setenv("ASSISTANT_CHROMA_PORT", "8123")
    settings = load_settings()
    assert settings.server_mode is True
    assert (settings.chroma_host, settings.chroma_port) == ("127.0.0.1", 8123)


@pytest.mark.parametrize("variable", ["ASSISTANT_CHROMA_HOST", "ASSISTANT_CHROMA_PORT"])
def test_only_one_of_host_and_port_is_a_config_error(monkeypatch, variable):
    monkeypatch.setenv(variable, "127.0.0.1" if variable.endswith("HOST") else "8000")
    with pytest.raises(ConfigError, match="needs both ASSISTANT_CHROMA_HOST and ASSISTANT_CHROMA_PORT"):
        load_settings()


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("ASSISTANT_CHROMA_PORT", "70000", "ASSISTANT_CHROMA_PORT: Input should be less than or equal to 65535"),
        ("ASSISTANT_CHROMA_PORT", "not-a-port", "ASSISTANT_CHROMA_PORT: Input should be a valid integer"),
        ("ASSISTANT_CHUNK_SIZE", "50", "ASSISTANT_CHUNK_SIZE: Input should be greater than or equal to 100"),
        ("ASSISTANT_MAX_FILE_MB", "0", "ASSISTANT_MAX_FILE_MB: Input should be greater than 0"),
        ("ASSISTANT_COVERED_CONFIDENCE", "1.5", "ASSISTANT_COVERED_CONFIDENCE: Input should be less than or equal to 1"),
    ],
)
def test_invalid_values_name_the_variable(monkeypatch, variable, value, message):
    monkeypatch.setenv(variable, value)
    if variable == "ASSISTANT_CHROMA_PORT":
        monkeypatch.setenv("ASSISTANT_CHROMA_HOST", "127.0.0.1")
    with pytest.raises(ConfigError, match=f"^Invalid settings: .*{message}"):
        load_settings()


def test_overlap_must_be_smaller_than_chunk_size(monkeypatch):
    monkeypatch.setenv("ASSISTANT_CHUNK_SIZE", "200")
    monkeypatch.setenv("ASSISTANT_CHUNK_OVERLAP", "200")
    with pytest.raises(ConfigError, match="ASSISTANT_CHUNK_OVERLAP must be smaller than ASSISTANT_CHUNK_SIZE"):
        load_settings()


def test_overrides_take_precedence_over_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("ASSISTANT_CHUNK_SIZE", "450")
    settings = load_settings(chunk_size=300, data_dir=tmp_path / "elsewhere")
    assert settings.chunk_size == 300
    assert settings.data_dir == Path(tmp_path / "elsewhere")


@pytest.mark.parametrize(("old", "new"), [("ASSISTANT_COVERED_THRESHOLD", "ASSISTANT_COVERED_CONFIDENCE"),
                                          ("ASSISTANT_WEAK_MATCH_BELOW", "ASSISTANT_CAUTION_BELOW")])
def test_a_retired_setting_is_refused_with_its_replacement(monkeypatch, old, new):
    monkeypatch.setenv(old, "0.5")
    with pytest.raises(ConfigError, match=f"^{old} is no longer read: .*Use {new} instead"):
        load_settings()


def test_the_caution_line_cannot_sit_below_the_covered_line(monkeypatch):
    monkeypatch.setenv("ASSISTANT_COVERED_CONFIDENCE", "0.7")
    monkeypatch.setenv("ASSISTANT_CAUTION_BELOW", "0.6")
    with pytest.raises(ConfigError, match="ASSISTANT_CAUTION_BELOW must not be below ASSISTANT_COVERED_CONFIDENCE"):
        load_settings()
