"""Optional language model: plain-English chat answers grounded in the policy passages, and a
drafted analysis of the practitioner's evidence notes.

Off by default (``ASSISTANT_LLM_BACKEND=none``): then ``chat_model`` returns None,
``answer_question`` returns the verbatim-passage answer, and no language-model package
(langchain_ollama, langchain_openai, ollama, openai, tiktoken) is imported.

Typical use::

    llm_settings = load_llm_settings()
    model = chat_model(llm_settings)                    # None when not configured
    answer = answer_question(question, search.search(question, k=3), model, llm_settings)
    answer.kind, answer.label, answer.sentences, answer.passages, answer.fallback_reason
"""

from assistant.errors import LLMError, LLMTimeout, PromptError
from assistant.llm.analysis import DRAFTED_LABEL, DraftedAnalysis, draft_analysis
from assistant.llm.backends import chat_model
from assistant.llm.grounded import ChatAnswer, GroundedAnswer, GroundedSentence, answer_question
from assistant.llm.prompts import render
from assistant.llm.settings import LLMSettings, load_llm_settings

REMOTE_BANNER = ("A remote language model is configured ({endpoint}). Personal details are removed from your "
                 "questions and notes before they are sent, but check what you type: the redaction can miss "
                 "some identifiers.")
LOCAL_NOTE = "Language model: {endpoint}, running on this computer."


def endpoint_notice(settings: LLMSettings) -> str | None:
    """What the UI shows about the configured model: the remote banner, a local note, or None."""
    if not settings.enabled:
        return None
    if settings.is_remote:
        return REMOTE_BANNER.format(endpoint=settings.endpoint_label)
    return LOCAL_NOTE.format(endpoint=settings.endpoint_label)


__all__ = [
    "DRAFTED_LABEL", "LOCAL_NOTE", "REMOTE_BANNER", "ChatAnswer", "DraftedAnalysis", "GroundedAnswer",
    "GroundedSentence", "LLMError", "LLMSettings", "LLMTimeout", "PromptError", "answer_question", "chat_model",
    "draft_analysis", "endpoint_notice", "load_llm_settings", "render",
]
