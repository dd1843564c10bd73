"""A deterministic, labelled synthetic set of case-note sentences for the identifier detector.

``build()`` returns sentences in which every personal identifier is labelled with its type and
span, and every look-alike (something that resembles an identifier but is not one: NHS-shaped
numbers with a wrong check digit, policy vocabulary, role titles, non-birth dates, case
references...) is labelled with a category and span. All names, places and numbers are
fictional (Ofcom drama phone ranges, example.org emails). Same seed, same corpus.

``score(items, detect)`` measures recall per identifier type and false-positive rate per
look-alike category for any detector returning objects with ``type``, ``start`` and ``end``.
"""

from __future__ import annotations

import json
import random
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

FIRST = ["Sarah", "Tom", "Amy", "Jack", "Priya", "Mohammed", "Chloe", "Liam", "Aisha", "Daniel", "Grace",
         "Oliver", "Zara", "Kacper", "Leah", "Callum", "Niamh", "Ibrahim", "Ruby", "Tyler",
         # Not only ASCII (added 2026-11-30, with the detector's fix for them)
         "Siobhán", "Łukasz", "Zoë", "Ștefan", "Олександра", "José"]
LAST = ["Jones", "Smith", "Patel", "Brown", "Khan", "O'Brien", "McDonald", "Taylor", "Nowak", "Ahmed",
        "Walsh", "Evans", "Okafor", "Hughes", "Smith-Jones", "Begum", "Wilson", "Clarke",
        "Wójcik", "Öztürk", "García", "Коваленко", "Ó Súilleabháin", "de la Cruz", "al-Hassan", "O’Neill"]
STREETS = ["Acacia", "High", "Station", "Church", "Mill", "Elm Tree", "Victoria", "Park View", "Oak", "Kings"]
SUFFIXES = ["Avenue", "Street", "Road", "Lane", "Close", "Drive", "Crescent", "Way", "Gardens", "Terrace"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]


@dataclass
class Item:
    """One sentence with its labelled identifiers and look-alikes (type or category, start, end)."""

    text: str
    identifiers: list[tuple[str, int, int]] = field(default_factory=list)
    lookalikes: list[tuple[str, int, int]] = field(default_factory=list)


def _fill(template: str, values: dict[str, tuple[str, str]], lookalike: bool = False) -> Item:
    """Fill ``{slot}`` placeholders with (label, text) values, recording labelled spans.

    For a look-alike sentence only the slots of ``_SLOT_CATEGORY`` are labelled (as look-alikes).
    """
    item, pos, out = Item(""), 0, []
    for m in re.finditer(r"\{(\w+)\}", template):
        out.append(template[pos:m.start()])
        label, text = values[m.group(1)]
        label = _SLOT_CATEGORY.get(m.group(1), "") if lookalike else label
        start = sum(map(len, out))
        out.append(text)
        if label:
            (item.lookalikes if lookalike else item.identifiers).append((label, start, start + len(text)))
        pos = m.end()
    out.append(template[pos:])
    item.text = "".join(out)
    return item


def _nhs(rng: random.Random, valid: bool) -> str:
    while True:
        d = [rng.randrange(10) for _ in range(9)]
        check = 11 - sum(x * w for x, w in zip(d, range(10, 1, -1))) % 11
        check = 0 if check == 11 else check
        if check == 10:
            continue
        last = check if valid else rng.choice([x for x in range(10) if x != check])
        s = "".join(map(str, d)) + str(last)
        return f"{s[:3]} {s[3:6]} {s[6:]}" if rng.random() < 0.5 else s


def _ni(rng: random.Random) -> str:
    while (p := rng.choice("ABCEGHJKLMNOPRSTWXYZ") + rng.choice("ABCEGHJKLMNPRSTWXYZ")) in {
            "BG", "GB", "NK", "KN", "TN", "NT", "ZZ"}:
        pass
    d = "".join(str(rng.randrange(10)) for _ in range(6))
    s = rng.choice("ABCD")
    return f"{p} {d[:2]} {d[2:4]} {d[4:]} {s}" if rng.random() < 0.5 else f"{p}{d}{s}"


def _bad_ni(rng: random.Random) -> str:
    d = "".join(str(rng.randrange(10)) for _ in range(6))
    kind = rng.randrange(4)
    if kind == 0:
        return rng.choice("DFIQUV") + rng.choice("ABCEH") + d + "A"
    if kind == 1:
        return rng.choice("ABH") + "O" + d + "B"
    if kind == 2:
        return rng.choice(["BG", "GB", "NK", "KN", "TN", "NT", "ZZ"]) + d + "C"
    return "AB" + d + rng.choice("EFGXZ")


def _postcode(rng: random.Random) -> str:
    a, b = "ABCDEFGHIJKLMNOPRSTUWYZ".replace("I", "").replace("J", ""), "ABCDEFGHKLMNOPQRSTUVWXY"
    inward = str(rng.randrange(10)) + "".join(rng.choice("ABDEFGHJLNPQRSTUWXYZ") for _ in range(2))
    shape = rng.randrange(7)
    outward = [f"{rng.choice(a)}{rng.randrange(1, 10)}", f"{rng.choice(a)}{rng.randrange(10, 100)}",
               f"{rng.choice(a)}{rng.choice(b)}{rng.randrange(1, 10)}",
               f"{rng.choice(a)}{rng.choice(b)}{rng.randrange(10, 100)}",
               f"{rng.choice('EW')}{rng.randrange(1, 10)}{rng.choice('ACHJKPSTUW')}",
               f"{rng.choice(['SW', 'NW', 'EC', 'WC'])}{rng.randrange(1, 3)}{rng.choice('ABEHMNPRVWXY')}",
               "GIR"][shape]
    if shape == 6:
        inward = "0AA"
    return outward + (" " if rng.random() < 0.7 else "") + inward


def _phone(rng: random.Random) -> str:
    n3 = f"{rng.randrange(1000):03d}"
    return rng.choice([f"07700 900{n3}", f"07700900{n3}", f"+44 7700 900{n3}", f"+447700900{n3}",
                       f"0161 496 0{n3}", f"(0161) 496 0{n3}", f"020 7946 0{n3}", f"020-7946-0{n3}",
                       f"+44 (0)20 7946 0{n3}", f"0113 496 0{n3}", f"01632 960{n3}", f"07700-900-{n3}"])


def _date(rng: random.Random, year: int) -> str:
    d, m = rng.randrange(1, 29), rng.randrange(1, 13)
    return rng.choice([f"{d:02d}/{m:02d}/{year}", f"{d}/{m}/{year}", f"{year}-{m:02d}-{d:02d}",
                       f"{d} {MONTHS[m - 1]} {year}", f"{d}th {MONTHS[m - 1]} {year}", f"{d}.{m}.{year % 100:02d}",
                       f"{MONTHS[m - 1]} {d}, {year}"])


IDENTIFIER_TEMPLATES = {
    "name": ["Mum, {name}, attended the ICPC with her advocate.", "Child: {name}", "Dad ({name}) did not attend.",
             "I spoke to Ms {last} at school about attendance.", "Home visit: met with Mr {last} in the kitchen.",
             "Team Manager, {name}, agreed the outline plan.", "Stepdad {first} was present for part of the visit.",
             "{name} (DOB {dob}) was seen alone in her bedroom.", "Nan is {name}; she collects the children.",
             "Mum's partner, {name}, refused to engage.", "CP Chair: {name}.", "Spoke to {first} on the phone.",
             "Dr {name} (GP) raised the concern.", "Young person: {name}, aged 14.", "{name}, aged 9, told the teacher."],
    "date_of_birth": ["DOB {dob}.", "{first} was born {dob} at the General Hospital.", "d.o.b.: {dob}",
                      "Date of birth: {dob}; lives with mum.", "Baby (DOB {dob}) is on a CP Plan.",
                      "Confirmed D.O.B. {dob} with the school office."],
    "nhs_number": ["NHS number {nhs}.", "NHS no: {nhs} (from GP records).", "Health records checked ({nhs})."],
    "ni_number": ["Mum's NI number is {ni}.", "NINO {ni} provided for the benefits check.", "NI: {ni}"],
    "postcode": ["The family moved to {pc} last month.", "Postcode {pc}, ground floor flat.", "Lives near {pc}."],
    "phone": ["Mum's mobile is {phone}.", "Call dad on {phone} after 5pm.", "School office: {phone}."],
    "email": ["Mum's email is {email}.", "Send the minutes to {email} please.", "Contact: {email}"],
    "address": ["The family now live at {address}, Leeds.", "Visit to {address} was unannounced.",
                "New address: {address}"],
}

LOOKALIKE_TEMPLATES = {
    "policy": ["A section 47 enquiry was started.", "Section 47 strategy discussion held.", "The plan is at 21 months.",
               "Visit within 48 hours of the ICPC.", "The 15 month conference is booked.", "Neglect at GCP2 level 3.",
               "Under the Children Act 1989 the duty applies.", "Working Together 2023 sets the timescale.",
               "The ICPC agreed a CP Plan.", "Signs of Safety mapping was completed.", "Step down to Child In Need.",
               "Review within 3 months.", "10 working days to convene.", "Under Section 17 support was offered.",
               "Consider PLO at 18 months.", "Plans over 2 years need sign-off."],
    "role": ["The Team Manager agreed.", "Escalated to the Service Manager.", "The CP Chair was consulted.",
             "Spoke to the Social Worker.", "The Health Visitor visited.", "Independent Reviewing Officer notified.",
             "Designated Safeguarding Lead informed.", "Team Manager and CP Chair disagreed."],
    "date_not_dob": ["Conference on {date}.", "ICPC held {date}.", "The plan started {date}.",
                     "Baby was born prematurely and discharged on {date}.", "Next review {date}.",
                     "Core group met on {date}."],
    "case_reference": ["Case ref {ref}.", "See {ref} for the chronology.", "Linked case: {ref}"],
    "nhs_invalid": ["NHS number {badnhs} (to be checked).", "Reference {badnhs} on the letter."],
    "random_10_digit": ["Account {rand10} was closed.", "Order {rand10} received."],
    "ni_invalid": ["Code {badni} on the form.", "NI {badni} looks wrong."],
    "count": ["{count} visits were completed.", "{count} Family Court hearings are listed.",
              "Seen {count} times this month."],
}


PREFIXES = ["", "Update: ", "Per the TM, ", "Note for file - ", "Following the visit, ", "Agreed today: "]


def _ascii_local(text: str) -> str:
    """An email local part from a name, as mail systems make them: accents dropped, ASCII only
    ("Łukasz.Wójcik" -> "lukasz.wojcik"; a Cyrillic name -> "family")."""
    folded = unicodedata.normalize("NFKD", text.replace("Ł", "L").replace("ł", "l"))
    parts = ["".join(c for c in part.lower() if c.isascii() and c.isalnum()) for part in folded.split(".")]
    return ".".join(p or "family" for p in parts)


def build(seed: int = 20240601, per_type: int = 30, per_lookalike: int = 6) -> list[Item]:
    """The labelled corpus: ``per_type`` sentences for each identifier type, then the look-alikes."""
    rng = random.Random(seed)
    items: list[Item] = []

    def values() -> dict[str, tuple[str, str]]:
        first, last = rng.choice(FIRST), rng.choice(LAST)
        flat = f"Flat {rng.randrange(1, 20)}, " if rng.random() < 0.3 else ""
        email = _ascii_local(f"{first}.{last}") + rng.choice(["@example.org", "@example.co.uk", "@mail.example.com"])
        return {"first": ("name", first), "last": ("name", last), "name": ("name", f"{first} {last}"),
                "dob": ("date_of_birth", _date(rng, rng.randrange(2006, 2025))), "nhs": ("nhs_number", _nhs(rng, True)),
                "ni": ("ni_number", _ni(rng)), "pc": ("postcode", _postcode(rng)), "phone": ("phone", _phone(rng)),
                "email": ("email", email),
                "address": ("address", f"{flat}{rng.randrange(1, 300)} {rng.choice(STREETS)} {rng.choice(SUFFIXES)}"),
                "date": ("date_not_dob", _date(rng, rng.randrange(2024, 2027))),
                "ref": ("case_reference", f"LL-{rng.randrange(100000, 1000000)}"),
                "badnhs": ("nhs_invalid", _nhs(rng, False)),
                "rand10": ("random_10_digit", re.sub(r"\D", "", _nhs(rng, False))),
                "badni": ("ni_invalid", _bad_ni(rng)), "count": ("count", str(rng.randrange(2, 40)))}

    for templates in IDENTIFIER_TEMPLATES.values():
        for i in range(per_type):
            items.append(_fill(templates[i % len(templates)], values()))
    for category, templates in LOOKALIKE_TEMPLATES.items():
        for template in templates:
            for _ in range(per_lookalike):
                prefix = rng.choice(PREFIXES)
                item = _fill(prefix + template, values(), lookalike=True)
                if not item.lookalikes:  # a sentence of policy vocabulary: the look-alike is the whole sentence
                    item.lookalikes.append((category, len(prefix), len(item.text)))
                items.append(item)
    return items


HELDOUT = Path(__file__).resolve().parents[1] / "identifiers_heldout.jsonl"
"""Case-note snippets written by someone who had not seen the detector's rules (see load_jsonl)."""


def _places(text: str, span: str, labelled: set[str]) -> list[int]:
    """Where ``span`` occurs in ``text``, leaving out occurrences inside a longer labelled text ("Hodan" inside
    "Hodan Warsame", "Star" inside the look-alike "Star chart"): those are that label's."""
    longer = [(m.start(), m.start() + len(t)) for t in labelled if span in t and t != span
              for m in re.finditer(re.escape(t), text)]
    return [m.start() for m in re.finditer(re.escape(span), text)
            if not any(s <= m.start() and m.start() + len(span) <= e for s, e in longer)]


def load_jsonl(path: Path = HELDOUT) -> list[Item]:
    """Labelled snippets, one JSON object per line: ``{"text", "identifiers": [{"type", "text"}],
    "lookalikes": [{"category", "text"}]}``; a text labelled n times occurs exactly n times in its snippet, not
    counting its occurrences inside a longer labelled text (the n-th label is the n-th occurrence left)."""
    items = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        data = json.loads(line)
        text = data["text"]
        item = Item(text)
        labelled = {e["text"] for f in ("identifiers", "lookalikes") for e in data.get(f, [])}
        both = {e["text"] for e in data.get("identifiers", [])} & {e["text"] for e in data.get("lookalikes", [])}
        if both:
            word = sorted(both)[0]
            raise ValueError(f"{path}:{number}: {word!r} is labelled both as an identifier and as a look-alike, so "
                             f"which occurrence is which cannot be told: label the look-alike by the longer phrase "
                             f"that holds it (\"{word} period\", \"{word} Street\")")
        for field_name, label, into in (("identifiers", "type", item.identifiers),
                                        ("lookalikes", "category", item.lookalikes)):
            entries = data.get(field_name, [])
            listed = Counter(entry["text"] for entry in entries)
            seen: Counter[str] = Counter()
            for entry in entries:
                span = entry["text"]
                places = _places(text, span, labelled)
                if len(places) != listed[span]:
                    raise ValueError(f"{path}:{number}: {span!r} occurs {len(places)} times in the snippet, "
                                     f"labelled {listed[span]}")
                start = places[seen[span]]  # the n-th label of a text is its n-th occurrence
                seen[span] += 1
                into.append((entry[label], start, start + len(span)))
        items.append(item)
    return items


_SLOT_CATEGORY = {"date": "date_not_dob", "ref": "case_reference", "badnhs": "nhs_invalid",
                  "rand10": "random_10_digit", "badni": "ni_invalid", "count": "count"}


def score(items: list[Item], detect) -> dict[str, dict[str, float]]:
    """Per type: found/total (a finding of that type covering the whole span); per category: flagged/total."""
    found: dict[str, list[int]] = {}
    flagged: dict[str, list[int]] = {}
    for item in items:
        findings = detect(item.text)
        for kind, s, e in item.identifiers:
            hit = any(f.type == kind and f.start <= s and f.end >= e for f in findings)
            found.setdefault(kind, [0, 0])[0] += hit
            found[kind][1] += 1
        for category, s, e in item.lookalikes:
            hit = any(f.start < e and f.end > s for f in findings)
            flagged.setdefault(category, [0, 0])[0] += hit
            flagged[category][1] += 1
    return {"recall": {k: v[0] / v[1] for k, v in found.items()},
            "fp_rate": {k: v[0] / v[1] for k, v in flagged.items()},
            "counts": {**{k: v[1] for k, v in found.items()}, **{k: v[1] for k, v in flagged.items()}},
            "overall_recall": sum(v[0] for v in found.values()) / sum(v[1] for v in found.values()),
            "overall_fp_rate": sum(v[0] for v in flagged.values()) / sum(v[1] for v in flagged.values())}
