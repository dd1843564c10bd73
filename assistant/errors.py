"""Named errors whose messages are written for the people using the tool."""


class AssistantError(Exception):
    """Base class: the message is shown to users as it is."""


class ConfigError(AssistantError):
    """A setting is missing or inconsistent."""


class UnreadableFile(AssistantError):
    """A knowledge file cannot be read; the reason says why."""


class ModelIntegrityError(AssistantError):
    """A packaged model (the embedding model, the name model) is missing or not the expected file."""


class IndexMismatchError(AssistantError):
    """The index was built with a different embedding model."""


class IndexUnavailable(AssistantError):
    """The index (embedded folder or Chroma server) cannot be reached."""


class TimelineError(AssistantError):
    """A date given to the timeline is missing, malformed or inconsistent.

    The message names the field (as the caller named it: a parameter, a command-line flag or a
    form label); ``field`` holds that name.
    """

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


class AbbreviationError(AssistantError):
    """The abbreviations file cannot be used."""


class UploadError(AssistantError):
    """An uploaded policy document was refused; the message names the file and the reason."""


class StorageError(AssistantError):
    """The drafts database cannot be reached or used; the message says what to do."""


class LibraryError(AssistantError):
    """The policy library could not be changed (switched off here, or a file problem); the message says which."""


class PathwayError(AssistantError):
    """A pathway file is missing, unreadable or not valid; the message names the file."""


class DraftError(AssistantError):
    """A draft cannot be read, saved or used; the message names the file and what is wrong."""


class TrainingError(AssistantError):
    """A vignette file is missing, unreadable or not valid, or feedback was asked for the wrong pathway."""


class ExportError(AssistantError):
    """An export could not be made or written; the message says which and why."""


class LLMError(AssistantError):
    """The language model could not be used (unreachable, timed out, unusable reply)."""


class LLMTimeout(LLMError):
    """The language model did not answer within ``timeout_s``."""


class PromptError(LLMError):
    """A prompt template is missing, invalid, or rendered with the wrong variables."""
