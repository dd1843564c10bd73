"""Unit and quality tests for assistant.privacy.identifiers (the personal-identifier detector)."""

from __future__ import annotations

import itertools
import json
import time

import pytest
from helpers.identifiers_corpus import build, load_jsonl, score
from helpers.support import ROOT

from assistant.privacy.identifiers import LABELS, Finding, detect, model_problem, nhs_number_valid, redact


def kinds(text: str, model: bool = True) -> list[tuple[str, str]]:
    return [(f.type, f.text) for f in detect(text, model=model)]


def name_texts(text: str, model: bool = True) -> list[str]:
    return [t for k, t in kinds(text, model) if k == "name"]


def model_name_texts(text: str) -> list[str]:
    """The names found with the name model, skipping where it is not installed (what those tests are about)."""
    if model_problem():
        pytest.skip(model_problem())
    return name_texts(text)


@pytest.mark.parametrize("number", ["943 476 5919", "9434765919", "401 023 2137", "485 777 3457"])
def test_nhs_valid(number):
    assert nhs_number_valid(number)
    assert kinds(f"NHS number {number}.") == [("nhs_number", number)]


@pytest.mark.parametrize("number", ["943 476 5918", "9434765910", "123456789", "94347659190", "401 023 213X",
                                    "1000000010"])  # the last has check digit 10: never valid
def test_nhs_invalid_not_flagged(number):
    assert not nhs_number_valid(number)
    assert kinds(f"Reference {number} on file.") == []


@pytest.mark.parametrize("nino", ["AB123456C", "AB 12 34 56 C", "ce 12 34 56 d", "OA123456A", "JG103759A"])
def test_ni_valid(nino):
    assert kinds(f"NI number {nino}.") == [("ni_number", nino)]


@pytest.mark.parametrize("nino", ["DA123456A", "FA123456A", "QQ123456C", "AO123456B", "AV123456B", "BG123456A",
                                  "GB123456A", "NK123456A", "KN123456A", "TN123456A", "NT123456A", "ZZ123456A",
                                  "AB123456E", "AB12345C"])
def test_ni_invalid_not_flagged(nino):
    assert kinds(f"NI number {nino}.") == []


@pytest.mark.parametrize("pc", ["GIR 0AA", "GIR0AA", "SW1A 1AA", "SW1A1AA", "M1 1AE", "B33 8TH", "CR2 6XH",
                                "DN55 1PT", "W1A 0AX", "EC1A 1BB", "LS6 2AB", "sw1a 1aa"])
def test_postcodes(pc):
    assert kinds(f"They moved to {pc} last week.") == [("postcode", pc)]


@pytest.mark.parametrize("text", ["QA1 1AA", "V1 1AA", "SW1A 1AI", "AB1 1CA", "GCP2 level 3"])
def test_not_postcodes(text):
    assert kinds(f"Code {text} noted.") == []


@pytest.mark.parametrize("phone", ["07700 900123", "07700900123", "+44 7700 900123", "+447700900123",
                                   "(0161) 496 0000", "0161 496 0000", "020-7946-0958", "+44 (0)20 7946 0958",
                                   "01632 960001", "0800 123 456"])
def test_phones(phone):
    assert kinds(f"Call on {phone} after 5pm.") == [("phone", phone)]


@pytest.mark.parametrize("phone", ["+234 803 555 0192", "+48 512 345 678", "+1 212 555 0182", "+353 87 123 4567"])
def test_phones_abroad_with_a_country_code(phone):
    assert kinds(f"Uncle rang from abroad on {phone} about the children.") == [("phone", phone)]


@pytest.mark.parametrize("text", ["Scored +3 in the test.", "Temperature +12 today.", "Ratio +2 3 4."])
def test_a_signed_number_is_no_phone(text):
    assert kinds(text) == []


def test_phone_does_not_swallow_following_number():
    assert kinds("Mum called 07700 900123 12 times.") == [("phone", "07700 900123")]


@pytest.mark.parametrize("text,dob", [("DOB 03/04/2015", "03/04/2015"), ("born 3 April 2015", "3 April 2015"),
                                      ("d.o.b.: 2015-04-03", "2015-04-03"), ("Date of birth: 3rd April 2015",
                                                                             "3rd April 2015"),
                                      ("(DOB: 3.4.15)", "3.4.15"), ("born on April 3, 2015", "April 3, 2015"),
                                      ("date of birth as 14/07/1988", "14/07/1988"),
                                      ("DOB given as 1/9/08", "1/9/08"), ("(DOB 7th Feb '19)", "7th Feb '19"),
                                      ("(born on the 1st of May 2020)", "1st of May 2020"),
                                      ("b. 30/06/2011", "30/06/2011")])
def test_dates_of_birth(text, dob):
    assert kinds(text) == [("date_of_birth", dob)]


def test_two_dates_of_birth_and_ordinary_dates():
    text = "DOBs 03/04/2015 and 05/06/2017. Conference on 12/03/2026; born prematurely, discharged 01/02/2016."
    assert kinds(text) == [("date_of_birth", "03/04/2015"), ("date_of_birth", "05/06/2017")]


@pytest.mark.parametrize("text,name", [("Mum, Sarah Jones, attended.", "Sarah Jones"), ("Child: Tom Smith", "Tom Smith"),
                                       ("Dad (Mark Jones) did not attend.", "Mark Jones"),
                                       ("I spoke to Ms Patel.", "Patel"), ("Met Dr. Amir Khan.", "Amir Khan"),
                                       ("CP Chair, Ann Lee, agreed.", "Ann Lee"), ("Stepdad Dean was there.", "Dean"),
                                       ("Tom Smith (DOB unknown) was seen.", "Tom Smith"),
                                       ("Aisha was born early.", "Aisha"), ("The child is Amy.", "Amy"),
                                       ("Mum's partner, Liam O'Brien, left.", "Liam O'Brien")])
def test_names_in_context(text, name):
    assert ("name", name) in kinds(text)


@pytest.mark.parametrize("text,name", [("Mum, Siobhán Kelly, attended.", "Siobhán Kelly"),
                                       ("Spoke to Łukasz Wójcik about school.", "Łukasz Wójcik"),
                                       ("Dad (Ștefan Popescu) was present.", "Ștefan Popescu"),
                                       ("Child: Zoë Smith, aged 7", "Zoë Smith"),
                                       ("Ms Ozturk and Mr Öztürk attended.", "Öztürk"),
                                       ("Mum, Олександра Коваленко, attended.", "Олександра Коваленко"),
                                       ("Dr José García called.", "José García"),
                                       ("Mum's partner, Liam O’Brien, left.", "Liam O’Brien"),
                                       ("Mum, Siobha\u0301n Kelly, attended.", "Siobha\u0301n Kelly"),
                                       ("Mum, Siobhán Ó Súilleabháin, attended.", "Siobhán Ó Súilleabháin"),
                                       ("Spoke to Maria de la Cruz today.", "Maria de la Cruz"),
                                       ("Mum, Fatima al-Hassan, attended.", "Fatima al-Hassan"),
                                       ("Dad, Jan van der Berg, came.", "Jan van der Berg"),
                                       ("I spoke to Ms de la Cruz.", "de la Cruz")])
def test_names_with_accents_and_other_alphabets(text, name):
    """Before 2026-11-30 names were [A-Z][a-z]+: "Zoë Smith" left "Zoë" in the redacted text."""
    assert ("name", name) in kinds(text)
    assert name not in redact(text)[0]


def test_accented_capitalised_words_without_name_context_are_left():
    # the rules; the name model takes "Café Nero" for a person (its look-alike rate: benchmarks/identifiers.py)
    assert kinds("We met at Café Nero. Élan Valley trip planned.", model=False) == []
    assert kinds("Mum, Sarah and Tom attended.") == [("name", "Sarah"), ("name", "Tom")]
    assert kinds("I spoke to Dad about la la land.") == []


def test_name_lists_and_bare_names():
    assert kinds("Siblings, Amy and Jack Brown.") == [("name", "Amy"), ("name", "Jack Brown")]
    assert kinds("Collect Jordan from school at 3.", model=False) == []  # the rules' limit: no context
    assert kinds("Collect Jordan from school at 3.") == [("name", "Jordan")]  # the name model finds it


@pytest.mark.parametrize("text,names", [
    ("Tyreese said he was scared.", ["Tyreese"]),
    ("Visit done. Chiamaka disclosed that her dad hits her.", ["Chiamaka"]),
    ("Kyle Denton arrested for ABH.", ["Kyle Denton"]),
    ("Mustafa and his brother were seen.", ["Mustafa"]),
    ("Jordan's school rang; Emre's GP wrote.", ["Jordan", "Emre"]),
    ("Seen baby Alfie and twins Kofi and Ama.", ["Alfie", "Kofi", "Ama"]),
    ("Harley (8 months) had nappy rash.", ["Harley"]),
    ("Ayesha born 17 August 2010.", ["Ayesha"]),
])
def test_names_as_notes_write_them(text, names):
    """Found since 2026-11-30, after the held-out notes showed about two names in five missed."""
    assert name_texts(text) == names


@pytest.mark.parametrize("text", [
    "What was agreed is below.", "There was no answer.", "Nobody attended the meeting.",
    "Everyone agreed the plan.", "St Mary's school called.", "Women's Aid rang back.",
    "The review was held. Supervision is monthly.", "Staff said she was settled.",
])
def test_sentence_openers_and_possessives_that_are_not_names(text):
    assert name_texts(text) == []


@pytest.mark.parametrize("text,address", [("They live at 12 Acacia Avenue, Leeds.", "12 Acacia Avenue"),
                                          ("Visit to Flat 3, 45 High Street today.", "Flat 3, 45 High Street"),
                                          ("Now at 7b Elm Tree Road.", "7b Elm Tree Road"),
                                          ("moved to 22 mill lane", "22 mill lane"),
                                          ("Visited 41 Gipton Approach today.", "41 Gipton Approach"),
                                          ("They gave 11 Nowell Mount as the address.", "11 Nowell Mount"),
                                          ("moved to 47 Spring Bank West last week", "47 Spring Bank West"),
                                          ("She lives at 7 Lawfords Gate now.", "7 Lawfords Gate")])
def test_addresses(text, address):
    assert kinds(text) == [("address", address)]


@pytest.mark.parametrize("text", ["We use a 3 Step Approach with the family.", "Did the 3 Houses Approach with her.",
                                  "Signs of Safety 2 Day Approach training."])
def test_a_numbered_approach_is_no_address(text):
    assert kinds(text) == []


@pytest.mark.parametrize("text,keep,whole", [
    ("Moved to Flat 2, 41 Victoria Road, Wigan WN5 0JD. Speaks Romanian.",
     "Moved to [ADDRESS], Wigan [POSTCODE]. Speaks Romanian.", "Moved to [ADDRESS]. Speaks Romanian."),
    ("Lives at 5 Jessop Close, Hillsborough, Sheffield.", "Lives at [ADDRESS], Hillsborough, Sheffield.",
     "Lives at [ADDRESS]."),
    ("Now at 3 Rose Hill, Denton, M34 3RX - matches.", "Now at [ADDRESS], Denton, [POSTCODE] - matches.",
     "Now at [ADDRESS] - matches."),
    ("At 22 Brook Lane, CV2 4HP. Police attended.", "At [ADDRESS], [POSTCODE]. Police attended.",
     "At [ADDRESS]. Police attended."),
    # at most two places; a family word, a pronoun or a note's label after the comma is no place
    ("Visited 4 Ash Grove, Mum said she was out.", "Visited [ADDRESS], Mum said she was out.",
     "Visited [ADDRESS], Mum said she was out."),
    ("Visited 4 Ash Grove, she was out.", "Visited [ADDRESS], she was out.", "Visited [ADDRESS], she was out."),
    ("Address 9 Fairfield Close, Tel 07700 900123.", "Address [ADDRESS], Tel [PHONE].",
     "Address [ADDRESS], Tel [PHONE]."),
    ("Visited 9 Fairfield Close. Police attended.", "Visited [ADDRESS]. Police attended.",
     "Visited [ADDRESS]. Police attended."),
])
def test_the_town_after_an_address_is_the_councils_choice(text, keep, whole):
    assert redact(text, address_town=False)[0] == keep
    assert redact(text, address_town=True)[0] == whole


def test_at_most_two_places_are_taken_into_an_address():
    addresses = [f.text for f in detect("12 Acacia Avenue, Farnworth, Bolton, Lancashire.", address_town=True)
                 if f.type == "address"]
    assert addresses == ["12 Acacia Avenue, Farnworth, Bolton"]


def test_the_town_setting_is_read_from_the_environment(monkeypatch):
    text = "Lives at 47 Mayfield Avenue, Rochdale OL11 3AB."
    assert redact(text)[0] == "Lives at [ADDRESS], Rochdale [POSTCODE]."  # the default: keep
    monkeypatch.setenv("ASSISTANT_ADDRESS_TOWN", "redact")
    assert redact(text)[0] == "Lives at [ADDRESS]."
    assert [f.text for f in detect(text)] == ["47 Mayfield Avenue, Rochdale OL11 3AB"]
    monkeypatch.setenv("ASSISTANT_ADDRESS_TOWN", "keep")
    assert redact(text)[0] == "Lives at [ADDRESS], Rochdale [POSTCODE]."


def test_a_wrong_town_setting_is_refused_by_name(monkeypatch):
    from assistant.config import load_settings
    from assistant.errors import ConfigError

    monkeypatch.setenv("ASSISTANT_ADDRESS_TOWN", "yes")
    with pytest.raises(ConfigError, match="ASSISTANT_ADDRESS_TOWN"):
        redact("Lives at 47 Mayfield Avenue, Rochdale.")
    with pytest.raises(ConfigError, match="ASSISTANT_ADDRESS_TOWN"):
        load_settings()


@pytest.mark.parametrize("text,address", [("Family on Plot 4, Pear Tree Lane site.", "Plot 4, Pear Tree Lane"),
                                          ("Moved to Flat 9 Kings Road.", "Flat 9 Kings Road")])
def test_a_plot_or_flat_before_the_street_number(text, address):
    assert kinds(text) == [("address", address)]


def test_a_plot_without_a_street_is_no_address():
    assert kinds("Plot 4 of the allotments was dug over.") == []


@pytest.mark.parametrize("text,address", [
    ("Letters go to Flat 9, Juniper House, 14 Kings Road now.", "Flat 9, Juniper House, 14 Kings Road"),
    ("She has moved to Flat 2, Oak Court.", "Flat 2, Oak Court"),
    ("Flat 11 Heron Court, Dock Street is the new address.", "Flat 11 Heron Court, Dock Street"),
    ("Nan lives at Ivy House, Chapel Lane.", "Ivy House, Chapel Lane"),
    ("Visit to Honeysuckle Cottage this morning.", "Honeysuckle Cottage"),
    ("last known address 4 Railway Cottages.", "4 Railway Cottages"),
])
def test_addresses_in_named_buildings_are_one_finding(text, address):
    """Found since 2026-12-02 (development sets 1 and 2 had half their missed addresses in this form)."""
    assert [(k, t) for k, t in kinds(text) if k == "address"] == [("address", address)]


@pytest.mark.parametrize("text", ["Meeting at Town Hall, Market Street.", "Hearing at the Family Court, High Street.",
                                  "Met at Civic House, Bath Street."])
def test_public_buildings_are_not_home_addresses(text):
    assert [t for k, t in kinds(text) if k == "address"] == []


@pytest.mark.parametrize("text,kept", [
    ("Spoke to Oakfield Primary about attendance.", []),
    ("Interpreter (Urdu) booked for the visit.", []),
    ("SW contacted Year 10 head of year.", []),
    ("Met with Virtual School Head about the PEP.", []),
    ("Child: Poppy-Mae Hill, DOB 01/02/2015.", ["Poppy-Mae Hill"]),  # Hill is a surname too
])
def test_a_name_found_by_its_context_is_dropped_when_it_reads_as_a_place_or_a_language(text, kept):
    assert name_texts(text) == kept


@pytest.mark.parametrize("text,names", [
    ("Zion and Marley played together nicely.", ["Zion", "Marley"]),
    ("Akua, Ama and Efua Boateng all seen at school.", ["Akua", "Ama", "Efua Boateng"]),
    ("Mum and Dad were present.", []),
    ("Police and Health attended the strategy discussion.", []),
])
def test_several_names_opening_a_sentence(text, names):
    assert name_texts(text) == names


def test_a_word_listed_with_a_name_found_is_a_name_too():
    found = name_texts("Spoke to Amy Smith, Divine and Social Care about the plan.")
    assert found == ["Amy Smith", "Divine"]  # "Social" is never a name


@pytest.mark.parametrize("text, names", [
    ("Fostering: carers Helen and Rob Jessop. Placement going well.", ["Helen", "Rob Jessop"]),
    ("Contact record: Seren and Osian Pritchard at the family centre.", ["Seren", "Osian Pritchard"]),
    ("Seren and Osian at Rose Hill Primary.", ["Seren", "Osian"]),
])
def test_a_word_listed_with_a_name_found_takes_its_surname_too(text, names):
    assert model_name_texts(text) == names


@pytest.mark.parametrize("text,word", [
    ("Dad took her to Glasgow without consent.", "Glasgow"),
    ("Minh (17) found working at a nail bar in Bolton.", "Bolton"),
    ("Dad speaks Lingala and French.", "Lingala"),
    ("His dog Bella bit his sister.", "Bella"),
    ("They want to go next Summer.", "Summer"),
    ("Autumn term review held.", "Autumn"),
    ("Mercy lives at Flat 12, Kingfisher Court, Stratford with Kofi.", "Stratford"),
    ("Absent for Eid and Diwali this year.", "Eid"),
])
def test_places_languages_pets_and_seasons_where_a_name_could_be(text, word):
    assert all(word not in t for k, t in kinds(text) if k == "name")


@pytest.mark.parametrize("text,name", [("SW visited Tiana Brown at school.", "Tiana Brown"),
                                       ("Nan supports Kayden with his homework.", "Kayden"),
                                       ("Pastor Adeyemi attended the meeting.", "Adeyemi")])
def test_people_after_words_people_do_to_people_stay_names(text, name):
    assert name in name_texts(text)


def test_an_agency_after_a_named_person_is_not_a_name():
    names = name_texts("GP: Dr Shah, Riverside Surgery.")
    assert names and not any("Riverside" in n for n in names)


def test_email():
    assert kinds("Email sarah.jones+cp@example.co.uk today.") == [("email", "sarah.jones+cp@example.co.uk")]


POLICY = ["section 47", "Section 47 enquiry", "21 months", "48 hours", "15 month conference", "GCP2 level 3",
          "Children Act 1989", "Working Together 2023", "ICPC", "CP Plan", "Signs of Safety", "Team Manager",
          "Service Manager", "CP Chair", "conference on 12/03/2026", "LL-123456", "case LL-654321",
          "Child Protection Plan", "Child In Need", "Initial Child Protection Conference", "the 3-month review",
          "Independent Reviewing Officer", "Designated Safeguarding Lead", "spoke to the Team Manager",
          "met with Police", "2 Family Court hearings", "within 10 working days", "Section 17", "s.47",
          "Review Child Protection Conference", "Strategy Discussion", "Early Help", "spoke to Mum.",
          "the plan started 01/09/2024", "plans over 2 years", "ICPC on 2025-01-14 at 10:00"]


@pytest.mark.parametrize("phrase", POLICY)
def test_policy_vocabulary_never_flagged(phrase):
    assert detect(f"Agreed: {phrase}.") == []


@pytest.mark.parametrize("path", sorted((ROOT / "knowledge").glob("*.md")), ids=lambda p: p.name)
def test_policy_files_have_no_identifiers(path):
    assert detect(path.read_text(encoding="utf-8")) == []


def test_redact_labels_and_original_offsets():
    text = "Mum, Sarah Jones (DOB 03/04/2015), 12 Acacia Avenue LS6 2AB, 07700 900123, NHS 943 476 5919."
    redacted, findings = redact(text)
    assert redacted == "Mum, [NAME] (DOB [DATE OF BIRTH]), [ADDRESS] [POSTCODE], [PHONE], NHS [NHS NUMBER]."
    assert [f.type for f in findings] == ["name", "date_of_birth", "address", "postcode", "phone", "nhs_number"]
    for f in findings:
        assert isinstance(f, Finding) and text[f.start:f.end] == f.text
    assert [f.start for f in findings] == sorted(f.start for f in findings)
    assert all(a.end <= b.start for a, b in itertools.pairwise(findings))
    assert set(LABELS) == {"name", "date_of_birth", "nhs_number", "ni_number", "postcode", "phone", "email", "address"}


def test_redact_nothing_and_empty():
    assert redact("") == ("", [])
    assert redact("Signs of Safety mapping.") == ("Signs of Safety mapping.", [])


def test_quality_on_synthetic_corpus():
    items = build()
    assert sum(len(i.identifiers) for i in items) >= 200 and sum(len(i.lookalikes) for i in items) >= 200
    result = score(items, detect)
    assert set(result["recall"]) == set(LABELS)
    assert result["overall_recall"] >= 0.98, result["recall"]
    assert result["overall_fp_rate"] <= 0.02, result["fp_rate"]
    assert min(result["recall"].values()) >= 0.9, result["recall"]


def test_corpus_is_deterministic():
    assert [i.text for i in build()] == [i.text for i in build()]


def test_the_rules_are_fast_enough():
    """The rules alone (the name model's time is measured by benchmarks/identifiers.py, docs/privacy.md)."""
    note = " ".join(i.text for i in build()[::7])[:500]
    detect(note, model=False)
    t0 = time.perf_counter()
    for _ in range(50):
        detect(note, model=False)
    per_note = (time.perf_counter() - t0) / 50
    assert per_note < 0.005  # about 2.5 ms on this machine on 2026-12-05, best of 5 x 50); slack for busy CI


@pytest.mark.parametrize("name", ["identifiers_heldout.jsonl", "identifiers_heldout_2.jsonl",
                                  "identifiers_heldout_3.jsonl", "identifiers_dev_4.jsonl", "identifiers_dev_5.jsonl",
                                  "identifiers_dev_6.jsonl", "identifiers_heldout_7.jsonl"])
def test_written_notes_load_with_every_label_found_once(name, tmp_path):
    items = load_jsonl(ROOT / "tests" / name)
    assert len(items) >= 100
    assert sum(len(i.identifiers) for i in items) >= 150 and sum(len(i.lookalikes) for i in items) >= 150
    for item in items:
        for _, start, end in item.identifiers + item.lookalikes:
            assert 0 <= start < end <= len(item.text)
    ambiguous = tmp_path / "ambiguous.jsonl"
    ambiguous.write_text(json.dumps({"text": "Amy and Amy", "identifiers": [{"type": "name", "text": "Amy"}]}) + "\n",
                         encoding="utf-8")
    with pytest.raises(ValueError, match="occurs 2 times"):
        load_jsonl(ambiguous)
    both = tmp_path / "both.jsonl"
    both.write_text(json.dumps({"text": "Grace period agreed; Grace is settled.",
                                "identifiers": [{"type": "name", "text": "Grace"}],
                                "lookalikes": [{"category": "other", "text": "Grace"}]}) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match="labelled both as an identifier and as a look-alike"):
        load_jsonl(both)


UNLABELLED = {
    "identifiers_heldout.jsonl": 2, "identifiers_heldout_2.jsonl": 0, "identifiers_heldout_3.jsonl": 0,
    "identifiers_dev_4.jsonl": 0, "identifiers_dev_5.jsonl": 0, "identifiers_dev_6.jsonl": 1,
    "identifiers_heldout_7.jsonl": 2, "identifiers_heldout_8.jsonl": 0, "identifiers_heldout_9.jsonl": 2,
    "identifiers_dev_10.jsonl": 0, "identifiers_heldout_11.jsonl": 5, "identifiers_dev_12.jsonl": 0,
    "identifiers_dev_13.jsonl": 2, "identifiers_dev_14.jsonl": 0, "identifiers_heldout_15.jsonl": 3,
    "identifiers_heldout_16.jsonl": 2, "identifiers_heldout_17.jsonl": 1, "identifiers_heldout_18.jsonl": 3,
    "identifiers_heldout_19.jsonl": 2, "identifiers_heldout_20.jsonl": 4, "identifiers_heldout_21.jsonl": 7,
    "identifiers_heldout_22.jsonl": 4, "identifiers_heldout_23.jsonl": 2, "identifiers_dev_24.jsonl": 0,
    "identifiers_heldout_25.jsonl": 0, "identifiers_heldout_26.jsonl": 4, "identifiers_dev_27.jsonl": 0,
    "identifiers_heldout_28.jsonl": 1, "identifiers_heldout_29.jsonl": 1, "identifiers_heldout_30.jsonl": 3,
    "identifiers_dev_31.jsonl": 1, "identifiers_heldout_32.jsonl": 2, "identifiers_dev_33.jsonl": 0,
    "identifiers_heldout_34.jsonl": 0, "identifiers_dev_35.jsonl": 6, "identifiers_heldout_36.jsonl": 1,
    "identifiers_dev_37.jsonl": 2, "identifiers_heldout_38.jsonl": 3, "identifiers_heldout_39.jsonl": 2,
    "identifiers_heldout_40.jsonl": 1, "identifiers_heldout_41.jsonl": 1, "identifiers_heldout_42.jsonl": 2,
    "identifiers_heldout_43.jsonl": 3, "identifiers_heldout_44.jsonl": 2, "identifiers_heldout_45.jsonl": 2,
    "identifiers_heldout_46.jsonl": 2,
}
"""Findings that overlap no labelled identifier or look-alike, per set: words the sets' writers did not think of as
look-alikes that the detector redacts anyway ("Phone was seized", "Foster carer", "Hi, Lewis"), almost always
wrong, and not in the look-alike rate. First measured on 2026-12-05 (twenty-fourth session, after its rules; at the
session's start the held-out sets had 79 in all, now 50, and the development sets 24, now 8); never loosened."""


@pytest.mark.parametrize("name, model, names, overall, altered", [
    # the rules alone, set 2, measured on 2026-11-30
    ("identifiers_heldout_2.jsonl", False, 0.66, 0.75, 0.02),
    # rules + name model (what ships), first measured on 2026-12-02 and raised, never lowered, the same day after
    # the list, place and season rules (docs/decisions/0016-name-model-beside-the-rules.md)
    ("identifiers_heldout.jsonl", True, 0.976, 0.984, 0.0),
    ("identifiers_heldout_2.jsonl", True, 0.953, 0.970, 0.005),
    ("identifiers_dev_4.jsonl", True, 0.958, 0.954, 0.007),
    # (look-alikes lowered on 2026-12-04 after family words in other languages, b5e0463, and on 2026-12-05 after
    # "Baba", 70287ff)
    ("identifiers_heldout_3.jsonl", True, 0.957, 0.954, 0.018),
    # first measured (with the shipped detector) on 2026-12-02 after the English-word rule; look-alikes raised
    # (lowered) after the article, role, dose and time rules the same day; "all" raised after the dates of birth
    # written "as 14/07/1988", "b. 30/06/2011", "7th Feb '19"
    ("identifiers_dev_5.jsonl", True, 0.972, 0.949, 0.016),
    ("identifiers_dev_6.jsonl", True, 0.933, 0.914, 0.013),
    # held out, first measured on 2026-12-02 (benchmarks/results/2026-12-02-identifiers-english-words.md)
    ("identifiers_heldout_7.jsonl", True, 0.960, 0.938, 0.035),
    # held out, first measured on 2026-12-02 (benchmarks/results/2026-12-02-identifiers-articles-roles.md)
    # (sets 3, 5, 6, 7 and 8 raised on 2026-12-03 after names before an NHS number, NI number or date of birth
    # and double-barrelled given names; set 4's "all" after "Plot 4, Pear Tree Lane"; sets 3, 4, 5, 7 and 8
    # again after lower-case listed names that are no English word; look-alikes on sets 4, 7 and 8 after pets'
    # names anywhere in a note, 2026-12-03; sets 4, 5, 6 and 8 again after medicines and pets named before what
    # they are; set 8 again on 2026-12-04 after names beside a date of birth, cbf03c2)
    ("identifiers_heldout_8.jsonl", True, 0.933, 0.944, 0.018),
    # held out, written on 2026-12-03 and first measured with the pets' names rule (its baseline, the detector
    # before it: names 0.919, all 0.919, look-alikes 4.6%; benchmarks/results/2026-12-03-identifiers-pets.md)
    ("identifiers_heldout_9.jsonl", True, 0.953, 0.950, 0.014),
    # held out, written on 2026-12-03 and first measured with the detector at 56e4704
    ("identifiers_heldout_11.jsonl", True, 0.938, 0.951, 0.021),
    # development set for dates of birth and addresses, written on 2026-12-03 (sets 4, 8 and 9 raised the same day
    # after the dates-of-birth and address rules; raised on 2026-12-04 after names beside a date of birth)
    ("identifiers_dev_10.jsonl", True, 0.994, 0.969, 0.0),
    # development set for look-alikes, written on 2026-12-03 and first measured at 76853ab (11.1% look-alikes);
    # sets 4, 5, 6, 7, 8, 9 and 10 raised the same day after the look-alike rules of 591c19d, sets 5, 11 and 12
    # after what people drink, smoke or play; sets 5, 7, 8 and 12 after a brand before the thing it names,
    # sets 1, 4, 8, 9, 11 and 12 after places after "at", "originally from" and an institution's name (2026-12-03)
    ("identifiers_dev_12.jsonl", True, 0.990, 0.991, 0.006),
    # development set for look-alikes across the UK, written on 2026-12-03 and first measured at 355a8a3 (names
    # 0.921, all 0.914, look-alikes 10.7%); sets 4, 5, 8, 9, 12 and 13 raised the same day after family words,
    # institutions' names and roles across the UK (cd5a705); sets 5, 7, 12 and 13 after more goods and English
    # plurals (2e7611e); sets 5, 8, 12 and 13 after name-words used as words, clubs and services (03709ae)
    ("identifiers_dev_13.jsonl", True, 0.979, 0.974, 0.013),
    # development set of names that are also ordinary words, written on 2026-12-03 and first measured at 1362b39
    # (names 0.873, all 0.872, look-alikes 6.8%); look-alikes raised after 03709ae; names on sets 5, 6 and 14
    # after months before an age in brackets (83e2e6e); sets 5, 7, 12, 13 and 14 raised in the eleventh session
    # after "the" and capitalised words before a name (efa7863), set 13's "all" after dates straight after a name
    # (de47b80)
    ("identifiers_dev_14.jsonl", True, 0.948, 0.943, 0.008),
    # held out, written on 2026-12-03 (tenth session) after that session's rules, and first measured at 9bc8a56
    # (the detector at the session's start, 8f060fc: names 0.897, all 0.913, look-alikes 4.7%)
    ("identifiers_heldout_15.jsonl", True, 0.946, 0.955, 0.018),
    # held out, written on 2026-12-03 (eleventh session) before any change of that session, first measured at
    # f65c14b (names 0.9132, all 0.9218, look-alikes 3.33%)
    ("identifiers_heldout_16.jsonl", True, 0.932, 0.936, 0.018),
    # held out, written on 2026-12-03 (eleventh session) after that session's other rules, first measured at
    # 4637046 (names 0.9288, all 0.9409, look-alikes 2.48%)
    ("identifiers_heldout_17.jsonl", True, 0.950, 0.957, 0.018),
    # held out, written on 2026-12-03 (twelfth session) while the rule for what a child likes (9cbad00) was
    # developed, committed after it and before any run (2d79273), first measured then (names 0.9076, all 0.9173,
    # look-alikes 2.70%; the same at 6430058, before that rule). Look-alikes on sets 5, 9, 12, 13 and 15 raised
    # after that rule; sets 5, 8, 11, 12, 13 and 14 after products consumed or listed with goods (c663959)
    # and sets 8, 12, 13, 14, 15, 16, 17 and 18 after UK towns (dc1fe94), 9 and 12 after services (c29b872)
    ("identifiers_heldout_18.jsonl", True, 0.942, 0.945, 0.014),
    # held out, written on 2026-12-03 (twelfth session) after that session's rules, first measured at 25eb4da
    # (names 0.8875, all 0.9051, look-alikes 2.21%; at 6430058, the session's start: 0.8875, 0.9051, 2.87%).
    # Names and "all" on sets 4, 5, 10, 12, 14, 9, 11, 15, 16, 18 and 19 raised in the thirteenth session after
    # given names with a place-word surname widened over it, "Kathleen Ward" (0b3d4f9); sets 4 and 17 after
    # "(maternal aunt)" (db19d91); set 14 after a possessive taken off as one ("Lewis", "Wanderers"; 927cbd5); sets 12, 13
    # and 18 after a listed name's surname ("Helen and Rob Jessop", 6fb599c); sets 10, 11 and 18 after a name
    # before "DOB" across a colon (3483f07); sets 8, 11, 12, 13, 15, 18 and 19 after nicknames
    # in quotes (278ca20); look-alikes on sets 5, 11 and 13 after "Royal" hospitals (f35d7b1); sets 8, 12
    # and 13 after faiths (f7bb3d8); set 13 after the place heading a visit note (b629c98); sets 5, 8,
    # 12 and 13 after titled characters (237489e)
    ("identifiers_heldout_19.jsonl", True, 0.935, 0.944, 0.014),
    # held out, written on 2026-12-03 (thirteenth session) while that session's rules were developed, committed
    # before any run (0ed1597), first measured then (names 0.8801, all 0.8295, look-alikes 4.90%; at 7927877, the
    # session's start: 0.8612, 0.8157, 4.90%). Its labels differ from the other sets' in two ways the prompt
    # caused: nine "other" identifiers (case references, car registrations), which the detector does not look
    # for, and eight NHS numbers without a valid check digit, which the other sets label as look-alikes; without
    # those, all identifiers 0.863. Look-alikes on sets 11, 12, 13, 14, 16, 18 and 20 raised after public figures
    # named in full (223cead); set 12 after "kids love" (e6bbe3c)
    # (fourteenth session, 2026-12-04: names and "all" on sets 2, 4, 5, 6, 8, 9, 10, 12, 13, 14, 15, 17 and 19 raised
    # after names in a list of names and dates of birth (0803ad3), a listed name before a birth date (8769549),
    # names opening a sentence or what someone reports before what people do (cb0bc9e, 8ef640a, a3fc6db, 53ecc52),
    # more family words and roles (d394e11) and nicknames in quotes after "with" (07cf760); look-alikes on set 13
    # after medicines after a possessive (8af75c3); sets 5, 7, 9, 11, 13, 18 and 20 after lower-case names before an
    # age in brackets (8508c46) and names before a possessive and an acronym, "Jiayi's PEP" (277b784))
    ("identifiers_heldout_20.jsonl", True, 0.905, 0.847, 0.036),
    # held out, written on 2026-12-04 (fourteenth session) after that session's rules, to the older sets' type list,
    # committed before any run (16a24fc), first measured then (names 0.8978, all 0.9161, look-alikes 3.74%; at
    # 32419da, the session's start: 0.8895, 0.9106, 3.74%)
    # (fifteenth session, 2026-12-04: look-alikes on sets 6, 9, 10, 12, 13, 14, 16 and 21 raised after programmes
    # watched (61fc3cd), things given, bought or owed (350ff95), streets by their "St" (f6f8b93), a verb opening a
    # quote (0b587c1) and what someone is on (4e2403a); names and "all" on sets 3, 4, 6, 8, 13, 14, 15, 18, 20 and 21
    # after lower-case names on the US baby-names list (21dbb01))
    ("identifiers_heldout_21.jsonl", True, 0.919, 0.934, 0.025),
    # held out, written on 2026-12-04 (fifteenth session) after that session's rules, to the older sets' type list,
    # committed before any run, first measured then (names 0.8875, all 0.9122, look-alikes 2.48%; at 995e46b, the
    # session's start: 0.8753, 0.9036, 2.64%; at 88df09f, before the lower-case baby-names rule: 0.8753, 0.9036, 2.48%)
    # (sixteenth session, 2026-12-04: names and "all" on sets 2, 7, 13, 14, 20 and 22 raised after lower-case
    # double-barrelled names of two given names, "lily-rose" (eb67523))
    ("identifiers_heldout_22.jsonl", True, 0.899, 0.920, 0.019),
    # held out, written on 2026-12-04 (sixteenth session) for the capitalised use of the US baby-names list, to the
    # older sets' type list, committed before any run (06362c2), first measured then at the detector of 0b2ffad
    # (names 0.9581, all 0.9706, look-alikes 2.08%); that change was withdrawn (f9c03d1)
    ("identifiers_heldout_23.jsonl", True, 0.967, 0.977, 0.017),
    # development set heavy in look-alikes, written on 2026-12-04 (seventeenth session) by a helper who saw nothing
    # of the project, first measured at f620dc4 (names 0.912, all 0.929, look-alikes 9.5%); lowered after pets
    # named before what they are and family words in other languages (one name fewer: a person sharing a pet's
    # name in one note), and after things named by a container, "enjoys" or "favourite film"
    ("identifiers_dev_24.jsonl", True, 0.927, 0.940, 0.017),
    # held out, written on 2026-12-04 (seventeenth session) by a helper who saw nothing of the project, committed
    # before any run (c8fdb38), first measured then (names 0.9067, all 0.9298, look-alikes 3.83%; the same at the
    # session's start, 03232fd); sets 22, 23 and 25 lowered after things named by a container, "enjoys" or
    # "favourite film" (2026-12-04)
    ("identifiers_heldout_25.jsonl", True, 0.917, 0.939, 0.024),
    # held out, written on 2026-12-04 (nineteenth session) by a helper who saw nothing of the project, after that
    # session's changes (none to what the detector finds), committed before any run (c6629a1), first measured then
    # (names 0.9335, all 0.9365, look-alikes 2.61%; rules alone 0.694, 0.745, 1.09%)
    ("identifiers_heldout_26.jsonl", True, 0.946, 0.949, 0.017),
    # development set of look-alikes that read as names (characters, toys, brands written as possessives, games,
    # storms, roles written as the person), written on 2026-12-05 (twentieth session) by a helper who saw nothing
    # of the project; first measured at 905d1f4 (names 0.9699, all 0.9638, look-alikes 20.25%); look-alikes
    # lowered in the same session after toys, pretending, drinks, goods and pets' titles (to 13.2%); look-alikes on
    # sets 12, 13, 20, 22 and 23 lowered after a possessive before a drink (2026-12-05)
    ("identifiers_dev_27.jsonl", True, 0.978, 0.971, 0.054),
    # held out, written on 2026-12-05 (twenty-first session) by a helper who saw nothing of the project, after the
    # twentieth session's rules, committed before any run (512cbf7), first measured then (names 0.9097, all 0.9247,
    # look-alikes 3.75%; rules alone 0.6375, 0.7107, 1.43%)
    ("identifiers_heldout_28.jsonl", True, 0.919, 0.932, 0.023),
    # held out, written on 2026-12-05 (twenty-second session) by a helper who saw nothing of the project, after that
    # session's rules, committed before any run (47e6c20), first measured then (names 0.9391, all 0.9471,
    # look-alikes 4.32%; rules alone 0.650, 0.716, 1.3%; the detector at the session's start, 005a4da: 0.938, 0.946,
    # 5.1%)
    ("identifiers_heldout_29.jsonl", True, 0.944, 0.952, 0.038),
    # held out, written on 2026-12-05 (twenty-third session) by a helper who saw nothing of the project, after that
    # session's speed changes (none to what the detector finds), committed before any run (6030c2e), first measured
    # then (names 0.8929, all 0.9100, look-alikes 3.89%; rules alone 0.584, 0.651, 0.4%; the detector at the
    # session's start, 06a2967, the same)
    ("identifiers_heldout_30.jsonl", True, 0.897, 0.913, 0.039),
    # development set of look-alikes that read as names (brands, characters, pets, storms, charities, places, with
    # people who share their names), written on 2026-12-05 (twenty-fourth session) by a helper who saw nothing of
    # the project; first measured at e0824fa (names 0.9647, all 0.9587, look-alikes 11.08%)
    ("identifiers_dev_31.jsonl", True, 0.971, 0.968, 0.086),
    # held out, written on 2026-12-05 (twenty-fourth session) by a helper who saw nothing of the project, while the
    # session's first rules (a named storm, a colour after an article, ed40f23) were being made; committed before
    # any run (e945b54), first measured then (names 0.9040, all 0.9101, look-alikes 3.03%; rules alone 0.666,
    # 0.690, 0.9%; the detector at the session's start, 44a059b: 0.9040, 0.9101, 3.23%)
    ("identifiers_heldout_32.jsonl", True, 0.910, 0.916, 0.024),
    # development set of case notes in the held-out sets' style (mid-sentence names, the families councils work
    # with, rushed lower-case notes), written on 2026-12-05 (twenty-fifth session) by a helper who saw nothing of
    # the project; first measured at the session's start, 295086a (names 0.898, all 0.914, look-alikes 2.47%)
    ("identifiers_dev_33.jsonl", True, 0.927, 0.940, 0.018),
    # held out, written on 2026-12-05 (twenty-fifth session) by a helper who saw nothing of the project, from the
    # same prompt as set 33 and apart from it, committed before any run (fe3bb4d), first measured with the detector
    # at the session's start, 295086a (names 0.8904, all 0.9122, look-alikes 2.37%)
    ("identifiers_heldout_34.jsonl", True, 0.913, 0.930, 0.020),
    # development set in the same style with more Welsh, Scots and Northern English dialect, typing slips and
    # messages copied in, written on 2026-12-05 (twenty-fifth session) by a helper who saw nothing of the project;
    # first measured with the detector at the session's start, 295086a (names 0.888, all 0.904, look-alikes 3.33%)
    ("identifiers_dev_35.jsonl", True, 0.902, 0.920, 0.031),
    # held out, written on 2026-12-05 (twenty-fifth session) by a helper who saw nothing of the project, from the
    # prompt of sets 33-35, after the session's last change to what the detector finds; committed before any run
    # (a168bd0), first measured then (names 0.8889, all 0.9032, look-alikes 2.54%; rules alone 0.571, 0.617, 0.8%;
    # the detector at the session's start, 295086a: 0.880, 0.894, 3.5%)
    ("identifiers_heldout_36.jsonl", True, 0.888, 0.903, 0.026),
    # development set 37 and held-out sets 38 and 39, written on 2026-12-05 (twenty-sixth session) from the prompt of
    # sets 33-36 by helpers who saw nothing of the project, committed before any run (13ab2c9, e2ca5ca); first
    # measured with the detector as it was at the session's start, which ASSISTANT_NAME_MODEL=pinned keeps unchanged
    # (findings identical on every set). Set 37 is the development set the trained recogniser was not trained on; set
    # 38 gated that session's changes; set 39 was measured once for the first trained recogniser, by slip, and then
    # once after the session's last change (names 0.9037, all 0.9189, look-alikes 1.88%)
    ("identifiers_dev_37.jsonl", True, 0.904, 0.910, 0.029),
    ("identifiers_heldout_38.jsonl", True, 0.908, 0.916, 0.018),
    ("identifiers_heldout_39.jsonl", True, 0.903, 0.918, 0.019),
    # held out, written on 2026-12-05 (twenty-sixth session) after that session's last change to what the detector
    # finds, from the same prompt with a valid NI prefix as its example; committed before any run and measured once,
    # with each recogniser (names 0.9083, all 0.9262, look-alikes 2.0%; trained below)
    ("identifiers_heldout_40.jsonl", True, 0.908, 0.926, 0.020),
    # held out, written on 2026-12-05 (twenty-seventh session) at the session's start from set 40's prompt by helpers
    # who saw nothing of the project, committed before any run (a3a63d2); first measured with the detector as the
    # session found it, which ASSISTANT_NAME_MODEL=pinned keeps unchanged (names 0.8860, 0.9157, 0.9405; all 0.9086,
    # 0.9326, 0.9490; look-alikes 1.76%, 1.53%, 2.53%)
    ("identifiers_heldout_41.jsonl", True, 0.885, 0.908, 0.018),
    ("identifiers_heldout_42.jsonl", True, 0.915, 0.932, 0.016),
    ("identifiers_heldout_43.jsonl", True, 0.940, 0.949, 0.026),
    # held out, written on 2026-12-05 (twenty-eighth session) at the session's start from set 43's prompt by helpers
    # who saw nothing of the project, committed before any run (9a46508), and measured once with each recogniser,
    # after the session's only change to the detector's code, which changed no finding (names 0.9063, 0.9265,
    # 0.9046; all 0.9243, 0.9403, 0.9222; look-alikes 2.82%, 1.74%, 2.49%)
    ("identifiers_heldout_44.jsonl", True, 0.906, 0.924, 0.029),
    ("identifiers_heldout_45.jsonl", True, 0.926, 0.940, 0.018),
    ("identifiers_heldout_46.jsonl", True, 0.904, 0.922, 0.025),
    # (twenty-fifth session, 2026-12-05: names and all identifiers raised on sets 3, 8, 9, 11, 15, 17, 18, 19, 20,
    # 21, 25, 26, 28, 29, 30, 32 and 34 (held out) and 4, 5, 6, 31, 33 and 35, look-alike ceilings lowered on sets
    # 15, 26, 28, 29, 32 and 34, after aged lists found whole, a school year or a qualified date of birth in brackets,
    # "children" before a list, a word saying which role, titled surnames, pronouns listed with a name, lower-case
    # names beside a family word in brackets or before what people do, terms beside a service or order word, Welsh
    # institutions, streets ending in Approach, Mount, Gate..., and titles inside a role's match)
    # (twenty-fourth session, 2026-12-05: look-alike ceilings on sets 3, 8, 19, 20, 25, 28, 29 and 32 (held out) and
    # 24, 27 and 31 lowered after named storms, a colour after an article, pets' asides, princesses and queens
    # played, and Traveller and Gypsy never names (8, 9, 11, 28 and 32); names and all identifiers raised on sets 9,
    # 17, 22, 26, 29 and 32 (held out) and 24, 27 and 31 after an age between commas, children listed each with an
    # age, and more roles before a name)
    # (names and all identifiers raised on sets 7, 11, 15, 16, 19, 22, 23, 25, 26 and 30 (held out) and 4 and 24 on
    # 2026-12-05, twenty-third session, after a sentence-opening given name that is no English word was taken
    # without the tagger; look-alikes on set 11 (held out) and 13 lowered after UK places of 5,000 people or more;
    # names on set 21 (held out) raised after whose relative a name is, "Will, their older brother")
    # (look-alike ceilings on sets 3, 21, 25 and 28 (held out) and 14, 24 and 27 lowered on 2026-12-05 after
    # characters in the sentence naming their story, bb449c0, and given names in English phrases, fd0e67f; sets
    # 8, 17, 26 and 28 (held out) and 12, 13, 24 and 27 after brands written as a possessive, ea1aca9; set 11
    # (held out) and 4, 5, 14, 24 and 27 after more English phrases and football clubs supported, 3ba86f7; sets
    # 20, 21 and 26 (held out) and 12, 13, 24 and 27 after characters, games and brands written like people, 273fc53;
    # sets 16 and 28 (held out) on 2026-12-05 after more family words in other languages, df25dbc; set 27 after
    # "Baba", 70287ff; sets 21 and 28 (held out) and 13 and 27 after characters' names no one is given, 6b7157b;
    # names and all identifiers on set 28 raised after the longest family word before a lower-case name; look-alikes
    # on set 29 (held out) and 5, 12 and 24 after the project's own list of UK medicines and products, 842390e; sets
    # 24 and 27 after voice assistants written as the device)
    # (look-alike ceilings on sets 5, 6, 7, 8, 9, 12, 13, 15, 18, 19, 20, 21, 22 and 24 lowered on 2026-12-04 after
    # brands, case-recording systems, services and Welsh words that are never names, and costumes' characters,
    # 99d88f0; sets 17, 18, 19, 23 and 25 again after roles kept out of names, 0a74c5c; sets 8, 9, 13, 15, 18, 21,
    # 22 and 25 after policy words kept out of names, e99adbf; names on sets 4, 5, 6, 8, 9, 11, 12, 13, 14, 16, 18,
    # 19, 21, 22, 23 and 25 raised after every use of a name found that is no English word, 6126826; look-alikes on
    # sets 8 and 21 after roles in a list of roles, 8cd7f4b)
])
def test_detector_on_the_held_out_notes_does_not_regress(name, model, names, overall, altered):
    """Regression guards at the figures measured, not targets, never loosened. How each set was used: set 1 was
    read while the rules were written and set 2 after them, and both while the name model's stop lists, the
    given-names rules and the lower-case rule were developed, and set 4 (tests/identifiers_dev_4.jsonl, written
    on 2026-12-02 by someone who had seen neither the rules, the model nor the other sets) while the list, place
    and season rules were, so their figures are development figures. Set 5 (rich in look-alikes) was written
    for developing the English-word rule; set 6 was written as held out, but its first measurement showed the
    rule losing one name, which was then fixed on it (the spaced-dash cut), so it is a development set too. Set 3 (tests/identifiers_heldout_3.jsonl)
    was written by someone who had seen neither the rules nor the model; its snippets were never read, and its
    totals were measured only for changes already chosen on the development sets, each shipped only if it lost
    nothing there (decision 0016): it is the held-out figure, with set 7 (tests/identifiers_heldout_7.jsonl) and
    set 8 (tests/identifiers_heldout_8.jsonl), set 9, set 11, sets 15, 16, 17, 18, 19, 20, 21, 22, 23, 25, 26, 28
    and 29 (tests/identifiers_heldout_9.jsonl, _11.jsonl, _15.jsonl, _16.jsonl, _17.jsonl, _18.jsonl, _19.jsonl,
    _20.jsonl, _21.jsonl, _22.jsonl, _23.jsonl, _25.jsonl, _26.jsonl, _28.jsonl, _29.jsonl),
    written the same way; their totals (never their snippets) were
    measured for changes already chosen on the development sets, and a change that lost a name on one of them
    was withdrawn, not fixed on it. Sets 10, 12, 13, 14 and 24 were written for development (dates of birth
    and addresses; look-alikes; look-alikes across the UK; names that are also ordinary words; look-alikes beside
    names), and set 27 (look-alikes that read as names, 2026-12-05). The prompt set 25 was written to named a few look-alikes as examples ("Grace period", "Frank
    discussion", "Dawn visit", "Amber flag"), as set 24's did: no rule is written for those phrases. The prompt for
    set 29 named examples too, some of which rules already handled when it was written ("Hope this helps", "a Frank
    discussion", "Will ring", "Stitch", "Shrek", "Baba", "Hooyo", "Nain") and some a later rule of that session
    handles ("Alexa" as the device, chosen on sets 24 and 27), and asked for many look-alikes of the "other" kind (318
    of its 926). The prompt for set 30 named kinds of look-alike and no examples of them, save three roles ("the
    allocated social worker", "IRO", "Designated Safeguarding Lead") and, in its labelling rules, "Poppy the cat".
    Sets 33 and 35 (2026-12-05, twenty-fifth session) are development sets written from the same prompt as held-out
    set 34, which named example names that are words and kinds of look-alike (brands, apps, characters, pets, places,
    roles, policy terms) and "Greggs", "Fortnite", "Bluey", "Calpol", "the dog Bella" in its labelling rules. One
    slip, said
    plainly: on 2026-12-03 (thirteenth session) a search for "Ward" across every set printed about 40 short
    excerpts holding that word from the held-out sets too; the rule being measured had been chosen before. A
    second, on 2026-12-04 (fourteenth session): a look at the file format printed the first two snippets of set 19,
    after that session's last rule change; nothing was changed after it. A third, on 2026-12-04 (fifteenth
    session): the whole US baby-names list was measured on the held-out sets a third time although decision 0016
    recorded that it would not be retried (withdrawn again); its lower-case-only form was then chosen on the
    development sets and shipped, and confirmed on set 22, written afterwards and used for nothing else. On
    2026-12-04 (sixteenth session) its capitalised use, narrowed on the development sets, was measured once on every
    held-out set and on set 23, written for it before the run, and withdrawn by its shipping rule (one look-alike
    more on set 15). A fourth slip, on 2026-12-04 (nineteenth session): a look at the file format printed the first
    two snippets of set 25, after that session's last change to what the detector finds (it made none); nothing
    was chosen after it."""
    items = load_jsonl(ROOT / "tests" / name)
    found: dict[str, list] = {}

    def run(text: str) -> list:
        found[text] = detect(text, model=model, address_town=False)
        return found[text]

    result = score(items, run)
    assert result["recall"]["name"] >= names and result["overall_recall"] >= overall, result["recall"]
    assert result["overall_fp_rate"] <= altered, result["fp_rate"]
    if model:
        unlabelled = [f.text for item in items for f in found[item.text]
                      if not any(f.start < e and f.end > s for _, s, e in item.identifiers + item.lookalikes)]
        assert len(unlabelled) <= UNLABELLED[name], unlabelled


TRAINED = {
    "identifiers_heldout.jsonl": (1.0, 1.0, 0.005, 2),
    "identifiers_heldout_2.jsonl": (0.99, 0.994, 0.005, 0),
    "identifiers_heldout_3.jsonl": (0.974, 0.967, 0.023, 0),
    "identifiers_dev_4.jsonl": (0.976, 0.969, 0.009, 0),
    "identifiers_dev_5.jsonl": (0.993, 0.967, 0.008, 0),
    "identifiers_dev_6.jsonl": (0.972, 0.944, 0.007, 1),
    "identifiers_heldout_7.jsonl": (0.986, 0.959, 0.011, 2),
    "identifiers_heldout_8.jsonl": (0.987, 0.987, 0.021, 1),
    "identifiers_heldout_9.jsonl": (0.97, 0.964, 0.012, 5),
    "identifiers_dev_10.jsonl": (1.0, 0.972, 0.0, 0),
    "identifiers_heldout_11.jsonl": (0.966, 0.971, 0.017, 7),
    "identifiers_dev_12.jsonl": (0.996, 0.997, 0.006, 0),
    "identifiers_dev_13.jsonl": (0.997, 0.992, 0.007, 1),
    "identifiers_dev_14.jsonl": (0.984, 0.977, 0.003, 0),
    "identifiers_heldout_15.jsonl": (0.976, 0.979, 0.015, 4),
    "identifiers_heldout_16.jsonl": (0.974, 0.968, 0.018, 3),
    "identifiers_heldout_17.jsonl": (0.972, 0.973, 0.01, 1),
    "identifiers_heldout_18.jsonl": (0.977, 0.973, 0.009, 5),
    "identifiers_heldout_19.jsonl": (0.98, 0.978, 0.012, 2),
    "identifiers_heldout_20.jsonl": (0.949, 0.88, 0.029, 3),
    "identifiers_heldout_21.jsonl": (0.975, 0.97, 0.021, 7),
    "identifiers_heldout_22.jsonl": (0.965, 0.967, 0.012, 4),
    "identifiers_heldout_23.jsonl": (0.985, 0.989, 0.012, 1),
    "identifiers_dev_24.jsonl": (0.969, 0.975, 0.014, 0),
    "identifiers_heldout_25.jsonl": (0.949, 0.962, 0.025, 0),
    "identifiers_heldout_26.jsonl": (0.969, 0.967, 0.012, 5),
    "identifiers_dev_27.jsonl": (0.994, 0.985, 0.046, 0),
    "identifiers_heldout_28.jsonl": (0.969, 0.971, 0.017, 1),
    "identifiers_heldout_29.jsonl": (0.976, 0.978, 0.035, 1),
    "identifiers_heldout_30.jsonl": (0.935, 0.944, 0.039, 2),
    "identifiers_dev_31.jsonl": (0.986, 0.982, 0.064, 1),
    "identifiers_heldout_32.jsonl": (0.956, 0.958, 0.023, 2),
    "identifiers_dev_33.jsonl": (0.983, 0.985, 0.004, 0),
    "identifiers_heldout_34.jsonl": (0.954, 0.962, 0.011, 0),
    "identifiers_dev_35.jsonl": (0.96, 0.967, 0.022, 4),
    "identifiers_heldout_36.jsonl": (0.954, 0.96, 0.021, 1),
    "identifiers_dev_37.jsonl": (0.956, 0.951, 0.020, 1),
    "identifiers_heldout_38.jsonl": (0.956, 0.956, 0.016, 1),
    "identifiers_heldout_39.jsonl": (0.969, 0.971, 0.017, 1),
    "identifiers_heldout_40.jsonl": (0.963, 0.97, 0.017, 2),
    "identifiers_heldout_41.jsonl": (0.941, 0.952, 0.014, 1),
    "identifiers_heldout_42.jsonl": (0.962, 0.970, 0.013, 3),
    "identifiers_heldout_43.jsonl": (0.969, 0.971, 0.024, 2),
    "identifiers_heldout_44.jsonl": (0.973, 0.978, 0.024, 2),
    "identifiers_heldout_45.jsonl": (0.974, 0.979, 0.020, 3),
    "identifiers_heldout_46.jsonl": (0.963, 0.969, 0.019, 2),
}
"""With ``ASSISTANT_NAME_MODEL=trained`` (the recogniser trained on the development sets' notes, docs/privacy.md): names,
all identifiers (at least), look-alikes altered and findings overlapping no label (at most), per set, first measured
on 2026-12-05 (twenty-sixth session) after that session's last change, never loosened. The recogniser learnt the
development sets (sets 1, 2, 4-6, 10, 12-14, 24, 27, 31, 33 and 35; training.json): their figures say only that it
still knows them. Set 37 is the development set it did not learn; the held-out sets were never read in training.
Beside the pinned recogniser (the guards above), it finds 479 more identifiers on the 23 held-out sets then measured
and alters 54 fewer look-alikes, and makes 6 more findings overlapping no label; on 10 of those sets a look-alike
or such a finding more, which is why it is the council's choice and not the default. Look-alike ceilings on sets
30, 34, 37, 38, 39 and 40 lowered in the twenty-seventh session (2026-12-05) after cities abroad after "to" or "via"
(chosen out of fold on the development sets); sets 41, 42 and 43 first measured then, after it; sets 44, 45 and 46
first measured in the twenty-eighth session (2026-12-05), written for it."""


def test_the_trained_recogniser_on_every_set_does_not_regress(monkeypatch):
    monkeypatch.setenv("ASSISTANT_NAME_MODEL", "trained")
    for name, (names, overall, altered, most) in TRAINED.items():
        items = load_jsonl(ROOT / "tests" / name)
        found = {item.text: detect(item.text, address_town=False) for item in items}
        result = score(items, found.__getitem__)
        assert result["recall"]["name"] >= names and result["overall_recall"] >= overall, (name, result["recall"])
        assert result["overall_fp_rate"] <= altered, (name, result["fp_rate"])
        unlabelled = [f.text for item in items for f in found[item.text]
                      if not any(f.start < e and f.end > s for _, s, e in item.identifiers + item.lookalikes)]
        assert len(unlabelled) <= most, (name, unlabelled)


@pytest.mark.parametrize("text, name", [
    ("4 children under 5. Sumaiya NHS 7485143689 missed her jabs.", "Sumaiya"),
    ("Health assessment: Maisie-Jo NHS 617 257 7123, LAC review next.", "Maisie-Jo"),
    ("Care leaver Jodie-Leigh NI CE632810A, phone off.", "Jodie-Leigh"),
    ("Rumana Khatun b. 30/06/2011 - Section 47 opened.", "Rumana Khatun"),
    ("aisha (DOB 03/05/2011) missing from home.", "aisha"),
    ("Alfie-Ray Hartley: DOB 09/09/2019. Nursery concern raised.", "Alfie-Ray Hartley"),
    ("Referral for Kayden Moss, dob 01/02/2016, from school.", "Kayden Moss"),
    ("Present: mum, HV, FSW. Jax Cope dob 4/10/22 has gained weight.", "Jax Cope"),  # a surname that is a word
    ("Tanisha Campbell d.o.b 03.05.18 and her brother.", "Tanisha Campbell"),  # not "Campbell" alone
    ("DOB May 3rd 2015 (Macy Lord) - teacher reports hunger.", "Macy Lord"),  # in brackets after it
])
def test_the_words_before_a_persons_number_or_birth_date_name_them(text, name):
    assert name in [t for k, t in kinds(text) if k == "name"]


def test_a_name_beside_an_identifier_is_taken_whole_not_as_the_part_found_first():
    names = [t for k, t in kinds("Legal meeting. Tanisha Campbell d.o.b 03.05.18 and Marley Campbell d.o.b 01.02.20.")
             if k == "name"]
    assert names == ["Tanisha Campbell", "Marley Campbell"]


@pytest.mark.parametrize(("text", "names"), [
    ("Chronology: 02/05/2023 - Oliwia Kowalczyk moved to Peterborough.", ["Oliwia Kowalczyk"]),
    ("Staying Put ended when Demi turned 21.", ["Demi"]),  # "Staying" is a verb, "Put" no name
    ("Collect Jordan from school at 3.", ["Jordan"]),
])
def test_a_name_opening_a_sentence_is_taken_whole_when_its_first_word_is_no_english_word(text, names):
    assert [t for k, t in kinds(text) if k == "name"] == names


@pytest.mark.parametrize("text", ["Updated Records DOB 12/03/2016.", "DOB 12/03/2016 (Year 4) confirmed.",
                                  "DOB 12/03/2016 (Child Protection) noted.", "NHS 943 476 5919 (Health Visitor)."])
def test_words_beside_an_identifier_that_name_no_one_whole(text):
    assert [t for k, t in kinds(text) if k == "name"] == []


def test_a_name_before_an_old_date_may_be_on_the_baby_names_list():
    assert kinds("Re: Reggie Fairbrother 7/7/2010 - Police ref NW-0712-24.") == [
        ("name", "Reggie Fairbrother"), ("date_of_birth", "7/7/2010")]


@pytest.mark.parametrize("text", ["Mum DOB 12/03/1990, Dad DOB 01/02/1988.", "Child DOB 12/03/2016.",
                                  "Correct DOB 12/03/2016 now on file.", "Her NHS 943 476 5919 is on file.",
                                  "Sertraline DOB 12/03/2016 checked.", "Mum, DOB 12/03/1990.",
                                  "Correct: DOB 12/03/2016 now on file."])
def test_words_before_an_identifier_that_name_no_one(text):
    assert [t for k, t in kinds(text) if k == "name"] == []


def test_the_words_before_an_identifier_need_the_name_model():
    assert kinds("Sumaiya NHS 7485143689 missed.", model=False) == [("nhs_number", "7485143689")]


@pytest.mark.parametrize("text, name", [("School have her as Paris-Mai on the roll.", "Paris-Mai"),
                                        ("Nursery said that Ellie-Mai was hungry.", "Ellie-Mai")])
def test_double_barrelled_given_names(text, name):
    assert name in [t for k, t in kinds(text) if k == "name"]


def test_hyphenated_places_and_agencies_are_not_double_barrelled_names():
    assert kinds("Went to Stoke-on-Trent and Ashton-under-Lyne with Home-Start.") == []


@pytest.mark.parametrize("text, name", [("jade txt at 8.14am, lola has D&V.", "lola"),
                                        ("kai-jaxon upset at the start of contact.", "kai-jaxon"),
                                        ("Contact at 2pm, liam late again.", "liam")])
def test_lower_case_given_names_that_are_no_english_word(text, name):
    assert name in [t for k, t in kinds(text) if k == "name"]
    assert name not in name_texts(text, model=False)  # the list comes with the model


@pytest.mark.parametrize("text, name", [("rushed note - lily-rose missing since last night.", "lily-rose"),
                                        ("tyler-jay ran when he saw me.", "tyler-jay"),
                                        ("mum cant cope with ellie-mae's behaviour.", "ellie-mae")])
def test_a_lower_case_double_barrelled_name_of_two_given_names_that_are_english_words(text, name):
    assert [t for k, t in kinds(text) if k == "name"] == [name]


@pytest.mark.parametrize("text", ["quiet from may-june, then worse.", "rose-gold phone and honey-bee stickers.",
                                  "a follow-up with the x-ray team."])
def test_lower_case_hyphenated_words_that_are_not_two_given_names_are_left(text):
    assert kinds(text) == []


@pytest.mark.parametrize(("text", "names"), [
    ("nan says she was at tyler's til 2am, pcso aware", ["tyler"]),
    ("mum says kayden stayed at jordan's last nite.", ["kayden", "jordan"]),
    ("kids at nan's tonight, then lunch at nando's", []),  # a family word, a shop
])
def test_a_lower_case_name_whose_home_someone_is_at(text, names):
    assert [t for k, t in kinds(text) if k == "name"] == names


@pytest.mark.parametrize(("text", "names"), [
    ('Kenzo ("KJ") is known to Operation Makesafe. KJ is named in police reports.', ["Kenzo", "KJ", "KJ"]),
    ("Temitope ('Temi') and Ayomide were seen at the library.", ["Temitope", "Temi"]),
    ('Visited Sunil Patel, known to everyone as "Sunny", at the youth centre.', ["Sunil Patel", "Sunny"]),
    ("Tobi told me 'everyone calls me Big T'. Big T is the name in the messages.", ["Tobi", "Big T", "Big T"]),
])
def test_a_nickname_in_quotes_is_a_name_wherever_the_note_writes_it(text, names):
    assert [t for k, t in kinds(text) if k == "name"] == names


@pytest.mark.parametrize("text", ["dad rose early and will call", "is there anyone else who would know?",
                                  "she was sayin it was fine, goin out later", "jade earrings were found",
                                  "the family told us they moved"])
def test_lower_case_words_that_are_also_names_are_left(text):
    assert kinds(text) == []


@pytest.mark.parametrize("text, names", [
    ("The Dr said the bruise was accidental.", []),       # the title is the person; "said" is what they did
    ("Miss said he was late again.", []),                 # a teacher, as children call her
    ("Imam raised concerns about bruising.", []),
    ("Dr will see him on Tuesday.", []),
    ("Spoke to mr singh and mrs smith.", ["singh", "smith"]),  # a surname after a title, in lower case
    ("mr hunt said no", ["hunt"]),
])
def test_a_verb_after_a_title_is_not_a_lower_case_surname(text, names):
    assert [t for k, t in kinds(text) if k == "name"] == names


@pytest.mark.parametrize("text, names", [
    ("Lukas 13 was left in charge of Gabija 5 and Emilija 2 overnight.", ["Lukas", "Gabija", "Emilija"]),
    ("Her children Exaucé 10, Divine 7 and Merveille 3 have NRPF.", ["Exaucé", "Divine", "Merveille"]),
    ("Moved from Room 4 and Room 5 on Monday.", []),  # things numbered
    ("Year 9 and Year 11 groups went on the trip.", []),
    ("Dates offered: May 5 and June 3.", []),
])
def test_children_listed_each_with_an_age_are_names_without_one_found_first(text, names):
    assert name_texts(text) == names


@pytest.mark.parametrize("text, names", [
    ("Macy-Jo (Y2) told Miss Lamb at school.", ["Macy-Jo", "Lamb"]),
    ("River (Year 4) came in wearing the same uniform.", ["River"]),
    ("Filmon (claimed DOB 15/03/2009) told his foster carer.", ["Filmon"]),
    ("Maths (Year 9) set 2.", []),                        # a school subject
])
def test_a_name_before_a_school_year_or_a_qualified_date_of_birth_in_brackets(text, names):
    assert name_texts(text) == names


@pytest.mark.parametrize("text, names", [
    ("Partner Natasha Kaye; children Jayce and Myla.", ["Natasha Kaye", "Jayce", "Myla"]),
    ("Children: Jayce and Myla.", ["Jayce", "Myla"]),
    ("Referred to children Social Care.", []),            # no list after it
    ("Gave the children Calpol and Nurofen.", []),         # medicines, not names
])
def test_names_listed_straight_after_children(text, names):
    assert name_texts(text) == names


@pytest.mark.parametrize("text, names", [
    ("Xiaoyu told Form Tutor Mr Greenwood she is always tired.", ["Xiaoyu", "Greenwood"]),
    ("Nsimba told Teaching Assistant Kelly that she was scared.", ["Nsimba", "Kelly"]),
    ("Spoke to Asthma nurse Jo about the inhaler.", ["Jo"]),
    ("Oluwaseun's carer sent photos.", ["Oluwaseun"]),    # a person's carer, not a kind of carer
    ("Hearing at Leeds Family Court before DJ Hollins.", ["Hollins"]),  # a district judge
])
def test_a_word_saying_which_role_is_not_a_name(text, names):
    assert name_texts(text) == names


@pytest.mark.parametrize("text, names", [
    ("Me and Alfie play Fortnite on the Xbox.", ["Alfie"]),
    ("Him and Tyler were fighting at the bus stop.", ["Tyler"]),
    ("Her and Kayla were seen in town.", ["Kayla"]),
    ("Mum and Dad were in.", []),
])
def test_a_pronoun_listed_with_a_name_is_no_name_and_the_name_stays(text, names):
    assert name_texts(text) == names


@pytest.mark.parametrize("text, names", [
    ("Caitlin's phone was seized by PC Ward.", ["Caitlin", "Ward"]),  # "Ward" is a hospital ward on its own
    ("Mrs Ward is the kinship carer.", ["Ward"]),
    ("Mr Young rang about the rent.", ["Young"]),
    ("Taken to the ward by the nurse.", []),
    ("Mr Tumble on CBeebies is all he will watch.", []),  # no surname: a character
    ("Dr Who on the telly.", []),
])
def test_a_never_name_word_that_is_a_surname_after_a_title_is_a_name(text, names):
    assert name_texts(text) == names


@pytest.mark.parametrize("text, names", [
    ("twins dropped at school by bill (grandad) again.", ["bill"]),
    ("grace (neighbour) says they went to asda.", ["grace"]),
    ("02/09 not in school, mam (llinos) says hes ill.", ["llinos"]),  # on no list, and no English word
    ("mum (pregnant) not home, dad (deceased).", []),    # English words in the brackets
    ("the baby (mum) was asleep.", []),
])
def test_a_lower_case_name_beside_a_family_word_in_brackets(text, names):
    assert name_texts(text) == names


@pytest.mark.parametrize("text, names", [
    ("Rhys ap Gwilym (DOB 31/10/2007) is working on a farm.", ["Rhys ap Gwilym"]),
    ("IDVA Salma from Staying Put is supporting her.", ["Salma"]),
    ("Temple priest Ganesh was told.", ["Ganesh"]),
])
def test_welsh_patronymics_and_more_roles_before_a_name(text, names):
    assert name_texts(text) == names


@pytest.mark.parametrize("text, names", [
    ("Care Order and Placement Order sought.", []),
    ("PLO pre-proceedings ended; Legal Gateway not needed.", []),
    ("Landlady Pat told the FSW that Sean is barred.", ["Pat", "Sean"]),  # a role says a person follows
    ("Nan takes Cai to Ysgol y Deri every morning.", ["Cai"]),  # Welsh names the school first
    ("He is ex Army and works nights.", []),
    ("Dean had not stayed. Kitchen had 2 bags of rubbish, fridge empty.", ["Dean"]),  # a thing opening a sentence
    ("Rang school. Ocean was not in. Ocean said she was ill.", ["Ocean", "Ocean"]),  # named twice: a child
])
def test_terms_schools_and_services_are_not_people(text, names):
    assert model_name_texts(text) == names


@pytest.mark.parametrize("text, names", [
    ("Her ex Dawit Girma found the address.", ["Dawit Girma"]),
    ("Caller says mum's fella 'Dazza' deals from the house.", ["Dazza"]),
    ("Placed in Wakefield with Mrs June Ackroyd.", ["June Ackroyd"]),  # a month as a given name after a title
])
def test_names_after_ex_fella_and_a_title(text, names):
    assert name_texts(text) == names


@pytest.mark.parametrize("text, names", [
    ("hv - brooke said hunter gone to his dads.", ["brooke"]),
    ("bill says crystal got it off a mate.", ["bill"]),    # what only people do: any given name
    ("kenzie refused to go to school.", ["kenzie"]),      # no English word: what things do too
    ("school uniform grant refused by the council.", []),  # an English word before what things do
    ("hope is that he settles.", []),
    ("nan said no. staff said yes. police said they would call.", []),
])
def test_a_lower_case_name_before_what_people_do(text, names):
    assert model_name_texts(text) == names


@pytest.mark.parametrize("text, names", [
    ("ask Tash next door. The Social Worker Dionne is a liar.", ["Tash", "Dionne"]),  # a role after "The"
    ("We met at the Rose and Crown on Friday.", []),
    ("We met at the Fox and Hounds on Friday.", []),
    # a role after "the", and a person listed after it: no inn is named so
    ("Emailed the SW and Jordan.", ["Jordan"]),
    ("Copied to the Chair and Kerry Walsh.", ["Kerry Walsh"]),
    ("It was shared with the IRO & Tyler's mum.", ["Tyler"]),
])
def test_a_name_after_the_and_a_role_is_a_person(text, names):
    assert name_texts(text) == names


@pytest.mark.parametrize("text, names", [
    ("Faith told Learning Mentor Mr Bishop he is scared.", ["Faith", "Bishop"]),  # a title inside a role's match
    ("Children Leart 7 and Ema 4 present.", ["Leart", "Ema"]),                  # one of a list found already
    ("We met the family. Funmilayo acknowledged using a belt.", ["Funmilayo"]),
    ("Jaspreet whispered please come.", ["Jaspreet"]),
    ("Spoke to Manon Parry, Pennaeth, about it.", ["Manon Parry"]),  # a role listed after a name is no name
])
def test_names_after_a_title_inside_a_match_in_aged_lists_and_before_what_people_do(text, names):
    assert name_texts(text) == names


@pytest.mark.parametrize("text, found", [
    ("mum at her mams. STuart says he cannae get there.", [("name", "STuart")]),  # the note's own text
    ("ALfie-Ray had x3 breakfasts at school.", [("name", "ALfie-Ray")]),
    ("CAlled at 8 Peel STreet today.", [("address", "8 Peel STreet")]),
    ("All GPs and SWs informed.", []),                   # plural abbreviations are not slips
    ('Msg: "Shwmae, Elgan will not get up."', [("name", "Elgan")]),  # a Welsh greeting
])
def test_words_typed_with_the_shift_key_held_are_read_as_meant(text, found):
    assert kinds(text) == found


@pytest.mark.parametrize("text, dates", [
    ("Household: Dawn Shepherd (mum, 02/08/1989), partner Frank (17/12/1985).", ["02/08/1989", "17/12/1985"]),
    ("Rozhin d.o.b 14-Feb-2016.", ["14-Feb-2016"]),
    ("Twins, DOB both 18/05/2015.", ["18/05/2015"]),
    ("Contact on 14-Feb-2025 at the centre.", []),  # a date, not a birth
])
def test_dates_of_birth_beside_who_someone_is_and_written_with_a_month(text, dates):
    assert [t for k, t in kinds(text) if k == "date_of_birth"] == dates


@pytest.mark.parametrize("text, names", [
    ("saw mummy kelly at the school gate.", ["kelly"]),   # "mummy", not "mum" and a name "my"
    ("told mummy (kelly) it was fine.", ["kelly"]),
])
def test_a_lower_case_name_after_the_longest_family_word(text, names):
    assert [t for k, t in kinds(text) if k == "name"] == names


@pytest.mark.parametrize("text, redacted", [
    ("Jayden Smith's mum relapsed again", "[NAME]'s mum relapsed again"),
    ("I spoke to Amy Louise Smith today", "I spoke to [NAME] today"),
    ("When Jayden Smith's dad came", "When [NAME]'s dad came"),
    ("Stepdad Dean was there.", "Stepdad [NAME] was there."),
    ("Mr and Mrs Okafor won't engage", "Mr and Mrs [NAME] won't engage"),
])
def test_redaction_takes_every_part_of_a_name(text, redacted):
    assert redact(text)[0] == redacted


def test_a_text_labelled_twice_is_its_two_occurrences_and_one_inside_a_longer_label_is_that_labels(tmp_path):
    path = tmp_path / "notes.jsonl"
    path.write_text("\n".join(json.dumps(line) for line in [
        {"text": "Hope seen alone. Hope's room tidy.",
         "identifiers": [{"type": "name", "text": "Hope"}, {"type": "name", "text": "Hope"}]},
        {"text": "Star chart started. Star earned a sticker.", "identifiers": [{"type": "name", "text": "Star"}],
         "lookalikes": [{"category": "other", "text": "Star chart"}]},
    ]) + "\n", encoding="utf-8")
    first, second = load_jsonl(path)
    assert first.identifiers == [("name", 0, 4), ("name", 17, 21)]
    assert second.identifiers == [("name", 20, 24)] and second.lookalikes == [("other", 0, 10)]


def test_the_tagger_runs_only_for_a_given_name_nothing_else_has_taken(monkeypatch):
    """The tagger (about half the model's cost again) decides a sentence-opening or lower-case given name; a
    word already inside a rule's or the model's finding would be dropped anyway, so it is not tagged."""
    from assistant.privacy import names_model

    if names_model.problem():
        pytest.skip(names_model.problem())
    texts: list[str] = []
    real = names_model.tags_of_each
    monkeypatch.setattr(names_model, "tags_of_each", lambda batch: texts.extend(batch) or real(batch))
    taken = "Child: Hope Smith. Hope said she was happy at home."  # the rules find "Hope" opening a sentence
    assert name_texts(taken) == ["Hope Smith", "Hope"] and texts == []
    free = "Hope this helps. The visit went well."  # nothing else decides "Hope": tagged, and not a name
    assert name_texts(free) == [] and texts == [free]


@pytest.mark.parametrize("text,thing", [
    ("Paw Patrol duvet on the bed, room clean.", "Paw Patrol"),
    ("Mum had Jaffa Cakes and tea ready.", "Jaffa Cakes"),
    ("Speaks Romanian, some English.", "Speaks Romanian"),
])
def test_a_model_span_holding_an_english_word_and_no_listed_name_is_a_thing(text, thing):
    from assistant.privacy import names_model

    assert thing in [text[s:e] for s, e in names_model.persons(text) or []]  # the model takes it for a person
    assert kinds(text) == []


@pytest.mark.parametrize("text,names", [
    ("Foster carers Angela and Rob Marsh say Destiny is settled.", ["Angela", "Rob Marsh", "Destiny"]),
    ("Wang Fang, maternal grandmother, attended.", ["Wang Fang"]),
    ("Nan will have Isaac Wednesdays after school.", ["Isaac"]),
    ("ICO granted by HHJ Lambert today.", ["Lambert"]),
])
def test_names_beside_english_words_stay_names(text, names):
    assert name_texts(text) == names


def test_a_pet_named_without_his_or_her_is_not_a_person():
    assert kinds("dog Bella barking at the door, rabbit Thumper in the garden.") == []


@pytest.mark.parametrize("text,names", [
    ("Grandad Delroy brings his dog Tyson and the children love Tyson.", ["Delroy"]),
    ("Kenzo's dog Bella bit his sister Rosa on the arm. Bella has since been rehomed.", ["Kenzo", "Rosa"]),
    ("Their cat called Luna sleeps on Luna's bed; Poppy feeds Luna.", ["Poppy"]),
    ("Bella said the dog was shut in the kitchen; Bella is 7.", ["Bella", "Bella"]),
])
def test_a_pets_name_is_no_person_anywhere_in_the_note(text, names):
    assert name_texts(text) == names


def test_a_pet_named_before_what_it_is_is_no_person():
    assert name_texts("Rocky (the family's staffie) growls at visitors; mum Stacey keeps Rocky in.") == ["Stacey"]


def test_a_model_span_across_a_spaced_dash_is_judged_in_parts():
    from assistant.privacy.identifiers import _parts

    text = "Niamh rang from Alder Hey - Oisín admitted"
    start = text.index("Alder")
    assert [text[s:e] for s, e in _parts(text, start, text.index(" admitted"))] == ["Alder Hey", "Oisín"]
    assert [text[s:e] for s, e in _parts(text, 0, 5)] == ["Niamh"]


@pytest.mark.parametrize("text,names", [
    ("Contact moved to McDonald's in town because of the ice.", []),
    ("Barnardo's worker to do the return home interview.", []),
    ("Mr McDonald's car was outside all night.", ["McDonald"]),
    ("House cluttered, dog (Tyson) shut in kitchen.", []),
    ("Attendance RAG rated Amber this term.", []),
    ("Rang Barnardo's re the referral.", []),
    ("Tanvir (2) not weighed since Jan.", ["Tanvir"]),
    ("Not seen by the HV since June, says Kelly.", ["Kelly"]),
    ("Spoke to Jan about school.", ["Jan"]),
    ("Christmas Eve visit, Eve and her mum at home.", ["Eve"]),
    ("Roman (15) placed w/ Foster Carers in Leigh.", ["Roman"]),
    ("Noah has an inhaler, Asthma Nurse at Salford Royal.", ["Noah"]),
    ("Mrs Foster Nurse at the GP said Kelly was fine.", ["Foster", "Kelly"]),
    ("Letter sent to Mr D. Kowalski at home.", ["D. Kowalski"]),
    ("Social Worker Kelly Smith visited.", ["Kelly Smith"]),
    ("Lily (9): Sertraline 50mg started by CAMHS.", ["Lily"]),
])
def test_shops_pets_ratings_times_and_roles_are_not_people(text, names):
    assert name_texts(text) == names


@pytest.mark.parametrize("text,names", [
    ("Shanice brought KFC and a Barbie for Nevaeh.", ["Shanice", "Nevaeh"]),  # Shanice: a name opening a sentence before "brought"
    ("Grandad Eric was watching The Bill.", ["Eric"]),
    ("He has been on the Stella again, says Kelly.", ["Kelly"]),
    ("Mum said: my Kayden would never do that.", ["Kayden"]),  # a parent naming a child
    ("The Kowalskis have moved to Leeds.", ["Kowalskis"]),  # a family by its surname
    ("Spoke to the Jones family about school.", ["Jones"]),
])
def test_a_name_after_a_or_the_is_a_thing_unless_it_names_a_family(text, names):
    assert name_texts(text) == names


@pytest.mark.parametrize("text,names", [
    ("Carol Hill rang from Housing Options.", ["Carol Hill"]),
    ("Strategy discussion with Jo Green (Health) and myself.", ["Jo Green"]),
    ("Spoke to Rose Hill Primary about attendance.", []),
    ("Family use Grace Church foodbank every Saturday.", []),
    # "Ward" is also a stop word: the name is widened over it, not left as "[NAME] Ward" or dropped as a ward
    ("Visited Kathleen Ward and her children at the site.", ["Kathleen Ward"]),
    ("Mum (Sharon Ward) is happy with this.", ["Sharon Ward"]),
    ("CP chair Helen Ward. Review in May.", ["Helen Ward"]),
    ("Baby moved to Jubilee Ward at the Royal.", []),
    ("Seen on Ward 12 at the Royal.", []),
])
def test_a_given_name_with_a_surname_that_is_also_a_place_word_is_a_person(text, names):
    assert name_texts(text) == names


def _of(text: str, kind: str) -> list[str]:
    return [t for k, t in kinds(text) if k == kind]


@pytest.mark.parametrize("text, dates", [
    # labels written as records write them
    ("Hospital SW reports Elijah Stott d/o/b 21-08-2024 admitted PICU 02-11-2024.", ["21-08-2024"]),
    ("Jessica Ormerod - DOB (per GP) 15/11/2016; DOB (per school) 15/11/2015.", ["15/11/2016", "15/11/2015"]),
    ("her other child Lucas (b 04/06/2020) lives with maternal gm.", ["04/06/2020"]),
    ("School confirms Sami's DOB as 02/05/2014 (not 05/02/2014 as on the system).", ["02/05/2014", "05/02/2014"]),
    # a year, a month and a year, a birthday with no year
    ("Parents: Kelly Dunn (born 1994) & Jake Dunn (born 1992).", ["1994", "1992"]),
    ("Nan is SGO carer for Paige (born June 2013). SGO made June 2019.", ["June 2013"]),
    ("Kyron says his birthday is 14th February.", ["14th February"]),
    # a chronology's birth line
    ("12.03.2016 - Jordan Pike born at Airedale. 02.05.2016 - HV visit.", ["12.03.2016"]),
    # born at or in a named place, on a date
    ("Baby Orla, born at the Jessop Wing on 21/03/2024, is feeding well.", ["21/03/2024"]),
    ("Kacper was born in Poland on 3 May 2015.", ["3 May 2015"]),
    # beside a name, with no label
    ("Children present Kayden (01/06/2017) & Skye (13/03/2021). MARAC 21/01/2025.", ["01/06/2017", "13/03/2021"]),
    ("Darnell Price (03 May 15) and Jayden Price (22 Nov 18) seen together.", ["03 May 15", "22 Nov 18"]),
    ("Kids: Leo 04/04/2016, Maisie 30/10/2019, Bobby 11/02/2023. Review of placement 26/07/2025.",
     ["04/04/2016", "30/10/2019", "11/02/2023"]),
])
def test_dates_of_birth_written_the_ways_records_write_them(text, dates):
    assert _of(text, "date_of_birth") == dates


@pytest.mark.parametrize("text", [
    "Visits: Monday 12/03/2024, Tuesday 13/03/2024, Friday 16/03/2024.",
    "Core group 14/02/2025, RCPC 12/03/2025 (chair Ms Okafor).",
    "ICPC (12/03/2024) agreed a plan; review (12/06/2024).",
    "Dad born in Leeds, moved in 2019.",
    "Dad born in Leeds, moved on 12/04/2020 to Hull.",
    "Baby born in hospital and discharged on 12/04/2020.",
])
def test_other_dates_are_not_dates_of_birth(text):
    assert _of(text, "date_of_birth") == []


@pytest.mark.parametrize("text, names", [
    ("Kids: Leo 04/04/2016, Maisie 30/10/2019, Bobby 11/02/2023.", ["Leo", "Maisie", "Bobby"]),
    ("Mum dob 27/09/1985, children Chidi 05/03/2011, Adaeze 19/12/2013.", ["Chidi", "Adaeze"]),
])
def test_every_name_in_a_list_of_names_and_dates_of_birth_is_a_name(text, names):
    """Once one name in a list of names each with a date of birth is found, the others are names too."""
    assert _of(text, "name") == names


@pytest.mark.parametrize("text, names, dates", [
    ("Ayan Kapoor - dob 6.6.2012, yr8. older sis Anaya 14.1.2009.", ["Ayan Kapoor", "Anaya"], ["6.6.2012", "14.1.2009"]),
    ("Moved to Rochdale 12/03/2018; Ofsted 12/03/2019; Seen 12/03/2019.", [], []),
])
def test_a_listed_name_straight_before_a_birth_date_is_a_name(text, names, dates):
    """A name-list word straight before a date three or more years old: a name and its date of birth; not a town,
    an agency or an English word."""
    assert (_of(text, "name"), _of(text, "date_of_birth")) == (names, dates)


@pytest.mark.parametrize("text, names", [
    ("Karwan missing from placement Friday night.", ["Karwan"]),
    ("Skyla moved to Grace Academy after the managed move.", ["Skyla"]),
    ("Tanvir loves Sonic and Mario Kart.", ["Tanvir"]),
    ("Housing moved them to a hotel. Nursery missed the referral. Lego took over the lounge.", []),
    # opening what someone says or reports
    ("Nan says Phuong is always with her after 3.", ["Phuong"]),
    ("Mrs Adeyemi asked that Tobi does not go to his dad's.", ["Adeyemi", "Tobi"]),
    ("She said Housing has not called. He said Police were rude.", []),
    # or after a conjunction
    ("Ifrah is doing well but Abdirahman worries about his son.", ["Ifrah", "Abdirahman"]),
    ("Visit cancelled and Housing moved them.", []),
    # several, a name of two words among them, a relation before the last
    ("Selam and baby Semhar moved to the Mother and Baby unit.", ["Selam", "Semhar"]),
    ("Harpreet Sandhu & Jaspreet attend the Gurdwara.", ["Harpreet Sandhu", "Jaspreet"]),
    ("Shahida Khatun & husband Abdul Malik are Sylheti speakers.", ["Shahida Khatun", "Abdul Malik"]),
    ("Police and Health were present.", []),
])
def test_a_name_opening_a_sentence_before_what_people_do(text, names):
    """A capitalised word opening a sentence before what a person does is a name when it is no English word,
    stop word, place or language."""
    assert name_texts(text) == names


@pytest.mark.parametrize("text, names", [
    ("Last seen at Piccadilly Gardens with 'Taz' and 'Scotty'.", ["Taz", "Scotty"]),
    ("Added to a group chat with 'England Lads'.", []),
])
def test_a_nickname_in_quotes_after_with_or_and(text, names):
    assert name_texts(text) == names


@pytest.mark.parametrize("text, names", [
    ("rushed - amelia (15) not at placement. kacey-mae (3) eating dry cereal. kaiden (8) climbing out.",
     ["amelia", "kacey-mae", "kaiden"]),
    ("visits (3) missed, wks (2), items (4), sessions (10).", []),
])
def test_a_lower_case_name_before_an_age_in_brackets(text, names):
    assert name_texts(text) == names


@pytest.mark.parametrize("text, names", [
    ("Mr Chen rang upset: Jiayi's PEP says she is behind in maths.", ["Chen", "Jiayi"]),
    ("NRM referral submitted; Barnardo's ICTG allocated.", []),
])
def test_a_name_before_a_possessive_and_what_a_child_has(text, names):
    assert name_texts(text) == names


@pytest.mark.parametrize("text, months", [
    ("Home visit 08 Jan 25 to the flat; mum to attend parenting course from 15 Jan 25.", []),
    ("Missed 2 yr review twice (Jan 14th 2025, Feb 11th 2025).", []),
    ("Spoke to Jan about the plan.", ["Jan"]),
])
def test_a_month_beside_a_day_or_a_year_is_no_name(text, months):
    assert [n for n in name_texts(text) if n in ("Jan", "Feb")] == months


@pytest.mark.parametrize("text, address", [
    ("Gran lives at 5 Oak Bank, Seacroft.", "5 Oak Bank"),
    ("Discharged home to mum at Flat 2, 19 Carr Bank, Keighley BD21 4QT.", "Flat 2, 19 Carr Bank"),
    ("Family moved to 12 Heol y Felin, Pontypridd CF37 4DJ in Aug.", "12 Heol y Felin"),
    ("Mum dob 29/01/1997 lives Fflat 2, 41 Stryd Fawr, Bangor LL57 1NR.", "Fflat 2, 41 Stryd Fawr"),
    ("Family at no 6 Meadow View, Barnsley S70 4EX.", "no 6 Meadow View"),
    ("Home address Rosebank, 2 Cotton Row, Darwen BB3 1AJ.", "Rosebank, 2 Cotton Row"),
    ("Living at Fernlea, Manor Road, Pudsey LS28 7HT with uncle.", "Fernlea, Manor Road"),
    ("Seen at their aunt's flat at 3 Marigold House, Wolverhampton.", "3 Marigold House"),
    ("Lives Flat 9, 2 Sidings Court, Leicester LE2 0QL.", "Flat 9, 2 Sidings Court"),
])
def test_addresses_with_northern_and_welsh_streets_and_house_names(text, address):
    assert _of(text, "address") == [address]


@pytest.mark.parametrize("text, names", [
    ("Tegan born 20/05/2019. Disclosure under Clare's Law 22/06/2019.", ["Tegan"]),
    ("Out of area. Transfer to Bolton CSC discussed w/ TM Fri.", []),
    ("Kayden CAMHS appt missed again.", ["Kayden"]),
    ("Bilal excluded from Eden Boys' School for 5 days.", ["Bilal"]),
    ("Holly (16) at Holly Lodge supported accommodation.", ["Holly"]),
    ("Not informed: school (Holy Trinity CE). Faith place offered at Our Lady of Lourdes.", []),
])
def test_laws_agencies_schools_and_lodges_named_like_people_are_not_people(text, names):
    assert name_texts(text) == names


@pytest.mark.parametrize("text, names", [
    ("Has a lurcher called Molly and a budgie; Molly sleeps on the sofa.", []),
    ("Teddy (3) has a Thomas the Tank Engine duvet and watches Dennis the Menace.", ["Teddy"]),
    ("Nursery: Jack and Jill Day Nursery. Son George (9) is at King Edward VI Primary.", ["George"]),
    ("Sienna won't eat; Dietitian at Royal Preston to see.", ["Sienna"]),
    ("Ty (10) told Learning Mentor his stepdad Lee watches TV.", ["Ty", "Lee"]),
    ("MARAC held. Clare's Law disclosure completed on ex-partner.", []),
    ("Family go to Our Lady's for Easter.", []),
    ("Saw Kayden the Monday after; Jack the Saturday before.", ["Kayden", "Jack"]),
])
def test_pets_titles_institutions_and_roles_are_not_people(text, names):
    assert name_texts(text) == names


@pytest.mark.parametrize("text, names", [
    ("Dad drinks Tyskie most nights; Kacper (6) plays Fortnite.", ["Kacper"]),
    ("Jayden arrested for shoplifting Prime from the Spar.", ["Jayden"]),
    ("Nan watching Tobi while mum at work; his brother stole Tobi's phone.", ["Tobi", "Tobi"]),
])
def test_what_people_drink_smoke_play_or_steal_is_not_a_person(text, names):
    assert name_texts(text) == names


@pytest.mark.parametrize("text, names", [
    ("Food in: Heinz beans, Warburtons bread. Stella cans in the kitchen; Jake (7) hungry.", ["Jake"]),
    ("Dad wearing Chelsea top, Callum (9) has a Joy Division poster.", ["Callum"]),
    ("Mia loves Pokémon cards; Shelter number given to Mum.", ["Mia"]),
    ("Kayden's toys were all over the floor.", ["Kayden"]),  # a possessive is a person's
    ("Spoke to Chelsea (15). Chelsea top on the floor.", ["Chelsea", "Chelsea"]),  # a person elsewhere in the note
])
def test_a_brand_team_or_service_before_the_thing_it_names_is_not_a_person(text, names):
    assert name_texts(text) == names


@pytest.mark.parametrize("text, names", [
    ("Kyle (17) wants to work at Wingstop; stayed at Aimee's last night.", ["Kyle", "Aimee"]),
    ("Family originally from Chelsea; a call from Tanisha about Kayden.", ["Tanisha", "Kayden"]),
    ("Nursery: Jack and Jill Day Nursery, Dudley. Mia (3) settled.", ["Mia"]),
    ("Dad shouted at Kayden and threw a cup at Leah.", ["Kayden", "Leah"]),
])
def test_a_place_after_at_from_or_an_institution_is_not_a_person(text, names):
    assert name_texts(text) == names


@pytest.mark.parametrize("text, names", [
    ("Childcare by Babcia Krystyna; Jenson wants to see Nanna too.", ["Krystyna", "Jenson"]),
    ("Taid (Gwyn) collects the children; Mamgu unwell.", ["Gwyn"]),
])
def test_family_words_families_use_are_not_names_and_name_who_follows(text, names):
    assert name_texts(text) == names


@pytest.mark.parametrize("text, names", [
    ("Devon and Cornwall Police POLIT team informed.", []),  # initials after the institution's name
    ("Letter from Dr Anita Rao, Camborne Health Centre.", ["Anita Rao"]),
    ("Call from Steve Quinn, Northern Ireland Housing Executive, re damp.", ["Steve Quinn"]),
    ("PC Hollie Snaith attended The Percy Arms, Bedlington.", ["Hollie Snaith"]),
])
def test_the_first_words_of_an_institutions_name_are_not_a_person(text, names):
    assert name_texts(text) == names


@pytest.mark.parametrize("text, names", [
    ("Panel heard from Safeguarder Moira Dunn.", ["Moira Dunn"]),
    ("OT Rachel visiting; PA Ruth to start the plan.", ["Rachel", "Ruth"]),
    ("Regards, Manon Parry, Pennaeth.", ["Manon Parry"]),
    ("Keyworker Farzana Hashimi interpreted; key person Bukola raised it; caseworker Marlon allocated.",
     ["Farzana Hashimi", "Bukola", "Marlon"]),
    ("School counsellor Loveday reports improvement. Visit with Sgt Pickering today.", ["Loveday", "Pickering"]),
    ("She is worried about her niece Hibo and her nephew.", ["Hibo"]),
])
def test_roles_across_the_uk_are_not_names_and_name_who_follows(text, names):
    assert name_texts(text) == names


@pytest.mark.parametrize("text, names", [
    ("Tia started Beavers; mum worried Jake will miss Cubs.", ["Tia", "Jake"]),
    ("Kaiden said he was hyper from Skittles.", ["Kaiden"]),
    ("Miles (6) and his friend Brooks came too.", ["Miles", "Brooks"]),  # names ending in "s" are on the lists
    ("He fell off his Ninebot scooter; a Marie Curie nurse visits Nan.", []),
])
def test_plural_nouns_and_more_goods_are_not_people(text, names):
    assert name_texts(text) == names


@pytest.mark.parametrize("text, names", [
    ('Kerry emailed: "Hope you\'re well". Headteacher said the family could Sue the school.', ["Kerry"]),
    ("Duke of Edinburgh started; Angel of the North keyring on the table. Tia (9) proud.", ["Tia"]),
    ("I told Tia it was fine.", ["Tia"]),
    ("Supports Man City; Wrexham AFC promoted; informed Leeds MASH; Preston Foodbank voucher.", []),
    ("Devon & Somerset Fire and Rescue home safety check booked.", []),
    ("Contact supervised by Lorraine, Wed 10:00-11:30.", ["Lorraine"]),
    ("Drove from Lincoln to Boston to see Kaci. RAG rating: Amber.", ["Kaci"]),
])
def test_name_words_used_as_words_clubs_and_services_are_not_people(text, names):
    assert name_texts(text) == names


@pytest.mark.parametrize("text, names", [
    ("May (9) and June (9), twins, both on CP Plans.", ["May", "June"]),
    ("Seen in May (2024) by the GP; in June (half term) too.", []),
])
def test_a_month_before_an_age_in_brackets_is_a_name(text, names):
    assert name_texts(text) == names


def _a_date_years_ago(years: int) -> str:
    import datetime

    return f"14/06/{datetime.date.today().year - years}"


@pytest.mark.parametrize("years, dob", [(9, True), (3, True), (2, False), (0, False)])
def test_an_older_date_straight_after_a_name_is_a_date_of_birth(years, dob):
    date = _a_date_years_ago(years)
    text = f"GP letter: 'Oliver Penrose, {date}, was seen with bruising.' Aidan Kerr {date} seen today."
    found = [(f.type, f.text) for f in detect(text)]
    assert (("date_of_birth", date) in found) is dob
    assert found.count(("date_of_birth", date)) == (2 if dob else 0)


def test_an_older_date_that_opens_a_range_after_a_name_is_not_a_date_of_birth():
    date, later = _a_date_years_ago(6), _a_date_years_ago(5)
    assert "date_of_birth" not in [f.type for f in detect(f"Kyle {date}-{later} stayed with Nan Pat.")]


@pytest.mark.parametrize("text, names", [
    ("Dad (Liam Fox) says he was at the Rose and Crown until closing; the Rose & Crown again Friday.", ["Liam Fox"]),
    ("India said they were at The Old Vic, then Kai's.", ["India", "Kai"]),
    ("Visit to the Smith family; the Kowalskis have moved. Spoke to the Mr Smith who rang.",
     ["Smith", "Kowalskis", "Smith"]),
])
def test_capitalised_words_after_the_name_a_place_not_a_person(text, names):
    assert name_texts(text) == names


@pytest.mark.parametrize("text, names", [
    ("Dad on Methadone via Achieve, Recovery Coordinator Jo.", ["Jo"]),
    ("Email from Safeguarding Nurse Bev Lloyd today.", ["Bev Lloyd"]),
])
def test_a_role_before_a_name_is_not_part_of_the_name(text, names):
    assert [n for n in name_texts(text) if n != "Achieve"] == names


@pytest.mark.parametrize("text, names", [
    ("Observed Jenson (3) playing with Play-Doh.", ["Jenson"]),
    ("Seen at home. Phoned Kayleigh Jones re contact.", ["Kayleigh Jones"]),
    ("Hamed Karimi (7) seen at school.", ["Hamed Karimi"]),  # a name opening the sentence stays whole
    ("Told Tia it was fine.", ["Tia"]),  # a verb on no name list
    ("Reassured Kayden Smith (6) about it.", ["Kayden Smith"]),
    ("Will Smith came to the review.", ["Will Smith"]),  # a given name stays
])
def test_a_word_opening_the_sentence_before_a_name_is_not_part_of_it(text, names):
    assert name_texts(text) == names


@pytest.mark.parametrize("text, names", [
    ("Maisie (12) loves Taylor Swift and saved up for a Squishmallow.", ["Maisie"]),
    ("Tinashe (9) is into Harry Potter, has a Hedwig toy.", ["Tinashe"]),
    ("Tobenna (12) obsessed with Cole Palmer and Chelsea. IRO Bukola Adeyinka.", ["Tobenna", "Bukola Adeyinka"]),
    ("Tanvir (8) likes Central Cee and Dave. Mum Sharon visits fortnightly.", ["Tanvir", "Sharon"]),
    ("Speaks Yoruba and English. Kids love Cocomelon on YouTube. Mum Funmi works nights.", ["Funmi"]),
    ("Mum and Dad love Kayden and want him home.", ["Kayden"]),
])
def test_what_a_child_likes_is_not_a_person(text, names):
    assert name_texts(text) == names


@pytest.mark.parametrize("text, names", [
    ("Dad said he loves Kayden and wants him home.", ["Kayden"]),  # a parent's love names a child
    ("Ellie (6) likes Mr Patel at school.", ["Ellie", "Patel"]),  # a title
    ("Jayden (5) loves Kian (7) from next door.", ["Jayden", "Kian"]),  # an age
    ("Jayden (5) loves Kian Walsh, his brother.", ["Jayden", "Kian Walsh"]),  # a family word after
    ("Noah (4) said he loves Kayden. Kayden (6) hit him.", ["Noah", "Kayden", "Kayden"]),  # found elsewhere
    ("Amira (7) loves Zainab's dog.", ["Amira", "Zainab"]),  # a possessive
])
def test_a_person_liked_stays_a_name(text, names):
    assert name_texts(text) == names


@pytest.mark.parametrize("text, names", [
    ("Mum Kirsty smokes Amber Leaf indoors.", ["Kirsty"]),
    ("Kyle (15) arrested for shoplifting Prime, Jack Daniel's and vapes.", ["Kyle"]),
    ("Home visit: fridge had Sunny D and crisps, nothing else. Jayden (6) hungry.", ["Jayden"]),
    ("Kitchen: cupboards had Heinz beans, Weetabix, Cow & Gate formula for baby Kai-Leigh.", ["Kai-Leigh"]),
    ("Lewis (15) found drinking Frosty Jack's by the canal.", ["Lewis"]),  # a brand written as a possessive
    ("Mum Jade was drinking Glen's. Kids upstairs.", ["Jade"]),
    ("Mum Ellie came to contact wearing Ted Baker and smelling of Chanel.", ["Ellie"]),   # worn, smelt of
    ("Tia (17) banks with Santander and has a Barclaycard.", ["Tia"]),
])
def test_a_product_consumed_or_listed_with_goods_is_not_a_person(text, names):
    assert name_texts(text) == names


@pytest.mark.parametrize("text, names", [
    ("Kai (4) ate Kian's tea.", ["Kai", "Kian"]),  # a possessive
    ("Dad was drinking with Mr Hughes.", ["Hughes"]),  # not straight after the verb
    ("Kai (4) was wearing Kian's coat.", ["Kai", "Kian"]),  # a possessive
    ("Dad smelt of Kayleigh's perfume, Mum Jo said.", ["Kayleigh", "Jo"]),
    ("Says Tommy & Charlie can stay weekends.", ["Tommy & Charlie"]),  # "can" is a verb here
    ("Mum Kerry Maddox, NI number JK 48 21 93 C.", ["Kerry Maddox"]),
])
def test_a_person_beside_a_product_word_stays_a_name(text, names):
    assert name_texts(text) == names


@pytest.mark.parametrize("text, names", [
    ("Kids watching Cocomelon and Ms Rachel on the iPad. Mum Grace was cooking.", ["Grace"]),
    ("Kids watching Hollyoaks and Waterloo Road when seen. Mum Jade tired.", ["Jade"]),
    ("Mum and Keisha watched Ginny & Georgia on Netflix.", ["Keisha"]),
    ("Ellis (7) watching Danny Go with his sister.", ["Ellis"]),
    ("Kids were watching Matilda during contact. Mum Jade tired.", ["Jade"]),  # "during": not what Matilda does
    ("Lily watching Frozen during tea.", ["Lily"]),
])
def test_a_programme_watched_is_not_a_person(text, names):
    assert name_texts(text) == names


@pytest.mark.parametrize("text, names", [
    ("Nan watching Tobi. Tobi (4) was fine.", ["Tobi", "Tobi"]),  # named elsewhere in the note
    ("Dad watches Kayla Brown, his niece, on Saturdays.", ["Kayla Brown"]),  # a family word after
    ("Jess watched Mrs Okafor cross the road.", ["Jess", "Okafor"]),  # a title
    ("Leo (5) watching Amara's tablet.", ["Leo", "Amara"]),  # a possessive
    ("Mum watching Tiana play outside with the dog.", ["Tiana"]),  # what the person watched does
    ("Dad watching Tiana swimming during the lesson.", ["Tiana"]),
])
def test_a_person_watched_stays_a_name(text, names):
    assert name_texts(text) == names


@pytest.mark.parametrize("text, names", [
    ("Mum laughed and said \"Sue me then\". Kyle (9) upset.", ["Kyle"]),  # a quote opens a sentence
    ("Mum Jade said 'Sue them all' about the school.", ["Jade"]),
])
def test_a_name_used_as_a_verb_in_a_quote_is_not_a_person(text, names):
    assert name_texts(text) == names


@pytest.mark.parametrize("text, names", [
    ("Baby Ellis is on Cow & Gate Comfort now. Mum Jade tired.", ["Ellis", "Jade"]),
    ("Mum is on Kian's side.", ["Kian"]),  # a possessive before what is owned
    ("Mum is on Mr Patel's list.", ["Patel"]),  # a title
])
def test_what_someone_is_on_is_not_a_person(text, names):
    assert name_texts(text) == names


@pytest.mark.parametrize("text, names", [
    ("Says he hangs around the Co-op on Brinkburn St with the older lads.", []),
    ("Lives on Margaret St. now, Kyle (9) changed school.", ["Kyle"]),
    ("Met Tia St Clair at school.", ["Tia St Clair"]),  # a surname's saint, not a street
])
def test_a_street_by_its_st_is_not_a_person(text, names):
    assert name_texts(text) == names


@pytest.mark.parametrize("text, names", [
    ("Nursery gave him Dioralyte and rang Kerry.", ["Kerry"]),
    ("School applied Sudocrem. Mum Leanne aware.", ["Leanne"]),
    ("Mum bought them Slush Puppie and Pringles. Kids Ava and Jack at school.", ["Ava", "Jack"]),
])
def test_a_thing_given_or_bought_is_not_a_person(text, names):
    assert name_texts(text) == names


@pytest.mark.parametrize("text, names", [
    ("Clinic gave Tegan emergency contraception.", ["Tegan"]),  # the one given to, before what was given
    ("Mum gave Kayden and Tia their tea.", ["Kayden", "Tia"]),
    ("Nan gave Leo (4) his tea.", ["Leo"]),  # an age after
    ("Dad gave Mr Hughes £20.", ["Hughes"]),  # a title
    ("Mum bought Kian's trainers.", ["Kian"]),  # a possessive
    ("Gran gave Kayden. Kayden (6) was upset.", ["Kayden", "Kayden"]),  # named elsewhere in the note
    ("Dad owes Darren. Darren (34) is his cousin.", ["Darren", "Darren"]),
])
def test_a_person_given_something_stays_a_name(text, names):
    assert name_texts(text) == names


@pytest.mark.parametrize("text, names", [
    ("Aimee (15) self-harming. Referred to Kooth and Papyrus info given.", ["Aimee"]),
    ("Kids registered with Fens Medical Centre. Mum Kerry agreed.", ["Kerry"]),
    ("Referred to Dr Shah at the clinic.", ["Shah"]),  # a title
    ("Referred to Sarah Jones, the DSL, today.", ["Sarah Jones"]),  # a role after
])
def test_a_service_referred_to_is_not_a_person(text, names):
    assert name_texts(text) == names


@pytest.mark.parametrize("text, names", [
    ("Dad on Methadone via Achieve. Recovery Coordinator Jo rang.", ["Jo"]),  # not "Jo rang"
    ("Kayden said Jo rang him.", ["Kayden", "Jo"]),
    ("Nursery gave him Dioralyte and rang Mum Kerry.", ["Kerry"]),  # not "rang Mum Kerry"
    ("Met Ana de la Cruz.", ["Ana de la Cruz"]),  # a name's particles stay
])
def test_a_verb_the_model_takes_with_a_name_is_not_redacted(text, names):
    assert [n for n in name_texts(text) if n != "Achieve"] == names


@pytest.mark.parametrize("text, names", [
    ("Kemi Asante (maternal aunt) has been assessed.", ["Kemi Asante"]),
    ("Tomasz Nowak (paternal grandfather) rang the office.", ["Tomasz Nowak"]),
    ("Dylan Hughes (older brother) collected them.", ["Dylan Hughes"]),
])
def test_a_name_before_a_relative_in_brackets_said_which_side(text, names):
    assert name_texts(text, model=False) == names


@pytest.mark.parametrize("text, names", [
    ("Alfie, 5, needs school shoes before September.", ["Alfie"]),
    ("Kasey, 15 yrs, attends CAMHS; Peach, 4, goes to nursery.", ["Kasey", "Peach"]),
    # a count between commas is no age: a place, a day or a number in a list stays
    ("Bolton, 3, 4 and 5 May.", []),
    ("Seen at Oakwood Primary, 2 miles away.", []),
])
def test_a_name_before_an_age_between_commas(text, names):
    assert name_texts(text, model=False) == names


@pytest.mark.parametrize("text, names", [
    ("He plays for Hackney Wick FC; coach Tunde is a protective factor.", ["Tunde"]),
    ("Contact supervised by Contact Supervisor Precious Adeyemi.", ["Precious Adeyemi"]),
    ("EWO Khalid Rahman is issuing a Fast Track letter.", ["Khalid Rahman"]),
    ("Shanice said staff member Moses was kind.", ["Shanice", "Moses"]),
    ("They took the coach on Monday; Form Tutor Ms Barnes rang.", ["Barnes"]),
])
def test_more_roles_name_the_person_after_them(text, names):
    assert name_texts(text) == names


@pytest.mark.parametrize("text, names", [
    ("Phone was seized by police. Fridge had Sunny D and crisps. Card left through the door.", []),
    # a child with such a name: named again, or doing what only people do
    ("Will attended the review. Will said he likes his nan.", ["Will", "Will"]),
    ("Oakley disclosed on Snapchat to a friend.", ["Oakley"]),
    ("Ocean arrived crying. Ocean (7) said Mum shouted.", ["Ocean", "Ocean"]),
])
def test_a_thing_opening_a_sentence_once_is_no_name(text, names):
    assert name_texts(text) == names


@pytest.mark.parametrize("text, names", [
    ("Kids list: Alesha 14, Marcus 12, Nia 9, Josiah 6. Dad Ken works nights.",
     ["Alesha", "Marcus", "Nia", "Josiah", "Ken"]),
    ("Household: Hamza Iqbal 7, Inaaya Iqbal 4, Musa Iqbal 10 months.", ["Hamza Iqbal", "Inaaya Iqbal", "Musa Iqbal"]),
    # a thing numbered beside a child with an age is no name; without ages the list is not one of children
    ("Room 4, Kayden 6 and Tia 3.", ["Kayden", "Tia"]),
    ("Flat 2 and Kayden 6 were on the list.", ["Kayden"]),
])
def test_children_listed_with_their_ages_are_all_names(text, names):
    assert name_texts(text) == names


@pytest.mark.parametrize("text, names", [
    # a name ending in "s" keeps it when its possessive is taken off ("Lewis" was read as "Lewi", no given name)
    ("Lewis Green and Kelly Green were both present.", ["Lewis Green", "Kelly Green"]),
    ("Thomas Hill rang from Housing Options.", ["Thomas Hill"]),
    # and a place word ending in "s" is still one ("Wanderers" was read as "Wanderer", no place word)
    ("Bolton Wanderers season ticket in his name.", []),
])
def test_a_word_ending_in_s_is_not_read_as_a_possessive(text, names):
    assert model_name_texts(text) == names


def test_a_possessive_is_taken_off_a_word_and_nothing_else():
    from assistant.privacy.identifiers import _unpossessive

    assert [_unpossessive(w) for w in ("Kelly's", "Kelly’s", "Jones'", "Lewis", "Wanderers", "Boys'")] == [
        "Kelly", "Kelly", "Jones", "Lewis", "Wanderers", "Boys"]


@pytest.mark.parametrize("text, names", [
    ("Caleb says his dad's girlfriend 'Becks' makes him stand in the corner.", ["Caleb", "Becks"]),
    ("Last seen with a lad called 'Tinks'. Her phone is off.", ["Tinks"]),
    ("Gethin told us his mam's friend \u201cTaff\u201d stays over.", ["Gethin", "Taff"]),
    ("Dropped off by a man she called \"Uncle Ste\". She had no breakfast.", ["Ste"]),
    ("Sharing them in a WhatsApp group called 'England Lads'. Channel panel to consider.", []),
])
def test_a_nickname_in_quotes_after_what_says_a_person_is_meant(text, names):
    assert name_texts(text, model=False) == names


@pytest.mark.parametrize("text, names", [
    ("Baby Nova born Sunday at Royal Oldham, DOB 09/03/2025.", ["Nova"]),
    ("Email from Safeguarding Nurse Bev Lloyd, Royal Stoke: baby admitted.", ["Bev Lloyd"]),
])
def test_a_royal_hospital_found_by_its_context_is_not_a_person(text, names):
    assert name_texts(text, model=False) == names


@pytest.mark.parametrize("text, names", [
    ("Family attend the Romanian Orthodox church; Orthodox Easter is in April.", []),
    ("Next contact after Orthodox Easter. Alexandru cried at the end.", ["Alexandru"]),
    ("Christian said he wants to stay with his nan.", ["Christian"]),
])
def test_a_faith_is_not_a_name(text, names):
    assert model_name_texts(text) == names


@pytest.mark.parametrize("text, names", [
    ("HV Dudley. Kieran (11) and Kayden (8) seen.", ["Kieran", "Kayden"]),
    ("HV Ely, Cardiff. Mum Sian and the baby seen.", ["Sian"]),
    ("Visit Pontypridd. Tegan (14) says she is fine.", ["Tegan"]),
    ("HV Kayleigh rang re Jaxon.", ["Kayleigh", "Jaxon"]),
])
def test_the_place_heading_a_visit_note_is_not_a_name(text, names):
    assert model_name_texts(text) == names


@pytest.mark.parametrize("text, names", [
    ("Bobby (4) loves Mr Tumble and Hey Duggee.", ["Bobby"]),
    ("Lorna and Jenson fed the ducks and had Mr Whippy, no concerns.", ["Lorna", "Jenson"]),
    ("Gran said the kids love Mrs Brown's Boys reruns.", []),
    ("Her toddler Zayn watching Ms Rachel on YouTube for hours.", ["Zayn"]),
    ("Ms Rachel (nursery key worker) said Zayn is settled.", ["Rachel", "Zayn"]),
])
def test_characters_written_with_a_title_are_not_people(text, names):
    assert model_name_texts(text) == names


@pytest.mark.parametrize("text, names", [
    ("Dad checked Kobe's phone and found Andrew Tate and Sneako clips.", ["Kobe"]),
    ("Leah's friend Kirsty told school. Music: Billie Eilish, Olivia Rodrigo.", ["Leah", "Kirsty"]),
    ("Saw Harry (7) reading a Harry Potter book.", ["Harry"]),
])
def test_public_figures_named_in_full_are_not_people_in_the_note(text, names):
    assert model_name_texts(text) == names


def test_the_rules_alone_never_run_the_tagger(monkeypatch):
    """detect(model=False) is the rules alone: no part of the name model runs, not even its tagger (which once
    doubled the rules' time by being asked whether a word opening a sentence is a verb)."""
    from assistant.privacy import names_model

    def no_model(_text):
        raise AssertionError("the name model ran for the rules alone")

    monkeypatch.setattr(names_model, "tags", no_model)
    monkeypatch.setattr(names_model, "persons", no_model)
    assert ("name", "Jenson") in kinds("Told Tia it was fine. Visited Jenson (3) at home.", model=False)


@pytest.mark.parametrize("text, pet", [("He told me Bruno the dog sleeps on Nanny's bed.", "Bruno"),
                                       ("Daisy the guinea pig died and Ava is grieving.", "Daisy"),
                                       ("Lucky the cat scratched Harvey; Mum says Lucky is the only one.", "Lucky")])
def test_a_pet_named_before_the_kind_of_pet_it_is_is_no_person(text, pet):
    assert pet not in [t for k, t in kinds(text) if k == "name"]


@pytest.mark.parametrize("text, name", [("Mum bought Kayden the puppy he wanted.", "Kayden"),
                                        ("Sandy the hamster and Biscuit the cat: Sandy (10) feeds both.", "Sandy"),
                                        ("Phil the fish was named by Nadia after her dad Phil.", "Phil")])
def test_a_person_beside_a_pet_stays_a_person(text, name):
    assert name in [t for k, t in kinds(text) if k == "name"]


@pytest.mark.parametrize("text", ["Urdu and Punjabi spoken at home. Dadi lives with them.",
                                  "He said Taid's dog jumped up.", "Eid at Nani's went well.",
                                  "Abbu stayed away as agreed.", "SENCo pushing for an EHCP needs assessment.",
                                  "Cymraeg is his first language.",
                                  "Hooyo took her to school; Ayeeyo is staying with them.",
                                  "She said Jiddo is at work and Teta cooks.", "He was at Ciocia's house.",
                                  "She and Nanna went to the park.", "Mam said she would ring.",
                                  "Yeye and Nainai collect him on Fridays.", "Oma sends presents from Germany.",
                                  "She said Baba is at work."])
def test_family_words_roles_and_languages_that_are_no_names(text):
    assert [t for k, t in kinds(text) if k == "name"] == []


@pytest.mark.parametrize("text, thing", [("Mum hungover; cans of Strongbow in the recycling.", "Strongbow"),
                                         ("Oscar (3) enjoys Hey Duggee and Paw Patrol.", "Paw Patrol"),
                                         ("Paddington is Rhys's favourite film.", "Paddington"),
                                         ("Elsa answered the door in her Frozen dress.", "Frozen"),
                                         ("Kindle on charge, Ring camera on the landing.", "Ring")])
def test_things_named_by_a_container_a_liking_or_a_thing_after_them(text, thing):
    assert thing not in [t for k, t in kinds(text) if k == "name"]


def test_a_favourite_person_stays_a_person():
    assert [t for k, t in kinds("Jordan is her favourite cousin; Tia is Kayden's favourite teacher.")
            if k == "name"] == ["Jordan", "Tia", "Kayden"]


@pytest.mark.parametrize("text", ["Mum's Klarna and Vinted debts are growing.", "CP flag on Liquidlogic.",
                                  "Callie phoned Childline from school.", "Shelter re the eviction notice.",
                                  "Going to World Book Day as Dorothy.", "Dressed up as Elsa for the party.",
                                  "Gweithiwr Cymdeithasol visited dydd Llun."])
def test_brands_services_welsh_words_and_costumes_are_no_names(text):
    assert [t for k, t in kinds(text) if k == "name"] == []


def test_a_person_after_came_as_stays_a_person():
    assert [t for k, t in kinds("Tia came as Kayden left.") if k == "name"] == ["Tia", "Kayden"]


@pytest.mark.parametrize("text, names", [("Detective Constable Harris attended.", ["Harris"]),
                                         ("ISVA Jane Smith rang.", ["Jane Smith"]),
                                         ("Team Leader Jane Smith rang.", ["Jane Smith"]),
                                         ("KJ Smith rang.", ["KJ Smith"]),  # two capitals may be initials
                                         ("Matron rang today; the Landlord did not.", [])])
def test_roles_are_kept_out_of_names(text, names):
    assert [t for k, t in kinds(text) if k == "name"] == names


@pytest.mark.parametrize("text", ["Care Order ended last week.", "Mum asked about Pathway Plan again.",
                                  "Local Offer ended last week.", "Discussed Twin Tracking with mum.",
                                  "Mum asked about Life Story Work again.", "Discussed Sarah's Law with mum.",
                                  "Discussed Genogram and Ecomap with mum."])
def test_policy_words_are_kept_out_of_names(text):
    assert [t for k, t in kinds(text) if k == "name"] == []


@pytest.mark.parametrize("text, names", [("Hey Duggee is on the telly a lot.", []),
                                         ("Hollyoaks was on the telly and Destiny quoted it.", ["Destiny"]),
                                         ("Tia was on the phone to Jordan.", ["Tia", "Jordan"])])
def test_a_programme_on_the_telly_is_no_person(text, names):
    assert [t for k, t in kinds(text) if k == "name"] == names


@pytest.mark.parametrize("text, names", [
    ("Mum Toni said Tobi earned them from his star chart. Tobi is proud.", ["Toni", "Tobi", "Tobi"]),
    ("Mum said Yonas is settled. Yonas supports Arsenal.", ["Yonas", "Yonas"]),
    ("Mum said Summer is settled. Summer holidays plan agreed.", ["Summer"]),  # an English word: not elsewhere
    ("Kids: Holly (3). Holly Lodge is the hostel.", ["Holly"]),
])
def test_every_other_use_of_a_name_found_that_is_no_english_word(text, names):
    assert [t for k, t in kinds(text) if k == "name"] == names


@pytest.mark.parametrize("text, names", [("He showed me a Roblox game called Brookhaven.", []),
                                         ("Tia Maria and Baileys in the fridge, Mum says.", []),
                                         ("Seen with a lad called Tinks and a girl called Jade.", ["Tinks", "Jade"]),
                                         ("Tia in the kitchen with Mum.", ["Tia"])])
def test_a_thing_called_or_stored_is_no_person(text, names):
    assert [t for k, t in kinds(text) if k == "name"] == names


@pytest.mark.parametrize("text, names", [
    ("Present: Mum, Dad, Probation Officer, Team Manager, School Nurse and IRO.", []),
    ("Attendees: Childminder, Health Visitor, Family Support Worker.", []),
    ("Invited: Foster Carer, Supervising Social Worker, Virtual School Head, CAMHS Clinician.", []),
    ("Kelly Hughes, Team Manager, attended.", ["Kelly Hughes"]),
])
def test_roles_in_a_list_of_roles_are_no_names(text, names):
    assert [t for k, t in kinds(text) if k == "name"] == names


@pytest.mark.parametrize("text, name", [("Hooyo Amina came to the meeting.", "Amina"),
                                        ("Abi (12) was at Nanna's house.", "Abi"),
                                        ("Zia said Mama was asleep.", "Zia")])
def test_a_name_beside_a_family_word_stays_a_name(text, name):
    assert name in [t for k, t in kinds(text) if k == "name"]


@pytest.mark.parametrize("text, names", [
    ("Shanice rang duty, v upset.", ["Shanice"]),  # the small tagger calls it NN
    ("Ashleigh to bring payslips.", ["Ashleigh"]),  # JJ
    ("Will ring Dad tomorrow.", []),  # an English word opening a sentence still asks the tagger
    ("Hope this helps.", []),
])
def test_a_given_name_opening_a_sentence_that_is_no_english_word_needs_no_tag(text, names):
    from assistant.privacy import names_model

    if names_model.problem():
        pytest.skip(names_model.problem())
    assert name_texts(text) == names


@pytest.mark.parametrize("text, names", [
    ("Will, their older brother, was at college.", ["Will"]),
    ("Summer (Rose's older sister, 15) says she does the school run.", ["Summer", "Rose"]),
    ("Will ring their older brother.", []),
])
def test_a_name_before_whose_relative_it_is(text, names):
    assert name_texts(text) == names
