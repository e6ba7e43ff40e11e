"""Place-name keys that survive Arabic transliteration.

Reports spell one place many ways: "Aḑ Ḑumayr", "Ad Dumayr", "Dumeir"; "Bi'r al Qasab",
"Bir Qassab"; "Tell Dakwa", "Tal Dakwa"; "Deir ez-Zor", "Dayr az Zawr"; and in Arabic script.
`name_key` folds what never distinguishes two places (case, diacritics, ayn and hamza marks,
apostrophes, the article and its assimilated forms, doubled letters, common word variants);
`skeleton_key` keeps only consonants, so that vowel spellings (ei/ay/ai, ou/u) meet. The
skeleton proposes candidates; a similarity score decides between them.
"""

import re
import unicodedata
from functools import lru_cache

# The Arabic article in Latin transliterations, with its sun-letter assimilations.
ARTICLES = frozenset(
    [
        "al",
        "el",
        "il",
        "ul",
        "l",
        "ad",
        "ed",
        "ar",
        "er",
        "as",
        "es",
        "at",
        "et",
        "az",
        "ez",
        "an",
        "en",
        "ash",
        "esh",
        "adh",
        "edh",
        "ath",
        "eth",
        "ah",
    ]
)
# Whole-word variants of the same Arabic word.
WORD_VARIANTS = {
    "tell": "tal",
    "tel": "tal",
    "tall": "tal",
    "beer": "bir",
    "bier": "bir",
    "bi": "bir",
    "bire": "bir",
    "dayr": "deir",
    "dair": "deir",
    "deyr": "deir",
    "dier": "deir",
    "der": "deir",
    "jebel": "jabal",
    "jabel": "jabal",
    "djebel": "jabal",
    "jibal": "jabal",
    "jbel": "jabal",
    "ain": "ayn",
    "ein": "ayn",
    "abou": "abu",
    "ouadi": "wadi",
    "kfar": "kafr",
    "kefr": "kafr",
    "kasr": "qasr",
    "mount": "jabal",
    "mt": "jabal",
}
KIND_WORDS = frozenset(["village", "town", "hamlet"])
# Marks that transliterate ayn and hamza, and apostrophes: all dropped.
MARKS = "'’‘`ʿʾʻʼ´ʹ′"
# Arabic: diacritics and tatweel dropped; letter forms that spellings confuse made one.
ARABIC_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
ARABIC_FOLD = str.maketrans(
    {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ؤ": "و", "ئ": "ي"}
)
ARABIC_LETTERS = re.compile("[\u0600-\u06ff]")
VOWELS = re.compile("[aeiouy]")
DOUBLED = re.compile(r"([a-z])\1+")
# Taa marbuta written with or without its h: Raqqah / Raqqa.
FINAL_H = re.compile(r"(?<=[ae])h$")


def has_arabic(text: str) -> bool:
    return bool(ARABIC_LETTERS.search(text))


def is_arabic(text: str) -> bool:
    """Written wholly in Arabic script: every letter is (GeoNames mixes in transliterations
    that carry a stray Arabic letter)."""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(ARABIC_LETTERS.match(c) for c in letters)


def _fold_latin(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    for mark in MARKS:
        text = text.replace(mark, "")
    return text


def _fold_arabic(text: str) -> str:
    text = ARABIC_DIACRITICS.sub("", text).translate(ARABIC_FOLD)
    words = []
    for word in re.split(r"[\s\-]+", text):
        if word.startswith("ال") and len(word) > 3:
            word = word[2:]
        if word:
            words.append(word)
    return " ".join(words)


def _latin_words(text: str) -> list[str]:
    text = _fold_latin(text)
    # "al-Tanf", "ad-Dumayr": the article is hyphenated to the word it belongs to.
    text = re.sub(r"\b(" + "|".join(sorted(ARTICLES, key=len, reverse=True)) + r")-", r"\1 ", text)
    words = re.findall(r"[a-z0-9]+", text)
    words = [WORD_VARIANTS.get(w, w) for w in words]
    # An article is a word before another word, never the whole name.
    kept = [w for i, w in enumerate(words) if not (w in ARTICLES and i < len(words) - 1)]
    # UCDP's "Rami village", "Taluqan town": the kind of place, not its name.
    if len(kept) > 1 and kept[-1] in KIND_WORDS:
        kept = kept[:-1]
    return [
        FINAL_H.sub("", DOUBLED.sub(r"\1", w)) if len(w) > 3 else DOUBLED.sub(r"\1", w)
        for w in kept
    ]


@lru_cache(maxsize=200_000)
def name_key(text: str) -> str:
    """The spelling-independent form of a name: equal keys, the same name."""
    text = text.strip()
    if has_arabic(text):
        return _fold_arabic(text)
    return " ".join(_latin_words(text))


# Letters that transliterations of one Arabic letter swap, made one in the skeleton only (the
# name key keeps them apart): kh/gh (Akhtarin, Aghtrin), th/dh (Thiban, Dhiban; Thi Qar, Dhi
# Qar), q/k (Qamishli, Kamishli), French ch/dj/ou (Chahba, Djebel, Ouadi), sh/s, ph/f.
SKELETON_FOLDS = (
    ("kh", "k"),
    ("gh", "k"),
    ("ch", "s"),
    ("sh", "s"),
    ("th", "d"),
    ("dh", "d"),
    ("dj", "j"),
    ("ph", "f"),
    ("ou", "u"),
    ("q", "k"),
    ("c", "k"),
)


def _fold_consonants(word: str) -> str:
    for written, folded in SKELETON_FOLDS:
        word = word.replace(written, folded)
    return DOUBLED.sub(r"\1", word)


@lru_cache(maxsize=200_000)
def folded_key(text: str) -> str:
    """The name key with SKELETON_FOLDS applied and the vowels kept: what two spellings of one
    transliteration are compared on ("aktrin" against "aktarin")."""
    key = name_key(text)
    if has_arabic(key):
        return key
    return " ".join(_fold_consonants(w) for w in key.split())


@lru_cache(maxsize=200_000)
def skeleton_key(text: str) -> str:
    """The consonants of a name's key: vowel spellings (Dumeir, Dumayr, Dumair) and the
    consonant spellings of SKELETON_FOLDS meet."""
    key = name_key(text)
    if has_arabic(key):
        return key
    words = [_fold_consonants(w) for w in key.split()]
    return " ".join(w[0] + VOWELS.sub("", w[1:]) if w else w for w in words)
