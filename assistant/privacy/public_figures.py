"""Public figures and fictional characters that case notes name when they record a child's interests or what a
child has been shown ("found Andrew Tate clips", "Music: Billie Eilish", "swears like Tommy Shelby").

A name found that is one of these, written in full, is not redacted: it identifies no one in the family. Only full
names are listed, or a stage name or a character's name no one is given ("Stormzy", "Shrek", "Pikachu"), never a
given name alone ("Dave", "Harry", "Rihanna", "Olaf", "Elsa"), and only people and characters famous enough that a
child or parent in a note is very unlikely to carry the same full name. Characters and brands written with a title
are matched as written ("Mr Tumble", "Mrs Brown's Boys"), and "Ms Rachel" (a children's YouTube presenter; a
nursery worker may be "Ms Rachel" too) only in a sentence about watching. The lists are the project's own, kept by
hand: add to them when a note's public figure is redacted, and keep them to full names or names no one is given.
"""

from __future__ import annotations

import re

PUBLIC_FIGURES = frozenset((
    # online figures named in safeguarding work (misogyny, radicalisation, risky challenges)
    "Andrew Tate", "Tristan Tate", "Sneako", "Logan Paul", "Jake Paul", "Mr Beast", "MrBeast", "KSI",
    # musicians
    "Taylor Swift", "Billie Eilish", "Olivia Rodrigo", "Harry Styles", "Ed Sheeran", "Stormzy", "Central Cee",
    "Sabrina Carpenter", "Ariana Grande", "Dua Lipa", "Lewis Capaldi", "Eminem", "Justin Bieber",
    "Lady Gaga", "Doja Cat", "Nicki Minaj", "Cardi B", "Burna Boy",
    # footballers
    "Marcus Rashford", "Bukayo Saka", "Mo Salah", "Mohamed Salah", "Cole Palmer", "Erling Haaland", "Harry Kane",
    "Jude Bellingham", "Cristiano Ronaldo", "Lionel Messi", "Kylian Mbappé", "Kylian Mbappe", "Raheem Sterling",
    "Phil Foden", "Declan Rice", "Son Heung-min", "Virgil van Dijk", "Trent Alexander-Arnold",
    # characters
    "Tommy Shelby", "Harry Potter", "Hermione Granger", "Peppa Pig", "George Pig", "SpongeBob SquarePants",
    "Horrid Henry", "Dennis the Menace", "Fireman Sam", "Postman Pat", "Bob the Builder", "Thomas the Tank Engine",
    "Paddington Bear", "Winnie the Pooh", "Hello Kitty", "Sonic the Hedgehog", "Super Mario", "Lightning McQueen",
    "Buzz Lightyear", "Spider-Man", "Spiderman", "Robin Hood", "Guy Fawkes", "Ben 10", "Ben Tennyson",
    # characters' names no one is given
    "Shrek", "Stitch", "Yoda", "Grogu", "Chewbacca", "Gruffalo", "Zog", "Supertato", "Pikachu", "Charizard", "Eevee",
    "Yoshi", "Hagrid", "Dumbledore", "Voldemort", "Gandalf", "Duggee", "Tigger", "Eeyore", "Rapunzel", "Cinderella",
    "Pinocchio", "Spongebob", "Squidward", "Scooby-Doo", "Scooby", "Snoopy", "Pingu", "Mowgli", "Baloo", "Peppa",
    "Hulk", "Batman", "Superman", "Iron Man", "Ironman", "Wolverine", "Deadpool", "Minion", "Minions", "Gru",
    "Tinky Winky", "Dipsy", "Makka Pakka", "Upsy Daisy", "Iggle Piggle", "Teletubbies", "Sonic", "Ratatouille",
    "Labubu", "Labubus", "Skibidi", "Squishmallow", "Squishmallows", "Huggy Wuggy",
    # games and programmes written like people
    "Among Us", "Five Nights at Freddy's", "Peaky Blinders", "Call of Duty",
    # brands written like people: vapes, dolls, trainers, food
    "Lost Mary", "Elf Bar", "Baby Annabell", "Baby Born", "Barbie Dreamhouse", "Nike Air Max", "Air Max",
    "Angel Delight", "George at Asda", "Asda George",
))


_PATTERN = re.compile(r"(?<![\w-])(?<!\w['’])(?:"
                      + "|".join(re.escape(n) for n in sorted(PUBLIC_FIGURES, key=len, reverse=True)) + r")(?![\w-])")
"""A listed name as a word of its own: not inside a longer word nor after an apostrophe in one ("O'Shrek"), but
after an opening quotation mark ("told his teacher: 'Huggy Wuggy lives under my bed'")."""
_TITLED_CHARACTERS = re.compile(
    r"\b(?:Mr\.? (?:Tumble|Whippy|Blobby|Men|Kipling|Muscle|Sheen|Potato Head)|Dr\.? (?:Pepper|Martens)"
    r"|Miss (?:Honey|Trunchbull)"
    r"|Mrs\.? Brown['’]s Boys)\b")
"""Characters and brands written with a title, never a person in a note ("loves Mr Tumble", "had Mr Whippy")."""
_BRANDS_NAMED_AS_PEOPLE = re.compile(
    r"\b(?:Jack Daniel['’]s|Aunt Bessie['’]s|Uncle Ben['’]s|Ella['’]s Kitchen|Kellogg['’]s|Tunnock['’]s|Colman['’]s"
    r"|Frankie (?:&|and) Benny['’]s"
    r"|(?<!Mr )(?<!Mrs )(?<!Ms )(?<!Miss )(?<!Dr )"
    r"Johnson['’]s(?= (?:baby )?(?:bubble|bubbles|shampoo|wipes|oil|lotion|buds)\b))")
"""Brands written as a person's possessive, never a person in a note ("Jack Daniel's bottle", "Aunt Bessie's
Yorkshires", "Johnson's bubble bath"; not "Mrs Johnson's baby" or "Mrs Johnson's shampoo")."""
_MS_RACHEL = re.compile(r"\bM(?:s|iss)\.? Rachel\b")
_SCREEN_WORDS = re.compile(r"\b(?:YouTube|watch(?:es|ed|ing)?|videos?|TV|telly|iPad|tablet)\b", re.IGNORECASE)


def spans(text: str) -> list[tuple[int, int]]:
    """Where the note names one of ``PUBLIC_FIGURES`` in full, a titled character, a brand written as a person's
    possessive, or "Ms Rachel" in a sentence about watching."""
    found = [m.span() for pattern in (_PATTERN, _TITLED_CHARACTERS, _BRANDS_NAMED_AS_PEOPLE)
             for m in pattern.finditer(text)]
    for m in _MS_RACHEL.finditer(text):
        first = max(text.rfind(stop, 0, m.start()) for stop in ".!?\n") + 1
        last = min((i for i in (text.find(stop, m.end()) for stop in ".!?\n") if i >= 0), default=len(text))
        if _SCREEN_WORDS.search(text, first, last):
            found.append(m.span())
    return found
