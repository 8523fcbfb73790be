"""Stopword lists for Finnish, Swedish and English, applied to lemmas.

Two kinds: grammatical function words, and the boilerplate every case-worker note and
service description shares ("the client needs ..."). The second list is deliberately
small and generic (no service vocabulary) so that it does not encode knowledge of any
particular catalogue or query set; it keeps BM25 from rewarding documents for saying
"asiakas" or "palvelu" a lot.
"""

from __future__ import annotations

FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "fi": frozenset(
        """
        ja tai sekä eli että kuin kun jos vaikka koska jotta mutta vaan vai myös sekä
        ei olla on ovat oli ollut oltu olisi ole eivät en et emme ette
        se ne tämä nämä tuo nuo hän he minä sinä me te joka jotka mikä mitkä kuka ketkä
        jokin joku mikään kukaan itse oma omat
        niin näin noin siis sitten vielä jo nyt aina usein kuitenkin esimerkiksi esim
        myös vain sekä kanssa ilman mukaan kautta aikana jälkeen ennen asti saakka
        yli alle alla ali kohti luona luokse vuoksi takia varten sisällä ulkona päälle
        voida pitää täytyä saada tulla mennä tehdä
        hyvin paljon paljo vähän kaikki jokainen muu muut moni monet eri erilainen
        missä mistä mihin milloin miten miksi mitä
        """.split()
    ),
    "sv": frozenset(
        """
        och eller samt att som än när om men utan både antingen
        är var vara varit blir bli blev har ha hade inte ej
        den det de dem denna detta dessa han hon hen vi ni jag du man sig sin sitt sina
        vilken vilket vilka vem vad någon något några ingen inget inga
        en ett i på av för med till från vid hos under över efter före genom mot om
        så nu då redan också bara även mycket lite alla varje andra annan annat
        kan kunna ska skola skall måste få bör
        här där hur var varför
        """.split()
    ),
    "en": frozenset(
        """
        a an the and or but nor if then than that this these those which who whom whose what
        be is are was were been being am have has had having do does did not no
        it its he she they them their his her we us our you your i me my one
        of in on at by for with to from into onto about over under after before through
        as so also only just very much many more most some any all each every other such
        can could will would shall should may might must
        here there when where why how
        """.split()
    ),
}

# Generic boilerplate of case notes and service descriptions. Kept small on purpose.
BOILERPLATE: dict[str, frozenset[str]] = {
    "fi": frozenset("asiakas henkilö tarvita haluta toivoa palvelu".split()),
    "sv": frozenset("klient kund person behöva vilja önska tjänst".split()),
    "en": frozenset("client customer person need want wish service".split()),
}


def stopwords(lang: str, boilerplate: bool = True) -> frozenset[str]:
    """Return the stopword set for a language (empty for unknown languages)."""
    words = FUNCTION_WORDS.get(lang, frozenset())
    if boilerplate:
        words = words | BOILERPLATE.get(lang, frozenset())
    return words
