"""Clean noisy job-ad titles into segments of words before any lemmatisation.

Real titles carry much besides the occupation: counts ("(2 kpl)"), gender markers
("(m/f/d)"), contract terms ("sijaisuus", "vikariat"), employers ("Oy", "Ab") and
places. We drop what is certainly noise and split the rest into segments (at commas,
slashes, brackets and dashes) so that the matcher can find the segment that names
the occupation instead of averaging over everything. Nothing here is specific to any
one data set.
"""

from __future__ import annotations

import re
import unicodedata

# Counts and gender markers, removed before segmentation.
_COUNT = re.compile(
    r"\(\s*\d+\s*(?:kpl|st|pcs|pc|x|hlö|henkilöä|paikkaa|tehtävää|positions?|vacancies|tjänster)?\.?\s*\)"
    r"|\b\d+\s*(?:kpl|st|pcs|x)\b\.?|\bx\s*\d+\b",
    re.IGNORECASE,
)
_GENDER = re.compile(
    r"\(\s*[mfwndhxk](?:\s*/\s*[mfwndhxk*]){1,3}\s*\)|\b[mfwnh]\s*/\s*[mfwndhx](?:\s*/\s*[mfwndhx])?\b",
    re.IGNORECASE,
)
_URL = re.compile(r"https?://\S+|www\.\S+|\S+@\S+")
_NUMBER = re.compile(r"\b\d+(?:[.,:/-]\d+)*(?:\s*[%€]|\s*(?:eur|h|t|v)\b)?", re.IGNORECASE)
_DASHES = str.maketrans(
    {"–": " - ", "—": " - ", "‒": " - ", "−": "-", "‐": "-", "‑": "-", "’": "'", "´": "'"}
)
# Segment boundaries. A slash separates alternatives ("lähihoitaja/hoitaja"); a spaced
# dash or colon usually separates employer or place from the title.
_SPLIT = re.compile(r"[,;|()\[\]{}/\\:+&•·*!?\"“”«»]|\s-\s|\s-$|^-\s|\s\.\s")
_WORD = re.compile(r"[^\W\d_]+(?:['-][^\W\d_]+)*-?|[^\W_]*\d[^\W_]*", re.UNICODE)

# Words that are never part of an occupation name: contract terms, recruiting verbs,
# company forms. Compared after lower-casing, before lemmatisation, and again on lemmas.
NOISE_WORDS = frozenset(
    """
    kpl kappale oy oyj ab ky tmi ry ltd inc gmbh llc plc corp co sa spa bv nv as asa aps
    sijainen sijaisuus sijaisuuteen sijaiseksi määräaikainen määräaikaiseen vakituinen vakinainen
    vakituiseen toistaiseksi osa-aikainen kokoaikainen osa-aikaiseen kokoaikaiseen kesätyö
    kesätyöntekijä kausityö tuntityö keikkatyö keikka rekry rekrytointi haku haemme etsimme hakee
    palkataan avoin avoinna tehtävään tehtävä työpaikka paikka useita uusi uusia heti
    vuorotteluvapaasijaisuus äitiyslomasijaisuus perhevapaasijaisuus vanhempainvapaasijaisuus
    vikariat vikarie tillfällig tidsbunden ordinarie visstid deltid heltid sommarjobb sommarjobbare
    timanställd timanställning söker sökes anställning tjänst befattning ny nya flera
    temporary permanent fixed-term part-time full-time parttime fulltime summer seasonal job jobs
    vacancy vacancies hiring wanted position positions opening openings apply immediately urgent
    needed required contract maternity cover new several
    """.split()
)
# Contract and recruiting terms whose compounds are noise too ("äitiyslomasijaisuus").
NOISE_HEADS = frozenset({"sijaisuus", "sijainen", "vikariat", "sijaisuuksi", "rekry"})
STOPWORDS = frozenset(
    """
    ja tai sekä eli myös tms yms jne ym mm esim the a an and or of for in at on to with by from as
    och eller i på för av med till vid inom hos samt en ett der die das und
    """.split()
)


def normalize(text: str) -> str:
    """Unicode-normalise, lower-case and strip counts, gender markers, URLs and numbers."""
    text = unicodedata.normalize("NFKC", text or "").translate(_DASHES)
    text = _URL.sub(" ", text)
    text = _COUNT.sub(" ", text)
    text = _GENDER.sub(" ", text)
    text = text.lower()
    text = _NUMBER.sub(" ", text)
    return re.sub(r"\s+", " ", text).strip()


# Prepositions that start a post-modifier in Swedish and English titles ("lärare inom
# småbarnspedagogik", "head of finance"): the head is before them, so they end a segment,
# unless the phrase ends in an agent noun ("care at home worker": the head is last).
BOUNDARY_WORDS = frozenset("inom för vid på i hos of for in at within responsible".split())
_AGENT_ENDINGS = ("er", "or", "ist", "ian", "ant", "ent", "man", "person", "ee", "ör", "log")


def ends_with_agent(words: list[str]) -> bool:
    """Does a phrase end in an English or Swedish agent noun ("worker", "lärare")?"""
    if not words:
        return False
    last = words[-1]
    return last.endswith(_AGENT_ENDINGS) or (len(last) >= 6 and last.endswith(("are", "ska")))


def segments(text: str) -> list[list[str]]:
    """Segments of a title, each a list of words; noise words and empty segments dropped.

    "Sairaanhoitaja (2 kpl), Koskelan kotihoito / Helsingin kaupunki" ->
    [["sairaanhoitaja"], ["koskelan", "kotihoito"], ["helsingin", "kaupunki"]]
    """
    out: list[list[str]] = []
    for part in _SPLIT.split(normalize(text)):
        tokens = _WORD.findall(part)
        split = not ends_with_agent(tokens)
        words: list[str] = []
        for word in tokens:
            if split and word in BOUNDARY_WORDS and words:
                out.append(words)
                words = []
            elif _keep(word):
                words.append(word)
        if words:
            out.append(words)
    return out


def _keep(word: str) -> bool:
    bare = word.strip("-'")
    if not bare or bare in NOISE_WORDS or bare in STOPWORDS:
        return False
    return len(bare) > 1 and not any(ch.isdigit() for ch in bare)


def is_noise_lemma(lemma: str, parts: tuple[str, ...]) -> bool:
    """True for words whose meaning is a contract term (checked after lemmatisation)."""
    return lemma in NOISE_WORDS or (bool(parts) and parts[-1] in NOISE_HEADS)
