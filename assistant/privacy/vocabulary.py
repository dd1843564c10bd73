"""Words and character classes the identifier rules share (``identifiers``, ``lookalikes``): the letters of
names in any Latin, Greek or Cyrillic alphabet, months and dates, and the family, label, role and title words
that put a name in context, and ``trie``, which writes a word list as one fast regex alternation. Data only; nothing
here reads a note."""

from __future__ import annotations

import re

MONTHS = ("jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?"
           "|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?")


DATE = (rf"(?:\d{{1,2}}[/.-]\d{{1,2}}[/.-](?:\d{{4}}|\d{{2}})|\d{{4}}-\d{{2}}-\d{{2}}"
         rf"|\d{{1,2}}(?:st|nd|rd|th)?(?: of)? (?:{MONTHS})\.?,? (?:\d{{4}}|['’]?\d{{2}})"
         rf"|\d{{1,2}}-(?:{MONTHS})-(?:\d{{4}}|\d{{2}})"
         rf"|(?:{MONTHS})\.? \d{{1,2}}(?:st|nd|rd|th)?,? \d{{4}})")


def letters(test) -> str:
    """A regex character class body of the letters below U+2000 (Latin with every accent, Greek,
    Cyrillic, Latin Extended Additional) that pass ``test``."""
    return "".join(re.escape(chr(c)) for c in range(0x2000) if chr(c).isalpha() and test(chr(c)))


# Names are not only ASCII: "Siobhán", "Łukasz Wójcik", "Ștefan", "Zoë", "Öztürk", "Олександра".
# Lower-case letters also take combining accents (U+0300-U+036F), for text typed decomposed.
UPPER = letters(str.isupper)


LOWER = letters(str.islower) + "\u0300-\u036f"


FAMILY_WORDS = [
    "mum", "mother", "mam", "mummy", "dad", "father", "daddy", "stepmum", "step-mum", "stepdad", "step-dad",
    "stepmother", "step-mother", "stepfather", "step-father", "nan", "nana", "nanna", "nannan", "nanny", "gran",
    "granny", "grandma", "grandmother", "grandad", "granddad", "grandpa", "grampa", "gramps", "grandfather",
    "great-grandmother", "great-grandad", "great-nan", "babcia", "dziadek", "nain", "taid", "mamgu", "dadi", "nani",
    "aunt", "auntie", "aunty", "uncle",
    "brother", "sister", "half-brother", "half-sister", "sibling", "siblings", "cousin", "son", "daughter", "partner",
    "boyfriend", "girlfriend", "husband", "wife", "ex-partner", "carer", "foster_carer", "kinship_carer", "neighbour",
    "friend", "known_as", "aka", "also_known_as", "called", "named", "new_partner", "baby", "twins", "twin",
    "eldest", "youngest", "niece", "nephew", "grandson", "granddaughter", "stepson", "stepdaughter", "step-son",
    "step-daughter", "fiance", "fiancé", "fiancee", "fiancée", "godmother", "godfather", "great-aunt", "great-uncle",
    "brother-in-law", "sister-in-law", "mother-in-law", "father-in-law", "lodger", "housemate", "flatmate", "ex",
    "fella"]


# Labels need ":", ",", "(" or "is" before the name ("Child: Tom", not "Child Protection").
LABEL_WORDS = ["child", "children", "young_person", "yp", "subject", "name", "full_name", "guardian"]


ROLES = [
    "social_worker", "sw", "team_manager", "service_manager", "cp_chair", "chair", "iro",
    "health_visitor", "hv", "midwife", "teacher", "head_teacher", "headteacher", "dsl", "senco", "gp",
    "school_nurse", "nurse",
    "paediatrician", "pc", "ds", "dc", "officer", "police_officer", "family_support_worker", "fsw", "advocate",
    "solicitor", "interpreter", "manager", "practitioner", "worker", "key_worker", "safeguarder", "reporter", "pa",
    "ot", "pennaeth", "keyworker", "key_person", "caseworker", "case_worker", "counsellor", "adviser",
    "personal_adviser", "contact_worker", "mentor", "youth_worker", "support_worker", "team_leader", "sgt",
    "sergeant", "detective", "pcso", "deputy_head", "nursery_manager", "constable", "inspector", "superintendent",
    "ewo", "contact_supervisor", "coach", "staff_member", "link_worker", "family_worker", "nurse_practitioner",
    "teaching_assistant", "class_teacher", "form_tutor", "head_of_year", "learning_mentor", "idva", "isva", "priest"]


TITLES = ["mr", "mrs", "ms", "miss", "mx", "dr", "master", "pastor", "imam", "reverend", "rev", "rabbi", "sheikh",
           "hhj", "dj"]


CONTACT_VERBS = [
    "spoke_to", "spoke_with", "speaking_to", "met_with", "met", "visited", "saw", "seen_by", "phoned", "rang",
    "called", "told", "asked", "emailed", "texted", "informed", "contacted", "according_to", "interviewed",
    "supported_by", "accompanied_by"]
"""Contact verbs after which a name is a person ("spoke to Sarah", "seen by Amir"); ``_`` is a space."""


RELATIONS = "|".join(w.replace("_", " ") for w in FAMILY_WORDS + LABEL_WORDS)


ROLE_PATTERN = "|".join(w.replace("_", " ") for w in ROLES)


def trie(words: list[str]) -> str:
    """``words`` as one regex alternation shaped like a trie: a position that cannot match fails at once."""
    root: dict = {}
    for word in words:
        node = root
        for ch in word.replace("_", " "):
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        branches = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(root)
