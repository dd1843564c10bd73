"""The words a question shares with a passage, for marking where the search is not confident."""

from assistant.search.highlight import shared_words

PASSAGE = ("The Service Manager is responsible for recording the discussion and agreement to step down on "
           "Liquid Logic at least 48 hours prior to the review. Recording is everyone's job.")


def test_shared_words_are_stemmed_and_spelled_out_and_listed_once_as_written():
    words = shared_words("how long before the review does the SM have to record the step down on LL?", PASSAGE)
    assert words == ["Service", "Manager", "recording", "step", "down", "Liquid", "Logic", "review", "Recording"]


def test_stop_words_and_words_of_asking_are_never_marked():
    assert shared_words("is it the one to do at the", PASSAGE) == []
    assert shared_words("how do I write this?", "how the plan should do it") == []
