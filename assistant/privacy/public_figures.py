"""Public figures and fictional characters that case notes name when they record a child's interests or what a
child has been shown ("found Andrew Tate clips", "Music: Billie Eilish", "swears like Tommy Shelby").

A name found that is one of these, written in full, is not redacted: it identifies no one in the family. Only full
names are listed, or a stage name no one is given ("Stormzy"), never a given name alone ("Dave", "Harry", "Rihanna"),
and only people and characters famous enough that a child or parent in a note is very unlikely to carry the same
full name. The list is the project's own, kept by hand;
add to it when a note's public figure is redacted, and keep it to full names.
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
))


_PATTERN = re.compile(r"(?<![\w'’-])(?:" + "|".join(re.escape(n) for n in sorted(PUBLIC_FIGURES, key=len, reverse=True))
                      + r")(?![\w-])")


def spans(text: str) -> list[tuple[int, int]]:
    """Where the note names one of ``PUBLIC_FIGURES`` in full."""
    return [m.span() for m in _PATTERN.finditer(text)]
