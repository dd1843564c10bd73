"""Word-level tests the name rules share (``identifiers``, ``lower_case_names``): words that are never a name or
never part of one (``stop_word``), English words and their plurals (the name model's WordNet index), and lookups
on the given-name lists. Each takes one word; nothing here reads a note.
"""

from __future__ import annotations

from assistant.privacy.given_names import given_names, surnames
from assistant.privacy.vocabulary import FAMILY_WORDS, LABEL_WORDS, ROLES, TITLES
from assistant.privacy.word_lists import NOT_NAMES

__all__ = ["MODEL_STOP", "MONTH_NAMES", "NEVER_WIDEN", "NOTE_LABELS", "STARTERS", "as_name", "common_word",
           "listed_name", "no_english_word", "plural_of_english", "stop_word", "unknown_word"]

# Capitalised words that open sentences and are never names (for NAME_SUBJECT and NAME_POSSESSIVE).
STARTERS = frozenset((
    "What", "When", "Where", "Which", "Who", "Whom", "Whose", "Why", "How", "There", "Here", "Nothing",
    "Everything", "Everyone", "Everybody", "Someone", "Somebody", "Nobody", "Anyone", "Anybody", "None",
    "Little", "Much", "Many", "More", "Most", "Less", "Few", "Several", "Other", "Others", "Another", "Such",
    "One", "Two", "Three", "First", "Second", "Last", "Later", "Earlier", "Now", "Since", "After",
    "Before", "During", "While", "Although", "Though", "However", "Therefore", "Overall", "Previously",
    "Recently", "Currently", "Again", "Still", "Only", "Just", "Even", "Very", "Staff", "Membership",
    "Supervision", "Attendance", "Progress", "Work", "Support", "Information", "Housing", "Education",
    "Neighbours", "Professionals", "Agencies", "Records", "Reports", "Evidence", "Management", "Update",
    "Consent", "Legal", "Court", "Government", "Mental", "Substance", "Alcohol", "Drug", "Drugs", "Domestic",
    "Neglect", "Abuse", "Harm", "Change", "Safety", "Escalation", "Health", "Time", "Today's", "Year",
    "Rang", "Rung", "Phoned", "Called", "Texted", "Emailed", "Messaged", "Spoke", "Visited",  # "Rang Barnardo's"
    "Observed", "Says", "Smokes", "Noted", "Saw", "Seen", "Met", "Advised", "Discussed", "Explained",
))


NEVER_WIDEN = NOT_NAMES | STARTERS | {w.replace("_", " ").capitalize()
                                       for w in FAMILY_WORDS + LABEL_WORDS + ROLES + TITLES}


MODEL_STOP = NOT_NAMES | STARTERS | NEVER_WIDEN


NOTE_LABELS = frozenset((
    "Email", "E-mail", "Phone", "Tel", "Telephone", "Mobile", "Mob", "Address", "Postcode", "DOB", "NHS", "NI",
    "Ref", "Reference", "Case", "Note", "Notes", "Visit", "Call", "Text", "Collect", "Contact", "Present",
    "Apologies", "Agenda", "Minutes", "Update", "Plan", "Actions", "Outcome", "Admin",
))
"""Words that head a line of a case note ("Email sarah@…", "Present: …") and that the model can take for names."""


def stop_word(word: str) -> bool:
    """A word the model's and the list's findings must not be (nor start or end with)."""
    from assistant.privacy.policy_words import policy_words

    return word in MODEL_STOP or word in NOTE_LABELS or word in policy_words()


def no_english_word(word: str) -> bool:
    """A capitalised word that is no English word, nor the plural of one, with a vowel ("Oliwia", not "Collect",
    "Txt" or "Hv"); false without the model's word index."""
    from assistant.privacy import names_model

    english = names_model.english_words()
    return bool(english) and word.isalpha() and unknown_word(word.lower(), english)


def listed_name(word: str, names: frozenset[str]) -> bool:
    """A given name on the list, or a double-barrelled one whose every part is ("Maisie-Jo", "Jodie-Leigh")."""
    return word in names or ("-" in word and all(part in names for part in word.split("-")))


def as_name(word: str) -> str:
    """A word in lower case written as a name is: "kai-jaxon" -> "Kai-Jaxon"."""
    return "-".join(part.capitalize() for part in word.split("-"))


def common_word(plain: str) -> bool:
    """An English word ("Pig", "Division", "Cakes", "Speaks"; the model's word index), without a possessive, that
    is neither a given name nor a surname on the lists ("Rose", "Hill" and "Marsh" are)."""
    from assistant.privacy import names_model

    if not plain.isalpha():
        return False
    title = plain[:1].upper() + plain[1:].lower()
    if plain in given_names() or title in given_names() or title in surnames():
        return False
    lower, words = plain.lower(), names_model.english_words()
    return lower in words or plural_of_english(lower, words)


def plural_of_english(lower: str, words: frozenset[str]) -> bool:
    """An English noun's plural in lower case ("cubs", "wishes", "ladies"; the model's word index)."""
    return ((lower.endswith("s") and lower[:-1] in words) or (lower.endswith("es") and lower[:-2] in words)
            or (lower.endswith("ies") and lower[:-3] + "y" in words))


MONTH_NAMES = frozenset(("Jan", "Mar", "Apr", "April", "May", "Jun", "June", "Jul", "July", "Aug", "August",
                          "Sept", "Oct", "Nov", "Dec"))
"""Months or their abbreviations that are also given names or surnames ("Jan", "June", "May", "August")."""


def unknown_word(word: str, english: frozenset[str]) -> bool:
    """No English word, nor the plural of one, nor an abbreviation without a vowel ("visits", "wks")."""
    return (word not in english and not plural_of_english(word, english)
            and any(c in "aeiouy" for c in word))
