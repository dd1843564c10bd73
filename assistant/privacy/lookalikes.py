"""What makes a span taken for a name something else: a pet, a thing someone likes, eats, watches, is given or is
on, a programme or character, a medicine, a business, a service, a town, a thing listed with goods. ``detect``
(``identifiers``) drops a name finding when one of these says so. Pure functions of the note's text and the
spans found; they read the word lists and the model's English words but never the note's people."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from assistant.privacy import public_figures
from assistant.privacy.given_names import given_names, on_a_name_list, surnames
from assistant.privacy.vocabulary import (
    DATE,
    FAMILY_WORDS,
    LOWER,
    RELATIONS,
    ROLE_PATTERN,
    ROLES,
    TITLES,
    UPPER,
    trie,
)

_ROLE_HEADS = frozenset(("Nurse", "Carer", "Carers", "Worker", "Workers", "Officer", "Coordinator", "Practitioner",
                         "Visitor", "Manager", "Lead", "Advisor", "Adviser", "Therapist", "Consultant", "Mentor",
                         "Dietitian", "Adult", "Assistant", "Tutor"))


_PET = ("dog|dogs|cat|cats|puppy|kitten|pet|rabbit|hamster|staffie|budgie|parrot|pony|horse|snake|lurcher|bully|"
        "cockapoo|spaniel|terrier|husky|labrador|poodle|chihuahua|jack russell|guinea pig|tortoise|ferret|fish|"
        "goldfish|collie|gerbil|bearded dragon|lizard|cockatiel|alsatian|german shepherd|rottweiler|pug|"
        "dachshund|sausage dog|cockerpoo|bulldog|french bulldog|frenchie|xl bully|guinea pigs|rabbits|kittens|"
        "staffies|huskies|bullies|mare|stallion|foal|gelding|cob|donkey|"
        "puppies|cavapoo|cavachon|maltipoo|shih tzu|pomeranian|beagle|greyhound|whippet|akita|mastiff|cane corso|"
        "pitbull|pit bull|springer|westie|yorkie|bichon|dobermann|doberman|great dane")


_PET_BEFORE = re.compile(rf"\b(?:{_PET})\s*(?:\(\s*|(?:called|named)\s+)?$", re.IGNORECASE)


_A_PETS_NOUN = re.compile(_PET, re.IGNORECASE)


_LIST_JOIN = r"(?:\s*,\s*(?:and\s+)?|\s+(?:and|&)\s+)"
"""What joins the items of a list: ", ", ", and ", " and ", " & "."""


_PET_NAMED_ASIDE = re.compile(rf"\b(?:{_PET}),\s+(?:[{UPPER}][\w'’-]*{_LIST_JOIN})?$", re.IGNORECASE)
"""A pet's noun and a comma before a name, or before the first of two ("the cat, Kevin, sleeps on his bed", "two
Staffies, Tyson and Gary, loose in the kitchen"): a name only if the aside closes after it (``_ASIDE_CLOSES``)."""


_ASIDE_CLOSES = re.compile(rf"(?:{_LIST_JOIN}[{UPPER}][\w'’-]*)?\s*[,.;)]")


_PET_TITLED_BEFORE = re.compile(rf"\b(?:{_PET})\s+(?:(?:called|named)\s+)?(?:Mr|Mrs|Miss|Ms|Lady|Lord|Sir|Captain|"
                                rf"Princess|Prince|Professor|Dr)\.?\s+$", re.IGNORECASE)
"""A pet's name with a title: "her hamster Mr Nibbles", "the cat called Lady Grey"."""


_PET_AFTER = re.compile(rf"\s*(?:\(|(?P<comma>,)|\s(?:is|was)\b|\s(?=the\b))\s*"
                        rf"(?:(?:the|a|an|his|her|their|my|our|family['’]s?|mum['’]s|dad['’]s)\s+)*"
                        rf"(?:\w+\s+)?(?:{_PET})\b", re.IGNORECASE)


_APPOSITION_END = re.compile(r"\s*(?:[,.;:!?)]|$)")


_A_PERSON_OF_THE_THING = re.compile(
    r"(?:['’]s\b|\s+(?i:lover|lovers|person|people|owner|owners|walker|walkers|sitter|sitters|groomer|trainer|"
    r"collector|collectors|fan|fans|lady|man|woman|boy|girl|breeder|keeper|warden|handler|carer|carers|mad|"
    r"allergy|allergic)\b)")
"""After a pet's or a toy's noun, a word that makes the phrase a person's: "Tom is a dog lover", "was the dog's
main carer", "is a cat person", "a toy collector"."""


def _said_of(after: re.Match[str] | None, text: str) -> bool:
    """Whether ``_PET_AFTER`` or ``_TOY_AFTER`` found what the name is: after a comma only as an aside ending at a
    stop or a comma ("Rex, his dog, barked"), not the start of a clause about the person ("Tom, his dog was
    barking": Tom is a boy); and never where the noun goes on to name a person ("Tom is a dog lover")."""
    return after is not None and not (after["comma"] and not _APPOSITION_END.match(text, after.end())) \
        and not _A_PERSON_OF_THE_THING.match(text, after.end())


_GIVING_BEFORE = re.compile(r"\b(?:gave|give|gives|bought|buys|got|gets|showed|shows|brought|brings|took|takes|let|"
                            r"lets|promised|sent|handed|told|asked|left|leaves|owes)\s+$", re.IGNORECASE)
"""A verb that gives someone something: "bought Kayden the puppy" names a child, not a pet."""


_NAMING = frozenset(("called", "named", "known_as", "aka", "also_known_as"))


_KIN_BEFORE = re.compile(rf"\b(?i:{trie([w for w in FAMILY_WORDS if w not in _NAMING] + TITLES)})\.?\s+$")
"""A family word or a title straight before a word: the word names a person ("her dad Phil", "Mrs Daisy Hill"); not
"called" or "named", which name pets too ("a cat called Alfie")."""


def _occurrences(text: str, word: str) -> list[int]:
    r"""Where ``word`` stands in ``text`` as a word of its own: not inside a longer word, a hyphenated one or after an
    apostrophe (the pattern ``(?<![\w'’-])word(?![\w-])``, searched with ``str.find``, faster for one word)."""
    out, pos = [], text.find(word)
    while pos >= 0:
        end = pos + len(word)
        if (not pos or not _in_word(text[pos - 1], "'’-")) and (end == len(text) or not _in_word(text[end], "-")):
            out.append(pos)
            pos = text.find(word, end)
        else:
            pos = text.find(word, pos + 1)
    return out


def _in_word(char: str, marks: str) -> bool:
    r"""A character of a word as ``re``'s ``\w`` has it (a letter, a digit of any script, "_"), or one of ``marks``."""
    return char.isalnum() or char == "_" or char in marks


def _a_pet(text: str, start: int, end: int) -> bool:
    """A pet's noun capitalised ("Two Staffies, Tyson and Gary"), no one's name; or a single word that the note
    gives a pet, straight after "dog", "cat", "staffie"..., in an aside after one
    ("the cat, Kevin, sleeps", ``_PET_NAMED_ASIDE``) or before "the dog",
    "is a collie"... somewhere in it: no person anywhere in the note ("Grandad brings his dog Tyson and the children
    love Tyson": both; "their cat called Luna", "Bruno the dog"), except where this use has a person's age after it
    or a relative or title before it ("Sandy the hamster … Sandy (10) insists", "named after her dad Phil")."""
    word = text[start:end]
    if " " in word or _AGE_OR_BIRTH_AFTER.match(text, end):
        return False  # a person's age after it: "Sandy (10) insists"
    if _A_PETS_NOUN.fullmatch(word) and not on_a_name_list(word):
        return True  # the noun itself, capitalised: "Two Staffies", "Cockapoo"; not "Cat" (Catherine)
    if _KIN_BEFORE.search(text, max(0, start - 30), start):  # whose relative: "named after her dad Phil"
        return bool(_PET_TITLED_BEFORE.search(text, max(0, start - 40), start))  # "her hamster Mr Nibbles"
    return any(_PET_BEFORE.search(text, max(0, p - 30), p) or (
        _PET_NAMED_ASIDE.search(text, max(0, p - 50), p) is not None and _ASIDE_CLOSES.match(text, p + len(word))
    ) or (
        (after := _PET_AFTER.match(text, p + len(word))) is not None and _said_of(after, text)
        and not (after.group().lstrip().startswith("the") and _GIVING_BEFORE.search(text, max(0, p - 12), p)))
               for p in _occurrences(text, word))


_AGE_OR_BIRTH_AFTER = re.compile(
    rf"\s*\(\s*(?:(?i:{DATE})|\d{{1,2}}\s*(?:yrs?|years?|y/?o|months?|mths?|wks?|weeks?)?\s*[),])")
"""A date or an age in brackets after a word, as people's names are written: "Tobi (04/04/2021)", "Tobi (4)"."""


_OWNS_AFTER = re.compile(
    r"['’]s\s+(?!(?:and|or|but|in|at|on|by|near|behind|outside|inside|round|around|into|over|under|off|up|down|"
    r"from|with|without|for|to|then|when|while|after|before|because|as|now|again|today|tonight|every|x\d+)\b)[\w£]")


def _owns_something(text: str, end: int) -> bool:
    """A possessive after a name, with what it owns after it: a person's ("ate Kian's tea", "stole Tobi's phone").
    A brand or a shop written as a possessive with nothing after it but a stop or a preposition is not
    ("drinking Frosty Jack's in the park", "bought her Nando's and Elf Bars")."""
    return bool(_OWNS_AFTER.match(text, end))


_GOODS = frozenset((
    "can", "cans", "bottle", "bottles", "pouch", "pouches", "packet", "packets", "pack", "packs", "box", "boxes",
    "tin", "tins", "bag", "bags", "jar", "jars", "tub", "beans", "bread", "rice", "snacks", "crisps", "cereal",
    "milk", "formula", "biscuits", "chocolate", "sweets", "juice", "pizza", "nuggets", "noodles", "vodka", "cider",
    "lager", "beer", "wine", "tobacco", "cigarettes", "vape", "vapes", "toy", "toys", "doll", "dolls", "teddy",
    "figure", "figures", "cards", "game", "games", "console", "stickers", "top", "shirt", "kit", "trainers",
    "hoodie", "coat", "duvet", "bedding", "pyjamas", "nappies", "wipes", "cream", "spray", "shampoo", "lotion",
    "blanket", "video", "videos", "poster", "posters", "song", "songs", "album", "book", "books", "film", "films",
    "programme", "programmes", "show", "cartoon", "cartoons", "channel", "app", "podcast", "debt", "debts", "loan",
    "loans", "voucher", "vouchers", "account", "leaflet", "leaflets", "info", "helpline", "number", "website",
    "wreath", "lights", "decorations", "ward", "clip", "clips", "episode", "episodes", "series", "reruns", "scooter",
    "bike", "tent", "dreamhouse", "bunny", "teacakes", "soup", "oats", "porridge", "yoghurt", "yogurt", "corners",
    "makeup", "perfume", "shoes", "boots", "parcel", "parcels", "nurse", "nurses", "volunteer", "volunteers",
    "helpline", "dress", "dresses", "costume", "lamp", "camera", "doorbell", "payment", "payments", "cap",
    "slippers", "wellies", "bubbles", "onesie", "backpack", "lunchbox", "mug", "cup", "cups", "curtains", "rug",
    "rugs", "cushion", "cushions", "pillow", "pillows", "towel", "towels", "mask", "masks", "wallpaper",
))
"""Nouns for things bought, owned, worn, eaten, watched or rung, which a brand, a team, a programme or a service
names when written straight before them ("Heinz beans", "Chelsea top", "Pokémon cards", "Shelter number")."""


def _a_medicine(text: str, start: int, end: int) -> bool:
    """A single word on no name list that is a medicine's name ("Melatonin for sleep", "taking 12 Sertraline",
    "Calpol"; ``medicines``). Judged only where the model alone calls it a person, not where the rules find the
    same word as a name elsewhere in the note, and not before a date or an age in brackets: some brand names are
    given names too ("Tobi told me", "Tobi (04/04/2021)")."""
    from assistant.privacy.given_names import on_a_name_list
    from assistant.privacy.medicines import medicine_words

    word = text[start:end]
    return (word.isalpha() and word.lower() in medicine_words() and not on_a_name_list(word)
            and not _AGE_OR_BIRTH_AFTER.match(text, end))


_POSSESSIVE_BEFORE = re.compile(r"\w['’]s\s+$")


_LISTED_AFTER = re.compile(r"\s*(?:,|and|&|or)\s+([A-Za-z]+)")


_LISTED_BEFORE = re.compile(r"([A-Za-z]+)\s*(?:,|and|&|or)\s+$")


def _a_medicine_named(text: str, start: int, end: int, taken: list[tuple[str, int, int]]) -> bool:
    """A medicine's name (``_a_medicine``) the rules took for a person, after a possessive or listed with another
    medicine ("mum's Sertraline and Baclofen"). Not elsewhere: "Tobi" is a brand and a given name ("Tobi told me")."""
    if not _a_medicine(text, start, end):
        return False
    if _POSSESSIVE_BEFORE.search(text, max(0, start - 30), start):
        return True
    near = [m.group(1) for m in (_LISTED_AFTER.match(text, end), _LISTED_BEFORE.search(text, max(0, start - 40), start))
            if m]
    return any(_a_medicine(w, 0, len(w)) for w in near)


def _overlaps(start: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(start < e and end > s for s, e in spans)


def _inside(start: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
    """Whether every character of the span lies inside one of ``spans`` (a council's own service or team,
    ``word_lists``): "Grace" in "Grace House", not "Grace" alone nor "Tom at Grace House"."""
    return any(s <= start and end <= e for s, e in spans)


_BUSINESSES = frozenset(("Barnardo", "McDonald", "Sainsbury", "Morrison", "Nando", "Domino", "Wetherspoon",
                         "Debenham"))
"""Shops, restaurants and charities named as a person's possessive ("Barnardo's", "McDonald's")."""


_TITLE_BEFORE = re.compile(rf"\b(?:{trie(TITLES)})\.?\s+$", re.IGNORECASE)


def _business(text: str, start: int, end: int) -> bool:
    """A name that is one of ``_BUSINESSES`` followed by 's, with no title before it ("McDonald's on Oldham Road",
    but not "Mr McDonald's car")."""
    titled = _TITLE_BEFORE.search(text, max(0, start - 12), start)
    return text[start:end] in _BUSINESSES and text.startswith(("'s", "’s"), end) and not titled


_ARTICLE_BEFORE = re.compile(r"\b(?:(?:[aA]|[aA]n|[tT]he)\s+(?P<colour>(?:black|white|silver|grey|gray|red|blue|green|"
                             r"pink|purple|yellow|orange|gold)\s+)?"
                             r"|[tT]he\s+(?:(?!(?:Mr|Mrs|Ms|Miss|Dr|Mx)\b)[A-Z][\w'’-]*\s+(?:(?:&|and)\s+)?){1,2})$")
""""a", "an" or "the" straight before, with or without a colour ("a black Mercedes", "the pink Barbie"), or "the" and
up to two capitalised words but a title ("the Rose & Crown", "The Old Vic"; not "the Mr Smith who rang")."""


_FAMILY_AFTER = re.compile(r"(?:['’]s?)?\s+(?:family|families|household|children|kids|siblings|twins|boys|girls|"
                           r"brothers|sisters|parents|case|home|house)\b", re.IGNORECASE)


_ROLE_WORDS = _ROLE_HEADS | {r.upper() for r in ROLES if "_" not in r and len(r) <= 5} | {
    r.capitalize() for r in ROLES if "_" not in r and len(r) > 3}
"""Words for roles in a name's span: "Nurse", "Coordinator", "HV", "SW", "DSL", "Midwife", "Paediatrician"."""


def _after_article(text: str, start: int, end: int) -> bool:
    """A name straight after "a", "an" or "the" is a thing: "a Barbie for Nevaeh", "on the Stella", "watching The
    Bill", "the Summer Fair", "at the Rose and Crown". Not a family named by its surname ("the Okafor children",
    "the Kowalskis", though a colour makes a word in "s" a thing: "a black Mercedes"), nor after a role ("the Social
    Worker Dionne"), and not after "his", "her" or "my": a parent quoted ("my Kayden wouldn't") names a child."""
    article = _ARTICLE_BEFORE.search(text, max(0, start - 40), start)
    words = text[article.start():start].split() if article is not None else []
    if words and (words[-1] in _ROLE_WORDS or (words[-1] in ("and", "&") and words[-2] in _ROLE_WORDS)):
        return False  # a role, then its holder's name ("The Social Worker Dionne is a liar"), or a role and a person
        # listed after it ("Emailed the SW and Jordan"): no inn or shop is named so
    return article is not None and not _FAMILY_AFTER.match(text, end) and (
        bool(article["colour"]) or not text[start:end].endswith("s"))


def _listed_from(text: str, start: int, reach: int = 160) -> int:
    """Where to begin searching for a verb and the things listed after it that end at ``start`` (``_THINGS_LISTED``):
    ``reach`` characters before it, or after the last character there that neither a verb nor a list holds (a full
    stop, a colon, a bracket, a quotation mark...): such a search finds nothing before that character, and starting
    after it is much quicker."""
    low = max(0, start - reach)
    return max(low, max(text.rfind(char, low, start) for char in _CLAUSE_BREAKS) + 1)


_CLAUSE_BREAKS = '.;:()!?"[]/'
"""Characters neither the verbs before ``_THINGS_LISTED`` nor a list of names hold (they hold letters, digits,
spaces, apostrophes, hyphens, commas and "&")."""


_THINGS_LISTED = (rf"\s+(?:[A-Z][\w'’-]*(?:\s+(?:&\s+|of\s+|the\s+)?[A-Z][\w'’-]*)*{_LIST_JOIN}){{0,3}}"
                  r"(?:[A-Z][\w'’-]*\s+(?:(?:&|of|the)\s+)?)*$")
"""After a verb: one capitalised name or a list of them, up to the words of the one in hand."""


_TOY = (r"dolls?|teddy|teddies|teddy bears?|soft toys?|cuddly toys?|toys?(?! ?boy)|action figures?|"
        r"(?<!father )(?<!mother )(?<!parent )(?<!authority )figures|imaginary friends?|puppets?")


_TOY_BEFORE = re.compile(rf"\b(?:{_TOY})\s*(?:\(\s*|(?:called|named)\s+)$", re.IGNORECASE)


_TOY_AFTER = re.compile(rf"(?:{_LIST_JOIN}[{UPPER}][\w'’-]*)*\s*(?:\(|(?P<comma>,)|\s(?:is|was|are|were)\b)\s*"
                        rf"(?:(?:the|a|an|his|her|their|my|our|just|only|both)\s+)*"
                        rf"(?:[\w'’-]+\s+){{0,2}}?(?:{_TOY})\b", re.IGNORECASE)


def _a_toy(text: str, start: int, end: int) -> bool:
    """A name the note itself says is a toy, a doll or an imaginary friend, anywhere in it: "Rapunzel is her
    doll", "Ken and Barbie are her dolls", "Rocky and Ryder are Paw Patrol figures", "Kevin is his imaginary
    friend", "Charlie Bear (teddy)", "a soft toy called Bear" (every use of the word in the note, as for pets),
    except where this use has a person's age after it or a relative or title before it. Not "a father figure"
    or "her toy boy"."""
    word = text[start:end]
    if _AGE_OR_BIRTH_AFTER.match(text, end) or _KIN_BEFORE.search(text, max(0, start - 30), start):
        return False
    return any(_TOY_BEFORE.search(text, max(0, p - 30), p) or _said_of(_TOY_AFTER.match(text, p + len(word)), text)
               for p in _occurrences(text, word))


_LIKED_BEFORE = re.compile(
    r"\b(?i:loves|(?:kids|children|boys|girls|twins|both|all)\s+(?:really\s+)?love|likes|"
    r"(?:is|are|was|were|['’]s|really|properly|well) into|fan of|fans of|obsessed with|"
    r"mad about|listening to|listens to|listened to|wants to be|idolises|idolizes|enjoys|enjoyed|"
    r"pretends to be|pretended to be|pretending to be|pretend to be|thinks (?:he|she) is|thinks (?:he|she)['’]s|"
    r"sings|singing|sang|sing along to|sings along to|singing along to|sang along to)"
    + _THINGS_LISTED)
"""What a person likes, written before one thing or a list of them: "loves Taylor Swift", "the kids love Cocomelon",
"is into Harry Potter", "pretended to be Spider-Man", "thinks she is Elsa",
"obsessed with Thomas & Friends and Numberblocks", "listening to Sabrina Carpenter and Chappell Roan", "sings
Adele in the bath"."""

_LIKED_HINTS = ("lov", "lik", "into", "fan", "obsess", "mad about", "listen", "wants to be", "idoli", "enjoy",
                "pretend", "think", "sing", "sang")
"""A piece of every way ``_LIKED_BEFORE`` can open, in lower case: a clause holding none of them cannot match it, and
looking for them is far quicker than the pattern (a test holds that each opening holds one)."""


def _may_say_liked(clause: str) -> bool:
    low = clause.lower()
    return any(hint in low for hint in _LIKED_HINTS)


_CARER_BEFORE = re.compile(
    r"\b(?:mum|mother|mam|dad|father|nan|nana|nanny|gran|granny|grandma|grandad|grandfather|grandmother|carers?|"
    r"parents?|stepdad|stepmum|aunt|auntie|uncle|partner|i|we)\b[^.!?;:\n]*$", re.IGNORECASE)


_PERSON_AFTER = re.compile(
    rf"\s*(?:\(|,\s*(?:(?:his|her|their|my|our|the)\s+)?(?i:{RELATIONS}|{ROLE_PATTERN})\b)")


def _a_liked_thing(text: str, start: int, end: int, taken: Sequence[tuple[str, int, int]]) -> bool:
    """A name straight after what a child likes, or in a list after it, is a programme, a game, a team, a
    performer or a character: "Maisie loves Taylor Swift", "Tinashe is into Harry Potter", "obsessed with Cole
    Palmer and Chelsea", "Likes Central Cee and Dave". Not where a parent or carer is the one who loves ("Dad
    said he loves Kayden": a child of theirs), not a name with a title ("likes Mr Patel"), an age, a bracket or a
    family word or role after it ("likes Kian, her brother"), a possessive, and not a name found elsewhere in the
    note (the child it is)."""
    clause = text[max(0, start - 160):start]
    m = _LIKED_BEFORE.search(clause) if _may_say_liked(clause) else None
    if (not m or _CARER_BEFORE.search(clause, 0, m.start())
            or _TITLE_BEFORE.search(text, max(0, start - 12), start) or _owns_something(text, end)
            or _PERSON_AFTER.match(text, end)):
        return False
    word = text[start:end]
    return not any(kind == "name" and (s, e) != (start, end) and text[s:e] == word
                   and not _LIKED_BEFORE.search(text, _listed_from(text, s), s) for kind, s, e in taken)


_CONSUMED_LISTED_BEFORE = re.compile(
    r"\b(?i:drinks|drinking|drank|smokes|smoking|smoked|vapes|vaping|vaped|eats|eating|ate|shoplifting|shoplifted|"
    r"prescribed|high on|drunk on|hooked on|addicted to|wasted on|off (?:his|her|their) (?:head|face) on|"
    r"wears|wearing|wore|(?:smells|smelling|smelled|smelt|stinks|stinking|stank|reeks|reeking|reeked) of|banks with|"
    r"(?:cans?|bottles?|packets?|packs?|box(?:es)?|tins?|jars?|tubs?|pouch(?:es)?|glass(?:es)?|pints?|"
    r"cartons?|crates?|sachets?|tubes?|multipacks?|slabs?|litres?)\s+of)" + _THINGS_LISTED)
"""What is done to things and not to people, and a container of something ("cans of Strongbow", "a tub of
Sudocrem"), what someone is high on or hooked on ("off his head on Stella"), wears, smells of or banks with
("wearing Ted Baker and smelling of Chanel", "banks with Santander")."""


_DRESSED_AS_BEFORE = re.compile(r"\b(?i:dressed(?: up)?|dressing(?: up)?|dress(?:es)? up|costume|"
                                r"(?:Book|Halloween) Day)\s+as\s+(?:(?:a|an|the)\s+)?$")


def _a_character_dressed_as(text: str, start: int, end: int) -> bool:
    """A name straight after "dressed as", "dressed up as", "World Book Day as": a costume's character ("going to
    World Book Day as Dorothy", "dressed up as Elsa"); not "came as Kayden left"."""
    return bool(_DRESSED_AS_BEFORE.search(text, max(0, start - 30), start))


_THING_CALLED_BEFORE = re.compile(
    r"\b(?i:game|games|app|apps|show|programme|film|movie|series|channel|band|song|group chat|chat|website|site|"
    r"charity|shop|pub|bar|club|company|firm|brand|page|account|server)\s+(?:called|named)\s+$")


_STORED_AFTER = re.compile(
    rf"(?:{_LIST_JOIN}[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)*\s+(?:in|on|from)\s+(?:the\s+)?"
    r"(?:fridge|freezer|cupboards?|recycling|bin|kitchen side|worktop)\b")


def _a_thing_called(text: str, start: int, end: int) -> bool:
    """A name after "a game called", "an app called", "a pub called"... ("a Roblox game called Brookhaven"), or
    before "in the fridge", "in the recycling" ("Tia Maria and Baileys in the fridge"): a thing, not a person (a
    person is "a lad called Tinks")."""
    return bool(_THING_CALLED_BEFORE.search(text, max(0, start - 30), start) or _STORED_AFTER.match(text, end))


_ON_SCREEN_AFTER = re.compile(
    r"(?:\s+(?:is|was|are|were)(?:\s+(?:always|constantly|still|usually|often|just))?\s+on|\s+on)\s+(?:the\s+)?"
    r"(?:telly|tv|television|cbeebies|cbbc|iplayer|repeat|a loop|loop)\b", re.IGNORECASE)


def _on_screen(text: str, start: int, end: int) -> bool:
    """A name before "is on the telly", "was on CBeebies", "on repeat": a programme ("Hey Duggee is on the telly a
    lot", "cocomelon on repeat"); not "was on the phone" or "on TikTok", where people are too."""
    return bool(_ON_SCREEN_AFTER.match(text, end))


_FAVOURITE_AFTER = re.compile(r"\s+(?:is|was|are|were)\s+(?:[\w-]+['’]s?|his|her|their|my|our|your)\s+"
                              r"(?:(?:all-time|new|best|absolute)\s+)?favourite\s+([a-z]+)\b")


_FAVOURITE_THINGS = _GOODS | {"character", "characters", "team", "club", "thing", "things"}


def _a_favourite_thing(text: str, start: int, end: int) -> bool:
    """A name before "is her favourite film", "was Rhys's favourite game"...: a programme, a game, a team or a
    character ("Paddington is Rhys's favourite film"); not "is her favourite cousin"."""
    m = _FAVOURITE_AFTER.match(text, end)
    return bool(m and m.group(1) in _FAVOURITE_THINGS)


def _a_thing_consumed(text: str, start: int, end: int) -> bool:
    """A name straight after what is done to things and not to people, or in a list after it, is a product, even
    a word on a name list: "smokes Amber Leaf", "drinks Stella", "shoplifting Prime, Jack Daniel's and vapes".
    Not a name with a title, a bracket, a family word or role after it, nor a possessive ("ate Kian's tea") but
    before a drink ("drinking Glen's vodka")."""
    return bool(_CONSUMED_LISTED_BEFORE.search(text, _listed_from(text, start), start)
                and not _TITLE_BEFORE.search(text, max(0, start - 12), start)
                and (not _owns_something(text, end) or _A_DRINK_AFTER.match(text, end))
                and not _PERSON_AFTER.match(text, end))


_A_DRINK_AFTER = re.compile(r"['’]s\s+(?:[A-Z][\w'’-]*\s+)?(?i:vodka|cider|lager|beer|wine|whisky|whiskey|gin|rum|"
                            r"brandy|ale|stout|bourbon|tequila)\b")
"""A possessive before a drink: a brand's ("drinking Glen's vodka", "a bottle of Frosty Jack's cider"), since what is
drunk is not written as a person's."""


_WATCHED_BEFORE = re.compile(r"\b(?i:watch|watches|watched|watching)" + _THINGS_LISTED)


_DOING_AFTER = re.compile(
    r" (?!(?:during|including|regarding|concerning|following|according|pending|excluding|considering)\b)"
    r"(?:[a-z]+ing|play|climb|swim|ride|do|eat|go|get|run|walk|sleep|dance|sing|cook|fall|jump)\b")
"""What a person watched is doing ("watching Tiana play", "watching Tobi swimming"); not a preposition in "-ing"
("watching Matilda during contact")."""


def _a_thing_after(text: str, start: int, end: int, taken: Sequence[tuple[str, int, int]],
                   after: Callable[[int, int], bool]) -> bool:
    """A name that ``after`` finds after the words that name a thing (``after(start, end)``) and that nothing marks
    as a person: no title before it, no possessive before what is owned, no bracket, family word or role after it,
    and the same word written nowhere else in the note as a name other than after such words (the child it is)."""
    if (_TITLE_BEFORE.search(text, max(0, start - 12), start) or _owns_something(text, end)
            or _PERSON_AFTER.match(text, end) or not after(start, end)):
        return False
    word = text[start:end]
    return not any(kind == "name" and (s, e) != (start, end) and text[s:e] == word and not after(s, e)
                   for kind, s, e in taken)


def _straight_after(before: re.Pattern[str], text: str) -> Callable[[int, int], bool]:
    """Whether a span comes straight after ``before``'s words, or in a list after them."""
    return lambda start, _end: bool(before.search(text, _listed_from(text, start), start))


def _a_programme_watched(text: str, start: int, end: int, taken: Sequence[tuple[str, int, int]]) -> bool:
    """A name straight after "watch", "watches", "watched" or "watching", or in a list after it, is a programme, a
    film, a channel or a match ("watching Bluey on her phone", "Gran watches Still Game", "watched Stranger Things
    and MrBeast"), whoever watches. A person watched is written otherwise: with a title, a bracket, a family word
    or a role after it, a possessive ("watching Kian's brother"), before what the person does ("watched Tobi
    play"), or written elsewhere in the note ("Nan watching Tobi" where Tobi is the child; ``_a_thing_after``)."""
    return not _DOING_AFTER.match(text, end) and _a_thing_after(text, start, end, taken,
                                                                 _straight_after(_WATCHED_BEFORE, text))


_ON_A_THING_BEFORE = re.compile(
    r"\b(?i:is|was|been|are|were|be|being|started|starts|stays|stayed|kept|put|now|still|back)\s+on"
    + _THINGS_LISTED)


def _a_thing_someone_is_on(text: str, start: int, end: int, taken: Sequence[tuple[str, int, int]]) -> bool:
    """A name straight after "is on", "was on", "started on", "still on"..., or in a list after it, is a medicine,
    a formula, an app or a game ("baby Mason is on Aptamil Comfort", "was started on Fluoxetine", "is on TikTok and
    Roblox"), unless something marks it as a person ("is on Kian's side"; ``_a_thing_after``)."""
    return _a_thing_after(text, start, end, taken, _straight_after(_ON_A_THING_BEFORE, text))


_PLAYED_BEFORE = re.compile(r"\b(?i:play|plays|played|playing)" + _THINGS_LISTED)


def _a_game_played(text: str, start: int, end: int, taken: Sequence[tuple[str, int, int]]) -> bool:
    """A name straight after "play", "plays", "played" or "playing", or in a list after it, is a game, a sport or
    a part in a play ("played Mario Kart all afternoon", "plays Fortnite and FIFA", "played Joseph in the
    nativity"); people are played with ("played with Kian"), and a person named here is marked otherwise
    (``_a_thing_after``: a title, a possessive, a bracket, a family word or role after it, or the name written
    elsewhere in the note)."""
    return _a_thing_after(text, start, end, taken, _straight_after(_PLAYED_BEFORE, text))


_SUPPORTS_BEFORE = re.compile(r"\b(?i:supports|supported|supporting|supporters? of|fan of|season ticket (?:at|for))"
                              + _THINGS_LISTED)
_CLUBS = frozenset((
    "Chelsea", "Arsenal", "Everton", "Liverpool", "Leeds", "Palace", "Crystal Palace", "Villa", "Aston Villa",
    "United", "City", "Man United", "Man Utd", "Man City", "Spurs", "Tottenham", "Wolves", "Celtic", "Rangers",
    "Newcastle", "Sunderland", "Brighton", "Fulham", "Millwall", "Charlton", "Preston", "Burnley", "Blackburn",
    "Bolton", "Wigan", "Stoke", "Hull City", "Derby", "Leicester", "Forest", "Brentford", "Bournemouth",
    "Southampton", "Swansea", "Cardiff", "Wrexham", "Hibs", "Hearts", "Barcelona", "Madrid", "Real Madrid"))
"""Football clubs as supporters name them; several are given names or towns ("Chelsea", "Preston")."""
_SUPPORTED_AFTER = re.compile(r"\s+(?:with|to|in|at|through|by|around|on|into|during)\b")
"""What follows a person being supported ("supports Chelsea with her reading")."""


def _a_club_supported(text: str, start: int, end: int, taken: Sequence[tuple[str, int, int]]) -> bool:
    """A football club (``_CLUBS``) straight after "supports", "fan of" or "season ticket at", or in a list after
    them ("supports Chelsea and wants to visit Accra"), unless what follows makes it a person supported ("supports
    Chelsea with her reading") or a person is marked (``_a_thing_after``)."""
    return (text[start:end] in _CLUBS and not _SUPPORTED_AFTER.match(text, end)
            and _a_thing_after(text, start, end, taken, _straight_after(_SUPPORTS_BEFORE, text)))


_GIVEN_BEFORE = re.compile(
    r"\b(?i:gave|given|gives|giving|bought|buys|buying|applied|applies|applying|owes|owed|owing)\s+"
    r"(?P<to>(?i:her|him|them|me|us)\s+)?")


_NAMES_LISTED = re.compile(rf"[A-Z][\w'’-]*(?:\s+(?:&\s+|of\s+|the\s+)?[A-Z][\w'’-]*)*"
                           rf"(?:{_LIST_JOIN}[A-Z][\w'’-]*(?:\s+(?:&\s+|of\s+|the\s+)?[A-Z][\w'’-]*)*)*")


_NOTHING_GIVEN_AFTER = re.compile(
    r"(?:['’]s)?(?:\s*(?:$|[.,;:!?)\n])|\s+(?:and|&|but|or|for|from|at|in|on|with|because|as|when|after|before|"
    r"instead|x\d))")
"""What follows the thing given, not a second object: "mum given Hedrin.", "gave Oilatum and Diprobase but"."""


def _a_thing_given(text: str, start: int, end: int, taken: Sequence[tuple[str, int, int]]) -> bool:
    """A name straight after "gave", "given", "bought", "applied" or "owes", or in a list after it, is the thing
    given, bought or owed, where a pronoun before it is the one it went to ("TA gave her Lucozade", "bought them
    Slush Puppie and Pringles") or nothing follows it but a full stop, a comma or a conjunction ("mum given
    Hedrin.", "gave Oilatum and Diprobase but", "owes Klarna and Clearpay."). A person given something is written
    before it ("gave Tegan emergency contraception"), or is marked as a person (``_a_thing_after``)."""

    def given(s: int, e: int) -> bool:
        for verb in _GIVEN_BEFORE.finditer(text, _listed_from(text, s), s):
            listed = _NAMES_LISTED.match(text, verb.end())
            if listed and listed.end() >= e and (verb.group("to") or _NOTHING_GIVEN_AFTER.match(text, listed.end())):
                return True
        return False

    return _a_thing_after(text, start, end, taken, given)


_GOODS_WORD = "|".join(sorted(_GOODS - {
    "can", "number", "account", "info", "helpline", "website", "app", "channel", "show", "top", "kit", "pack", "packs",
    "box", "figure", "figures", "ward", "nurse", "nurses", "volunteer", "volunteers", "debt", "debts", "loan", "loans",
    "series", "episode", "episodes", "clip", "clips", "game", "games", "cards", "podcast", "voucher", "vouchers"}))
"""Things bought or owned, without words that are also verbs ("can"), services ("number", "app") or people's."""


_GOODS_STRAIGHT_AFTER = re.compile(rf" (?:{_GOODS_WORD})\b(?!['’])")


def before_a_thing(text: str, end: int) -> bool:
    """A noun for a thing bought or owned straight after ``end`` ("Elsa pyjamas", "Ken dolls"): a word listed with
    a name there names the things ("Anna and Elsa pyjamas", "Barbie and Ken dolls"), not another person."""
    return bool(_GOODS_STRAIGHT_AFTER.match(text, end))


_GOODS_LISTED_AFTER = re.compile(
    rf"(?:\s+(?:&\s+)?[A-Z][\w'’-]*)*(?:['’]s)?{_LIST_JOIN}(?:[A-Z][\w'’-]*\s+(?:&\s+)?)*(?:{_GOODS_WORD})\b(?!['’])")


_GOODS_LISTED_BEFORE = re.compile(
    rf"\b(?:{_GOODS_WORD}){_LIST_JOIN}(?:[A-Z][\w'’-]*(?:\s+(?:&\s+)?[A-Z][\w'’-]*)*(?:['’]s)?{_LIST_JOIN}){{0,3}}"
    rf"(?:[A-Z][\w'’-]*\s+(?:&\s+)?)*$")


def _listed_with_goods(text: str, start: int, end: int) -> bool:
    """A name in a list beside a thing bought or owned ("Sunny D and crisps", "Heinz beans, Weetabix, Cow & Gate
    formula"): a product too. Not after a family word or a title ("smelt of perfume, Mum Jo said")."""
    if _KIN_BEFORE.search(text, max(0, start - 30), start):
        return False
    return bool(_GOODS_LISTED_AFTER.match(text, end) or _GOODS_LISTED_BEFORE.search(text, max(0, start - 80), start))


_ROLE_OR_TITLE_BEFORE = re.compile(rf"(?:\b(?i:{'|'.join(TITLES)})\.?|\b(?:{'|'.join(sorted(_ROLE_WORDS))})|"
                                   rf"\b(?i:{ROLE_PATTERN}))\s+$")


_TOWN_AFTER_COMMA = re.compile(r",\s+([A-Z][\w'’-]*(?:\s[A-Z][\w'’-]*)?)(?=$|[.,;:!?)\n]|\s[-–]\s)")


def _marked_as_a_person(text: str, start: int, end: int) -> bool:
    """A title or a role before a name ("Mr Preston", "PC Bolton"), or a bracket, a family word or a role after it
    ("Chester (4)", "Preston, her brother")."""
    return bool(_ROLE_OR_TITLE_BEFORE.search(text, max(0, start - 30), start) or _PERSON_AFTER.match(text, end))


def _a_town(text: str, start: int, end: int, taken: Sequence[tuple[str, int, int]]) -> bool:
    """A name found that is a town of the United Kingdom on no given-names list ("Home visit Larne.", "Core group,
    Merthyr Tydfil.", "Team Manager, Cardiff."; ``towns``), or a single word on none written before a comma and a
    town ("Matson, Gloucester."), a county or any word before a comma and a county ("Stanley, County Durham";
    ``towns.COUNTIES``) is a place. Not where a title, a role, a bracket or a family word marks it, here or
    where the same word is written elsewhere in the note, as a person's ("Mr Preston", "Chester (4)"), before
    "family" or "children" ("the Harlow family"), nor listed with a person ("Kids Paisley and Brooklyn")."""
    from assistant.privacy.given_names import given_names
    from assistant.privacy.towns import ALSO_GIVEN_NAMES, COUNTIES, uk_towns

    word = text[start:end]
    county = _TOWN_AFTER_COMMA.match(text, end)
    if not _marked_as_a_person(text, start, end) and not _AGE_OR_BIRTH_AFTER.match(text, end) and (
            (word in COUNTIES and not on_a_name_list(word))
            or (county is not None and county.group(1) in COUNTIES
                and not on_a_name_list(county.group(1)))):
        return True  # a county, or a town before its county, even a given name: "Stanley, County Durham"

    def a_place(s: int, e: int) -> bool:
        word, after = text[s:e], _TOWN_AFTER_COMMA.match(text, e)
        return word not in given_names() and word not in ALSO_GIVEN_NAMES and (
            word in uk_towns() or (" " not in word and after is not None and after.group(1) in uk_towns()))

    if not a_place(start, end) or _FAMILY_AFTER.match(text, end):  # "the Harlow family"
        return False
    names = [(s, e) for kind, s, e in taken if kind == "name"]
    if any(_LIST_GAP.fullmatch(text, e, start) or _LIST_GAP.fullmatch(text, end, s)
           for s, e in names if not a_place(s, e)):
        return False  # listed with a person: "Kids Paisley and Brooklyn"
    word = text[start:end]
    return not any(text[s:e] == word and _marked_as_a_person(text, s, e) for s, e in names)


_LIST_GAP = re.compile(_LIST_JOIN)


_VISIT_HEADING = re.compile(
    rf"(?:^|(?<=\n))[ \t]*(?:HV|H/V|Home visit|Visit)[ \t]+(?P<place>[{UPPER}][{LOWER}]+(?:-[{UPPER}]?[{LOWER}]+)*)"
    rf"(?:\.|,[ \t]*(?P<town>[{UPPER}][{LOWER}]+(?:[- ][{UPPER}]?[{LOWER}]+)*)\.)(?=\s|$)")
"""A note headed by the place of a home visit ("HV Dudley.", "HV Ely, Cardiff.", "Visit Pontypridd."): the word
after "HV" there is where, not who ("HV Kayleigh rang" goes on with what the health visitor did)."""


_STORIES = {
    r"Frozen": ("Elsa", "Anna", "Olaf", "Kristoff", "Sven"),
    r"Toy Story": ("Woody", "Jessie", "Buzz", "Rex"),
    r"Paw Patrol": ("Skye", "Marshall", "Chase", "Rubble", "Rocky", "Zuma", "Everest", "Ryder"),
    r"Peppa Pig": ("Peppa", "George"),
    r"Pok[eé]mon": ("Pikachu", "Charizard", "Eevee", "Ash"),
    r"Lilo": ("Stitch",),
    r"Minecraft": ("Steve", "Alex"),
    r"(?:Super )?Mario(?: Kart| Bros)?|Nintendo": ("Mario", "Luigi", "Peach", "Yoshi", "Bowser"),
    r"Encanto": ("Bruno", "Mirabel", "Isabela", "Luisa"),
    r"Bluey": ("Bingo", "Bandit", "Chilli"),
    r"Moana": ("Maui",),
    r"Matilda": ("Honey", "Trunchbull"),
    r"Sonic": ("Tails", "Knuckles"),
}
"""Stories children talk about and their characters' given names: a character named in a sentence that names its
story is the story's, not a person's ("colouring in Elsa and Anna from Frozen 2")."""
_TITLES_NO_ONE_IS_GIVEN = re.compile(r"\b(?:Frozen|Toy Story|Paw Patrol|Pok[eé]mon|Encanto)\b")
"""Of those stories, the titles no one is called (not "Matilda", "Moana" or "Sonic")."""
_STORY_PATTERNS = [(re.compile(rf"\b(?:{story})\b"), re.compile(rf"\b(?:{'|'.join(names)})\b"))
                   for story, names in _STORIES.items()]
_ANY_STORY = re.compile(r"\b(?:" + "|".join(_STORIES) + r")\b")
_SENTENCE_END = re.compile(r"[.!?;\n]")
_CHARACTER_AFTER = re.compile(rf"\s*(?:$|[.,;:!?)'’\"”]|(?:and|or|from|&|(?:{_TOY}|cards?|dress|costume|figures?)\b))")
"""What follows a character named as a thing: the end of a clause, another in a list, "from" its story, or what
it is ("Pikachu and Charizard.", "Skye from Paw Patrol", "Olaf figures"); a verb after a name makes it someone
acting ("Anna loves Frozen")."""
_CHARACTER_BEFORE = re.compile(r"(?:^|[^\w'’])([\w'’-]+)[\s'‘\"“]*$")
_CHARACTER_WORDS_BEFORE = frozenset((
    "in", "as", "like", "mostly", "especially", "drew", "draws", "drawing", "colouring", "coloured", "painted",
    "painting", "is", "was", "being", "about", "favourite", "the", "a", "an", "of", "pretends", "pretending",
    "copying", "her", "his", "their", "my"))
"""Words after which a character is named as a thing; not "with", "to" or "loves", after which people are too
("played Minecraft with Alex and Steve", "Dad loves Anna")."""
_LIST_BEFORE = re.compile(rf"(?:[{UPPER}][\w'’-]*)(?:\s*,\s*(?:and\s+)?|\s+(?:and|or|&)\s+)$")


def _characters_of_a_story(text: str) -> list[tuple[int, int]]:
    """A story's title no one is called (``_TITLES_NO_ONE_IS_GIVEN``), and a character's given name in the sentence
    that names its story (``_STORIES``) written as a thing is (``_CHARACTER_AFTER``): with no age, bracket, title,
    role or family word marking a person, and after a word that names a thing (``_CHARACTER_WORDS_BEFORE``) or
    after another such character in a list ("colouring in Elsa and Anna from Frozen 2"; not "Elsa, Anna and Tom
    watched Frozen", where they are who watched)."""
    spans = [m.span() for m in _TITLES_NO_ONE_IS_GIVEN.finditer(text)]
    if not _ANY_STORY.search(text):
        return spans
    for story, names in _STORY_PATTERNS:
        for told in story.finditer(text):
            opens = max((m.end() for m in _SENTENCE_END.finditer(text, 0, told.start())), default=0)
            closes = _SENTENCE_END.search(text, told.end())
            accepted: list[tuple[int, int]] = []
            for m in names.finditer(text, opens, closes.start() if closes else len(text)):
                s, e = m.span()
                if told.start() <= s < told.end() or not _CHARACTER_AFTER.match(text, e):
                    continue
                if _marked_as_a_person(text, s, e) or _KIN_BEFORE.search(text, max(0, s - 30), s):
                    continue
                before = _CHARACTER_BEFORE.search(text, opens, s)
                listed = _LIST_BEFORE.search(text, opens, s)
                if (before and before.group(1) in _CHARACTER_WORDS_BEFORE) or (
                        listed and listed.start() in {a for a, _ in accepted}):
                    accepted.append((s, e))
            spans += accepted
    return spans


_ASSISTANTS = re.compile(r"\b(?:Alexa|Siri)\b")
_ASSISTANT_CUES = re.compile(
    r"\b(?:(?i:use[sd]?|using|ask(?:s|ed)?|tells?|told|hey)\s+['‘\"“]?(?:Alexa|Siri)['’\"”]?\s+to\b"
    r"|(?:Alexa|Siri)['’\"”]?\s+(?:in (?:every|each|the|her|his|their) \w+|speakers?|devices?|Echo|Dot|app)\b"
    r"|(?i:hey|the|an|her|his|their|our|my)\s+(?:Alexa|Siri)\b(?!\s*\())")
_CONTACTED_BEFORE = re.compile(r"\b(?i:spoke (?:to|with)|speaking (?:to|with)|saw|seen|visited|met|phoned|rang|called)"
                               r"\s+$")
"""A voice assistant written as the device ("uses Alexa to check on Taylor", "Alexa in every room", "her Alexa",
"asked Siri to"): in a note with one of these, "Alexa" and "Siri" are the device wherever nothing marks a person
(an age, a title, a family word, a contact: "spoke to Alexa")."""


def _voice_assistants(text: str) -> list[tuple[int, int]]:
    if not _ASSISTANT_CUES.search(text):
        return []
    return [m.span() for m in _ASSISTANTS.finditer(text)
            if not _marked_as_a_person(text, *m.span()) and not _AGE_OR_BIRTH_AFTER.match(text, m.end())
            and not _KIN_BEFORE.search(text, max(0, m.start() - 30), m.start())
            and not _CONTACTED_BEFORE.search(text, max(0, m.start() - 20), m.start())]


def named_not_people(text: str) -> list[tuple[int, int]]:
    """Where the note names no person with words a name could be found in, worked out once per note: public figures
    and characters (``public_figures``), characters in the sentence that names their story (``_STORIES``), a voice
    assistant in a note that writes it as the device (``_ASSISTANT_CUES``) and the place (and its town) heading a
    visit note (``_VISIT_HEADING``)."""
    spans = public_figures.spans(text) + _characters_of_a_story(text) + _voice_assistants(text)
    for m in _VISIT_HEADING.finditer(text):
        spans += [span for span in (m.span("place"), m.span("town")) if span[0] >= 0]
    return spans


_IDIOM = re.compile(
    r"(?:Frank(?= (?:discussions?|conversations?|exchanges?|and open|talks?)\b)"
    r"|Dawn(?= (?:visits?|raids?|calls?|arrests?)\b)"
    r"|Amber(?= (?:flags?|alerts?|warnings?|lights?|rating)\b)"
    r"|Grace(?= periods?\b)|Pat(?= on the back\b)|Bill(?= (?:arrears|payments?)\b)"
    r"|Hope(?= is (?:that|this|she|he|they|we|it)\b| all['’]?s? well\b)"
    r"|Patience(?= is (?:wearing|running) (?:thin|out)\b)"
    r"|Faith(?= is important\b)|(?<=\bNo )Joy\b"
    r"|(?:Ruby|Golden|Silver|Pearl|Diamond) [Ww]edding|(?:Ruby|Golden|Silver|Pearl|Diamond)(?= [Ww]edding\b)"
    r"|Will(?= (?:ring|call|phone|chase|visit|email|text|send|update|check|contact|arrange|follow|speak|liaise|"
    r"discuss|complete|book|review|attend|meet|ask|see|try|do|confirm|share|write|feed back|pass|refer)\b))")
"""Given names in English phrases where they are words: "Frank discussion", "Dawn raid", "Amber flag", "Grace
period", "Pat on the back", "Bill arrears", "Hope is that", "Hope all's well", "Patience is wearing thin", "Faith
is important", "No Joy", "Ruby Wedding", and "Will" before a verb's plain form, where it is the modal ("Will ring
Dad tomorrow"; a boy called Will "rings")."""


_NAMED_STORM_BEFORE = re.compile(r"\bStorm\s+$")


_STORM_WHEN_BEFORE = re.compile(r"\b(?:during|after|since|before|in|from|by|because of|due to)\s+$")


_STORM_DID_AFTER = re.compile(r"\s+(?:damage|damaged|flood|floods|flooding|flooded|repairs|winds|warning|warnings|"
                              r"hit|cut|took|blew|brought|knocked|ripped|tore)\b")


def _a_named_storm(text: str, start: int, end: int) -> bool:
    """A storm, not a person: a name found straight after a "Storm" that the finding leaves out ("Storm Darragh blew
    the roof off", "Storm Bert repairs"), or "Storm" and one word found whole after "during", "after", "since"...
    or before what a storm does ("during Storm Agnes", "after Storm Henk flooded the ground floor", "Storm Eunice
    damage"). A child called Storm is found with her surname ("I visited Storm Kelly", "Storm Darragh (6)"), with
    neither before nor after it."""
    if _NAMED_STORM_BEFORE.search(text, max(0, start - 12), start):
        return True
    words = text[start:end].split()
    return len(words) == 2 and words[0] == "Storm" and bool(
        _STORM_WHEN_BEFORE.search(text, max(0, start - 12), start) or _STORM_DID_AFTER.match(text, end))


_ROYAL_TITLE_BEFORE = re.compile(r"\b(?:Princess|Queen)\s+$")


def _a_royal_character(text: str, start: int, end: int) -> bool:
    """A given name after "Princess" or "Queen", as children name the characters they play ("insisted on being
    Queen Elsa", "hates being called Princess Jasmine"): found with the title or without it. Not a girl whose given
    name is Princess, found with her surname ("Princess Adeyemi"), nor a name with an age after it."""
    if _AGE_OR_BIRTH_AFTER.match(text, end):
        return False
    words = text[start:end].split()
    if len(words) == 1:
        return bool(_ROYAL_TITLE_BEFORE.search(text, max(0, start - 10), start))
    return len(words) == 2 and words[0] in ("Princess", "Queen") and words[1] in given_names() \
        and words[1] not in surnames()


def _an_idiom(text: str, start: int, end: int) -> bool:
    """A single word found that is the given name in one of the phrases ``_IDIOM`` names."""
    m = _IDIOM.match(text, start)
    return bool(m and m.end() == end)


_SERVICE_BEFORE = re.compile(
    r"\b(?i:referred(?: on)? to|referral(?: made)? to|refer to|signposted to|registered with)" + _THINGS_LISTED)


def _a_service(text: str, start: int, end: int) -> bool:
    """A name straight after "referred to", "referral to", "signposted to" or "registered with", or in a list after
    it, is a service ("Referred to Kooth and Papyrus", "registered with Fens Medical Centre"): people are allocated,
    not referred. Not with a title or a role before it ("referred to Dr Shah"), nor a bracket, a family word or a role
    after it."""
    return (bool(_SERVICE_BEFORE.search(text, _listed_from(text, start), start))
            and not _marked_as_a_person(text, start, end))


def _town_after(text: str, start: int, end: int, address_ends: set[int]) -> bool:
    """A single word straight after an address and a comma is its town ("Flat 12, Kingfisher Court, Stratford"),
    not a person."""
    before = text[:start]
    stripped = before.rstrip()
    return (" " not in text[start:end] and stripped.endswith(",")
            and len(stripped) - 1 in address_ends and before[len(stripped):] in (" ", ""))


Span = tuple[int, int]


def not_a_name(text: str, start: int, end: int, taken: list[tuple[str, int, int]], addresses: set[int],
               not_people: Sequence[Span], local: Sequence[Span]) -> bool:
    """Whether the name found at ``text[start:end]`` is something else, so is not redacted: a town written after an
    address ending at one of ``addresses``, a business, a word after an article, a pet, a toy, a thing liked, eaten,
    drunk, given, watched, played or worn, a club supported, a medicine, a town, a service, a character, a thing
    called so, a word in an English phrase (``_IDIOM``), a named storm, a princess or queen played; inside one of
    ``not_people`` (``named_not_people``) or of ``local`` (the council's own services, ``word_lists.spans``).
    ``taken``: every finding so far (some tests look at the names listed beside this one)."""
    s, e = start, end
    return (_town_after(text, s, e, addresses) or _business(text, s, e)
            or _after_article(text, s, e) or _a_pet(text, s, e) or _a_toy(text, s, e)
            or _a_liked_thing(text, s, e, taken) or _a_thing_consumed(text, s, e)
            or _listed_with_goods(text, s, e) or _a_town(text, s, e, taken)
            or _a_service(text, s, e) or _overlaps(s, e, not_people)
            or _a_medicine_named(text, s, e, taken)
            or _a_programme_watched(text, s, e, taken)
            or _a_thing_given(text, s, e, taken)
            or _a_thing_someone_is_on(text, s, e, taken) or _a_game_played(text, s, e, taken)
            or _a_club_supported(text, s, e, taken)
            or _a_favourite_thing(text, s, e)
            or _a_character_dressed_as(text, s, e) or _on_screen(text, s, e)
            or _a_thing_called(text, s, e) or _an_idiom(text, s, e) or _a_named_storm(text, s, e)
            or _a_royal_character(text, s, e)
            or _inside(s, e, local))
