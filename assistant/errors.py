"""Named errors whose messages are written for the people using the tool."""


class AssistantError(Exception):
    """Base class: the message is shown to users as it is."""


class ConfigError(AssistantError):
    """A setting is missing or inconsistent."""


class UnreadableFile(AssistantError):
    """A knowledge file cannot be read; the reason says why."""


class ModelIntegrityError(AssistantError):
    """The packaged embedding model is missing or not the expected file."""


class IndexMismatchError(AssistantError):
    """The index was built with a different embedding model."""


class IndexUnavailable(AssistantError):
    """The index (embedded folder or Chroma server) cannot be reached."""
