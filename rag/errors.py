"""The project's own errors: each message says what went wrong and how to fix it."""


class RagError(Exception):
    """Base class for errors shown to users without a traceback."""


class ConfigError(RagError):
    """A setting has an invalid value."""


class ModelError(RagError):
    """The embedding model cannot be built or loaded."""


class NotesError(RagError):
    """The notes folder is missing or holds no readable notes."""


class IndexMissingError(RagError):
    """No index has been built yet."""


class IndexMismatchError(RagError):
    """The index was built with another model or chunking than the current settings."""


class IndexBusyError(RagError):
    """Another process is updating the index."""


class IndexCorruptError(RagError):
    """An index file is unreadable, truncated or inconsistent."""


class IndexWriteError(RagError):
    """A new build could not be written (disk full, no permission); the published one is unchanged."""


class UpdateCancelledError(RagError):
    """An index update was cancelled before it published; the published build is unchanged."""


class NoMatchError(RagError):
    """Filters (dates, presenter, tag) let no chunk through."""


class QuestionError(RagError):
    """The question cannot be searched (empty, only symbols…)."""


class FilterError(QuestionError):
    """A filter field holds something that is not a date, or an impossible date range."""


class NoteSaveError(RagError):
    """A note cannot be added (no text, not text, bad name, or the name is taken)."""


class NoteExistsError(NoteSaveError):
    """Another note already has that file name; replacing it needs an explicit yes."""


class ImportRefusedError(RagError):
    """An import was refused before anything was written (unsafe or oversized zip, missing path)."""


class LLMError(RagError):
    """Base class for failures talking to the configured LLM endpoint."""


class LLMUnavailableError(LLMError):
    """The LLM endpoint cannot be reached, timed out or failed on its side (5xx)."""


class LLMRateLimitError(LLMError):
    """The LLM endpoint refused the request for now (HTTP 429)."""


class LLMAuthError(LLMError):
    """The LLM endpoint rejected the API key (HTTP 401/403)."""


class LLMResponseError(LLMError):
    """The LLM endpoint answered, but with an empty, malformed or rejected result."""


class LocalLLMError(RagError):
    """The bundled local LLM cannot be assembled or its server cannot start."""
