"""``lookalikes.not_a_name``: the checks ``detect`` applies to every name it finds, called directly on one span."""

import pytest

from assistant.privacy.identifiers import detect
from assistant.privacy.lookalikes import named_not_people, not_a_name


def _span(text: str, word: str) -> tuple[int, int]:
    start = text.index(word)
    return start, start + len(word)


def _names(text: str) -> list[str]:
    """The names ``detect`` redacts in ``text``, in order (the town after an address left as a place)."""
    return [f.text for f in detect(text, address_town=False) if f.type == "name"]


def _judge(text: str, word: str, local: list[tuple[int, int]] | None = None) -> bool:
    s, e = _span(text, word)
    return not_a_name(text, s, e, [("name", s, e)], set(), named_not_people(text), local or [])


@pytest.mark.parametrize(("text", "word"), [
    ("Their dog Biscuit barked at the door.", "Biscuit"),       # a pet
    ("He watched Peppa Pig with his sister.", "Peppa Pig"),     # a programme watched
    ("She dressed up as Elsa for the party.", "Elsa"),          # a character dressed as
    ("He played Mario Kart all afternoon.", "Mario Kart"),      # a game played
    ("Andrei pretended to be Spider-Man for an hour.", "Spider-Man"),  # a character pretended
    ("Isla thinks she is Elsa.", "Elsa"),
    ("Dad had been drinking Glen's vodka all day.", "Glen"),   # a brand's drink, not Glen's
    ("Bella (Cavapoo) jumped up at the children.", "Bella"),    # a dog, by its breed
    ("Dad was off his head on Stella last night.", "Stella"),   # what someone is high or drunk on
    ("Her hamster Mr Nibbles died at the weekend.", "Nibbles"),  # a pet, with a title
    ("Up all night playing Destiny 2 and Fortnite.", "Destiny"),
])
def test_a_thing_that_looks_like_a_name_is_not_one(text, word):
    assert _judge(text, word)


@pytest.mark.parametrize(("text", "word"), [
    ("Biscuit told me he was scared at home.", "Biscuit"),
    ("Spoke to Kayden about school.", "Kayden"),
    ("Mum said Elsa stayed with her nan.", "Elsa"),
    ("He played with Kian's brother after school.", "Kian"),   # a possessive: a person's
    ("Tobi ate Kian's tea.", "Kian"),
])
def test_a_person_is_not_taken_for_a_thing(text, word):
    assert not _judge(text, word)


def test_a_councils_own_service_is_not_a_name_but_a_person_beside_it_is():
    text = "Tom goes to Grace House on Fridays."
    house = _span(text, "Grace House")
    assert _judge(text, "Grace", local=[house])
    assert not _judge(text, "Tom", local=[house])


def test_detect_applies_the_same_checks():
    found = {f.text for f in detect("Their dog Biscuit barked. Spoke to Kayden about school.") if f.type == "name"}
    assert found == {"Kayden"}


@pytest.mark.parametrize(("text", "kept"), [
    ("Isla was in her Anna and Elsa pyjamas.", ["Isla"]),         # the list names the pyjamas
    ("Rosie says Barbie and Ken dolls were in the bath.", ["Rosie"]),
    ("Jaden and Kemar play out after school.", ["Jaden", "Kemar"]),  # a verb after the list: two boys
])
def test_a_word_listed_with_a_name_before_a_noun_for_a_thing_names_the_thing(text, kept):
    assert _names(text) == kept


@pytest.mark.parametrize(("text", "kept"), [
    ("Maja (9) said Ken sleeps on the sofa. Ken and Barbie are her dolls.", ["Maja"]),  # every use of a toy's name
    ("Kevin is his imaginary friend; mum Joanne says Kevin talks to him.", ["Joanne"]),
    ("Charlie Bear (teddy) went everywhere with Reuben.", ["Reuben"]),
    ("Teddy (4) has a soft toy called Bear; mum says Bear is washed weekly.", ["Teddy"]),
    ("Dad Ken is a father figure to them.", ["Ken"]),           # a person: not a figure of a toy
    ("Mum's new partner Jason is her toy boy.", ["Jason"]),
    ("Elsa (4) has a doll called Elsa.", ["Elsa"]),             # the child, by her age, though her doll shares it
])
def test_a_name_the_note_says_is_a_toy_is_not_a_person_anywhere_in_it(text, kept):
    assert _names(text) == kept


@pytest.mark.parametrize(("text", "kept"), [
    ("Spoke to Tom, his dog was barking. Tom is 6.", ["Tom", "Tom"]),  # a boy and his dog, not a dog called Tom
    ("Visited Kayden, his teddy was in the bath.", ["Kayden"]),
    ("Rex, their dog, barked at me while Leo hid.", ["Leo"]),           # an aside: the dog's name
    ("Bella, the family's cockapoo, jumped up when Leo came in.", ["Leo"]),
    ("Spoke to Tom. Tom was the dog's main carer.", ["Tom", "Tom"]),  # the noun goes on to name a person
    ("Kian is a cat person.", ["Kian"]),
    ("Tom is a toy collector.", ["Tom"]),
])
def test_after_a_comma_a_pet_or_toy_is_what_the_name_is_only_as_an_aside(text, kept):
    assert _names(text) == kept


@pytest.mark.parametrize(("text", "kept"), [
    ("Sophie (7) spent the session colouring in Elsa and Anna from Frozen 2.", ["Sophie"]),
    ("Minh (7) showed me his Pokémon cards, mostly Pikachu and Charizard.", ["Minh"]),
    ("Skye (5) insists she is 'Skye from Paw Patrol' at nursery.", ["Skye"]),   # the girl, by her age
    ("Isla brought her Elsa and Olaf figures from Frozen to contact.", ["Isla"]),
    # people the sentence names beside the story stay people
    ("Elsa, Anna and Tom watched Frozen.", ["Elsa", "Anna", "Tom"]),            # who watched
    ("Mum said Anna loves Frozen.", ["Anna"]),                                  # a verb after: someone acting
    ("Kai played Minecraft with Alex and Steve.", ["Kai", "Alex", "Steve"]),    # played with people
    ("Her sister Anna watched Frozen with her.", ["Anna"]),                     # a family word before
    ("Colouring in Elsa from Frozen; her real sister Anna Mitchell joined in.", ["Anna Mitchell"]),
    ("Anna drew Elsa. Frozen is on every day.", ["Anna", "Elsa"]),              # the story in another sentence
])
def test_a_character_in_the_sentence_that_names_its_story_is_the_storys(text, kept):
    assert _names(text) == kept


def test_a_story_title_no_one_is_called_is_no_name():
    assert [f.text for f in detect("Elsa Nyberg (11), no relation to Frozen, was upset.", address_town=False)
            if f.type == "name"] == ["Elsa Nyberg"]


@pytest.mark.parametrize(("text", "kept"), [
    ("Frank discussion held with Mr Doyle about the drinking.", ["Doyle"]),
    ("Dawn visit agreed with police for Tuesday; Kian (3) to stay with nan.", ["Kian"]),
    ("Amber flag added on EMIS for Tyler (6).", ["Tyler"]),
    ("Grace period on rent arrears agreed for mum Shannon.", ["Shannon"]),
    ("Hope is that Leo can return home.", ["Leo"]),
    ("No Joy with the landlord again, said Kerry.", ["Kerry"]),
    ("Patience is wearing thin, Dad Lee said.", ["Lee"]),
    # the same given names as people
    ("Frank discussed his drinking; Dawn visited on Friday.", ["Frank", "Dawn"]),
    ("Amber (6) and Grace (4) were at home; Hope is at school.", ["Amber", "Grace", "Hope"]),
    ("Joy said No to Dawn.", ["Joy", "Dawn"]),
])
def test_a_given_name_in_an_english_phrase_is_a_word(text, kept):
    assert _names(text) == kept


@pytest.mark.parametrize(("text", "kept"), [
    ("Will ring Dad tomorrow re contact; Kian (6) is fine.", ["Kian"]),            # the modal
    ("Kian (6) off school for his grandparents' Ruby Wedding do.", ["Kian"]),
    ("Hi Becky, Hope all's well with Reece.", ["Becky", "Reece"]),
    ("Will (7) rings his nan every night.", ["Will"]),                             # a boy: "rings", not "ring"
])
def test_more_given_names_in_english_phrases(text, kept):
    assert _names(text) == kept


@pytest.mark.parametrize(("text", "kept"), [
    ("Anonymous caller said Storm Darragh blew the roof off; Kian (6) was scared.", ["Kian"]),
    ("Storm Bert knocked out the power so Ronan missed school.", ["Ronan"]),
    # a child called Storm is found from "Storm", so the rule does not see her surname as a storm's name
    ("I visited Storm Kelly and her mum.", ["Storm Kelly"]),
    ("Her daughter Storm Darragh (6) was seen alone.", ["Storm Darragh"]),
    # "Storm" and a name found whole: a storm when a time word comes before it or a storm's doing after it
    ("The roof leaked during Storm Agnes and the kids, Tommy and Grace, slept at Nan's.", ["Tommy", "Grace"]),
    ("Mum Kerry puts it down to low mood after Storm Henk flooded the ground floor.", ["Kerry"]),
    ("Spoke to Storm Kelly after school; Storm Kelly said she was fine.", ["Storm Kelly", "Storm Kelly"]),
])
def test_a_named_storm_is_no_person(text, kept):
    assert _names(text) == kept


@pytest.mark.parametrize(("text", "kept"), [
    ("Valentina Rossi (3) sings We Don't Talk About Bruno constantly.", ["Valentina Rossi"]),
    ("Kayla (9) was singing Taylor Swift all the way to school.", ["Kayla"]),
    ("Tia (4) sang to Kayden (1) until he slept.", ["Tia", "Kayden"]),      # sung to: a person
])
def test_what_a_child_sings_is_no_person(text, kept):
    assert _names(text) == kept


@pytest.mark.parametrize(("text", "kept"), [
    ("Anna (6) insisted on being Queen Elsa and Elsie (4) had to be Princess Anna.", ["Anna", "Elsie"]),
    ("Jasmine Osei (10) said she hates being called Princess Jasmine at school.", ["Jasmine Osei"]),
    # a girl whose given name is Princess
    ("Princess Adeyemi (7) attends Oakwood; Mum Princess Osei rang.", ["Princess Adeyemi", "Princess Osei"]),
    ("Princess (7) and Blessing (5) were at home.", ["Princess", "Blessing"]),
])
def test_a_princess_or_queen_a_child_plays_is_no_person(text, kept):
    assert _names(text) == kept


@pytest.mark.parametrize(("text", "kept"), [
    ("The cat, Kevin, sleeps on Brandon's bed.", ["Brandon"]),
    ("Two Staffies, Tyson and Gary, loose in the kitchen; Tyson snapped at Harley (3). Mum said Gary is soft.",
     ["Harley"]),
    ("Dad Johnny showed me the mare, Molly, and the pony, Queenie.", ["Johnny"]),
    # an aside that does not close after the name is a new clause about a person
    ("Mum was walking the dog, Kayden and Tia stayed in with Nan.", ["Kayden", "Tia"]),
    ("Fed the cat, Kevin went to work after.", ["Kevin"]),
])
def test_a_name_in_an_aside_after_a_pets_noun_is_the_pets(text, kept):
    assert _names(text) == kept


@pytest.mark.parametrize(("text", "kept"), [
    ("Kayla (15) was picked up from college in a black Mercedes by a male.", ["Kayla"]),
    ("Tia (5) got a pink Barbie from Nan Carol.", ["Tia", "Carol"]),
    ("The black Labrador was off the lead; Tia (5) was frightened of it.", ["Tia"]),
    # a colour is not a family word: "the baby Ezra" still names a child
    ("Saw the baby Ezra with mum Jade.", ["Ezra", "Jade"]),
])
def test_a_name_after_an_article_and_a_colour_is_a_thing(text, kept):
    assert _names(text) == kept


@pytest.mark.parametrize(("text", "kept"), [
    ("Kwame (9) supports Chelsea and wants to go to a match.", ["Kwame"]),
    ("Crystal (15) supports Crystal Palace because of Dad.", ["Crystal"]),
    ("Mum supports Chelsea with her reading every night.", ["Chelsea"]),          # a girl supported
    ("Chelsea (4) is at nursery; Nan supports Chelsea and Tia.", ["Chelsea", "Chelsea", "Tia"]),  # named elsewhere
])
def test_a_football_club_supported_is_no_person(text, kept):
    assert _names(text) == kept


@pytest.mark.parametrize(("text", "kept"), [
    ("Kindle on charge, Alexa in every room – Mum uses Alexa to check on Taylor.", ["Taylor"]),
    ("Khadija (9) uses 'Alexa' to play Stormzy songs. Alexa also told Dad Yusuf when Khadija was out.",
     ["Khadija", "Yusuf", "Khadija"]),
    ("Mum asked Alexa to play music. Her daughter Alexa (6) danced.", ["Alexa"]),   # the girl, marked by her age
    ("Mum uses Alexa to play music. Spoke to Alexa about it.", ["Alexa"]),          # a person spoken to
    ("Alexa said she was scared at night.", ["Alexa"]),                             # no device in the note
])
def test_a_voice_assistant_written_as_the_device_is_no_one(text, kept):
    assert _names(text) == kept


@pytest.mark.parametrize("text, word, starts", [
    ("Tyson and Tyson's lead", "Tyson", [0, 10]),
    ("Mike-Tyson, O'Tyson, Tysons, Tyson-", "Tyson", []),
    ("Rocky. Rocky", "Rocky", [0, 7]),
    ("Bella Bella", "Bella Bella", [0]),
])
def test_a_word_is_found_only_where_it_stands_as_a_word_of_its_own(text, word, starts):
    from assistant.privacy.lookalikes import _occurrences

    assert _occurrences(text, word) == starts


def test_occurrences_agree_with_the_pattern_they_replace():
    """``_occurrences`` searches with ``str.find``; on random strings of letters, digits of another script,
    apostrophes, hyphens and spaces it finds what ``(?<![\\w'’-])word(?![\\w-])`` finds."""
    import random
    import re

    from assistant.privacy.lookalikes import _occurrences

    rng = random.Random(7)
    for _ in range(20000):
        text = "".join(rng.choice("ab -'’_1é\u0663.") for _ in range(rng.randint(0, 14)))
        word = "".join(rng.choice("ab -") for _ in range(rng.randint(1, 3)))
        pattern = rf"(?<![\w'’-]){re.escape(word)}(?![\w-])"
        assert _occurrences(text, word) == [m.start() for m in re.finditer(pattern, text)], (text, word)


@pytest.mark.parametrize("opening", [
    "loves", "kids love", "children really love", "boys love", "twins love", "both love", "all love", "likes",
    "is into", "were into", "'s into", "’s into", "really into", "properly into", "well into", "fan of", "fans of",
    "obsessed with", "mad about", "listening to", "listens to", "listened to", "wants to be", "idolises",
    "idolizes", "enjoys", "enjoyed", "pretends to be", "pretended to be", "pretending to be", "pretend to be",
    "thinks he is", "thinks she is", "thinks he's", "thinks she’s", "LOVES", "Is Into", "sings", "singing", "sang",
    "sing along to", "sings along to", "singing along to", "sang along to"])
def test_every_way_of_saying_what_someone_likes_holds_a_hint(opening):
    """``_a_liked_thing`` runs its pattern only on a clause holding one of ``_LIKED_HINTS``."""
    from assistant.privacy.lookalikes import _LIKED_BEFORE, _may_say_liked

    clause = "Said Kian" + ("" if opening[0] in "'’" else " ") + opening + " "
    assert _LIKED_BEFORE.search(clause) and _may_say_liked(clause)


def test_no_clause_of_the_development_notes_matches_without_a_hint():
    import re
    from pathlib import Path

    from helpers.identifiers_corpus import load_jsonl

    from assistant.privacy.lookalikes import _LIKED_BEFORE, _may_say_liked

    root = Path(__file__).resolve().parents[1]
    texts = [item.text for name in ("identifiers_dev_5.jsonl", "identifiers_dev_24.jsonl", "identifiers_dev_27.jsonl")
             for item in load_jsonl(root / name)]
    matched = 0
    for text in texts:
        for m in re.finditer(r"\b[A-Z]", text):
            clause = text[max(0, m.start() - 160):m.start()]
            found = _LIKED_BEFORE.search(clause)
            matched += bool(found)
            assert _may_say_liked(clause) or not found, clause
    assert matched > 10


def test_a_search_for_a_verb_before_a_list_begins_after_the_last_clause_break_and_finds_the_same():
    """``_listed_from`` starts the searches for "loves", "drinks", "watching", "referred to"... before a word after
    the last full stop, colon or bracket: before every capitalised word of three development sets, each pattern
    finds the same from there as from 160 characters back."""
    import re
    from pathlib import Path

    from helpers.identifiers_corpus import load_jsonl

    from assistant.privacy import lookalikes as L

    patterns = [L._LIKED_BEFORE, L._CONSUMED_LISTED_BEFORE, L._WATCHED_BEFORE, L._ON_A_THING_BEFORE, L._PLAYED_BEFORE,
                L._SUPPORTS_BEFORE, L._SERVICE_BEFORE]
    root = Path(__file__).resolve().parents[1]
    texts = [item.text for name in ("identifiers_dev_5.jsonl", "identifiers_dev_24.jsonl", "identifiers_dev_27.jsonl")
             for item in load_jsonl(root / name)]
    texts.append("She said: (really) loves Bluey. Drinks Stella, Carling and Strongbow. Watching Bluey")
    found = shortened = 0
    for text in texts:
        for m in re.finditer(r"\b[A-Z]", text):
            start, low = m.start(), max(0, m.start() - 160)
            shortened += L._listed_from(text, start) > low
            for pattern in patterns:
                far, near = pattern.search(text, low, start), pattern.search(text, L._listed_from(text, start), start)
                assert (far and far.span()) == (near and near.span()), (pattern.pattern[:30], text[low:start])
                found += bool(far)
            given = [v.span() for v in L._GIVEN_BEFORE.finditer(text, low, start)]
            assert [v.span() for v in L._GIVEN_BEFORE.finditer(text, L._listed_from(text, start), start)] == [
                span for span in given if span[0] >= L._listed_from(text, start)]
    assert found > 50 and shortened > 1000
