"""Vocabulary of the synthetic employers (`employers`): industries with their name patterns,
size distribution and contact titles, name words, districts, streets with their postal codes,
and the phrases of the contact history. Compiled by hand; all in Finnish, as the demo's
records are.

Pure: no Django.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Industry:
    code: str  # TOL 2008
    patterns: tuple[str, ...]  # "{w}" a word ("{l}" in lower case), "{d}"/"{g}" a district, "{s}" a surname
    sizes: tuple[int, ...]  # weights of micro, small, medium, large
    share: float
    titles: tuple[str, ...] = ()  # contact persons' titles typical of the industry


def _split(cell: str) -> tuple[str, ...]:
    return tuple(x.strip() for x in cell.split(";") if x.strip())


# TOL 2008 | share | sizes: micro small medium large | name patterns | contact titles.
# The industries of the city's ads (care, health, early education, schools, kitchens,
# offices, ICT, engineering, sport, youth work) and, for a realistic register, some others.
_INDUSTRIES = """
88911 | 14 | 30 50 15  5 | Päiväkoti {w} Oy; {w} Varhaiskasvatus Oy; Leikkitalo {w} Oy; Daghemmet {w} Ab | päiväkodin johtaja; varhaiskasvatuksen johtaja
87301 |  9 | 10 45 35 10 | Palvelutalo {w} Oy; {w} Hoiva Oy; {w}kodit Oy | palveluesihenkilö; hoitotyön johtaja
88101 |  8 | 40 45 12  3 | {s} Kotihoito Oy; Kotiapu {w} Oy; {w} Kotipalvelut Oy | palveluesihenkilö; kotihoidon esihenkilö
87101 |  6 | 10 45 35 10 | Hoivakoti {w} Oy; {w} Senioripalvelut Oy | hoitotyön johtaja; yksikön esihenkilö
87202 |  4 | 20 55 20  5 | Asumispalvelut {w} Oy; {w} Tukikodit Oy | palveluesihenkilö; vastaava ohjaaja
87901 |  4 | 35 50 13  2 | Nuorisokoti {w} Oy; {w} Lastensuojelu Oy; Perhekoti {w} Ky | vastaava ohjaaja; johtaja
86210 |  4 | 10 45 35 10 | Terveysasema {w} Oy; {g} Terveys Oy | ylihoitaja; osastonhoitaja
86220 |  6 | 20 45 25 10 | Lääkärikeskus {w} Oy; Lääkäriasema {d} Oy; {w} Klinikka Oy | ylihoitaja; klinikkapäällikkö
86101 |  2 |  0 20 50 30 | {w} Sairaala Oy; Kuntoutussairaala {w} Oy | ylihoitaja; osastonhoitaja
86904 |  5 | 60 35  5  0 | Fysioterapia {w} Oy; {w} Fysio Ky; Kuntoutus {w} Oy | vastaava fysioterapeutti; yrittäjä
86909 |  3 | 55 40  5  0 | Terapiakeskus {w} Oy; {w} Psykologipalvelut Oy | vastaava psykologi; yrittäjä
85200 |  3 |  5 45 45  5 | Koulu {w} Oy; {w} International School Oy | rehtori
85320 |  3 |  5 35 45 15 | Ammattiopisto {w} Oy; {w} Koulutus Oy | koulutuspäällikkö; rehtori
85590 |  3 | 40 45 15  0 | Kielikoulu {w} Oy; {w} Opisto Oy; Koulutuskeskus {w} Oy | koulutuspäällikkö
56290 |  4 | 20 50 25  5 | {w} Ruokapalvelut Oy; Lounas{l} Oy | ravintolapäällikkö
56101 |  4 | 45 45 10  0 | Ravintola {w} Oy; Bistro {w} Oy; {g} Ravintolat Oy | ravintolapäällikkö; keittiöpäällikkö
81210 |  4 | 35 40 20  5 | {w} Siivouspalvelut Oy; Puhdas{l} Oy; {s} Clean Oy | palveluesihenkilö; aluepäällikkö
69201 |  4 | 50 40 10  0 | Tilitoimisto {w} Oy; {w} Taloushallinto Oy | toimistopäällikkö
70220 |  4 | 50 35 15  0 | {w} Consulting Oy; {w} Partners Oy; Konsulttitoimisto {s} Oy | partneri; toimistopäällikkö
62020 |  4 | 30 45 20  5 | {w} Solutions Oy; {w}soft Oy; {w} Digital Oy | teknologiajohtaja; tiiminvetäjä
71121 |  2 | 40 45 15  0 | Suunnittelutoimisto {w} Oy; {w} Arkkitehdit Oy | projektipäällikkö
71202 |  2 | 30 45 20  5 | Insinööritoimisto {w} Oy; {w} Tarkastus Oy | tekninen johtaja; projektipäällikkö
93130 |  3 | 40 50 10  0 | Kuntokeskus {w} Oy; {w} Liikunta Oy | liikuntapäällikkö
94999 |  2 | 50 45  5  0 | {w} Nuorisotyö ry; Nuorten {w} ry | toiminnanjohtaja
59110 |  2 | 50 45  5  0 | {w} Media Oy; Tuotantoyhtiö {w} Oy | tuottaja
78200 |  5 | 10 40 35 15 | {w} Henkilöstöpalvelut Oy; {w} Rekry Oy; Sijaispalvelu {w} Oy | rekrytointipäällikkö; asiakkuuspäällikkö
47112 |  4 | 20 60 20  0 | {g} Market Oy; {w} Kauppa Oy | kauppias; myymäläpäällikkö
49410 |  3 | 45 40 15  0 | {s} Kuljetus Oy; {w} Logistiikka Oy | liikennepäällikkö
41200 |  4 | 40 40 15  5 | {w} Rakennus Oy; Rakennusliike {s} Oy | työmaapäällikkö
43210 |  2 | 55 40  5  0 | {s} Sähkö Oy; Sähköasennus {w} Oy | työnjohtaja
55101 |  2 | 10 50 35  5 | Hotelli {w} Oy; {g} Hotelli Oy | hotellinjohtaja
80100 |  2 | 20 40 30 10 | {w} Turvapalvelut Oy; Vartiointi {w} Oy | aluepäällikkö
81100 |  3 | 40 40 15  5 | {w} Kiinteistöpalvelut Oy; Huolto {s} Oy | huoltopäällikkö
10710 |  2 | 50 40 10  0 | Leipomo {w} Oy; {g} Leipomo Oy | tuotantopäällikkö
"""
INDUSTRIES = tuple(
    Industry(code, _split(patterns), tuple(int(x) for x in sizes.split()), float(share), _split(titles))
    for code, share, sizes, patterns, titles in (
        (c.strip() for c in line.split("|")) for line in _INDUSTRIES.strip().splitlines()
    )
)
SIZES = ("micro", "small", "medium", "large")

WORDS = (
    "Aalto Kallio Meri Tähti Vire Saari Linna Kivi Ranta Lehto Helmi Kaari Tuuli Sointu Lumo Verso Kajo "
    "Pihlaja Kataja Kuusi Koivu Vaahtera Satama Silta Puisto Kanerva Kide Valo Aamu Kuu Pilvi Oras Taimi "
    "Virta Laine Kaisla Ruska Kielo Apila Tammi Kompassi Majakka Polku Pajukko Sinivuokko Kimallus "
    "Lähde Usva Revontuli Ankkuri Ilo Arki Harmaja Kuura Sarastus Hetki Sisu Kaiku"
).split()
# District names, nominative and genitive ("{d}", "{g}" in the patterns).
DISTRICTS = {
    "Kallio": "Kallion",
    "Kamppi": "Kampin",
    "Töölö": "Töölön",
    "Vallila": "Vallilan",
    "Käpylä": "Käpylän",
    "Pasila": "Pasilan",
    "Herttoniemi": "Herttoniemen",
    "Malmi": "Malmin",
    "Kontula": "Kontulan",
    "Vuosaari": "Vuosaaren",
    "Lauttasaari": "Lauttasaaren",
    "Munkkiniemi": "Munkkiniemen",
    "Pakila": "Pakilan",
    "Oulunkylä": "Oulunkylän",
    "Arabia": "Arabian",
    "Kruununhaka": "Kruununhaan",
    "Punavuori": "Punavuoren",
    "Ruoholahti": "Ruoholahden",
    "Kalasatama": "Kalasataman",
    "Viikki": "Viikin",
    "Kannelmäki": "Kannelmäen",
    "Pitäjänmäki": "Pitäjänmäen",
    "Haaga": "Haagan",
    "Meilahti": "Meilahden",
    "Eira": "Eiran",
    "Tapiola": "Tapiolan",
    "Leppävaara": "Leppävaaran",
    "Tikkurila": "Tikkurilan",
    "Myyrmäki": "Myyrmäen",
    "Itäkeskus": "Itäkeskuksen",
}
# Streets with their postal codes.
_STREETS = """
Mannerheimintie | 00100 | Helsinki
Aleksanterinkatu | 00100 | Helsinki
Bulevardi | 00120 | Helsinki
Fredrikinkatu | 00120 | Helsinki
Porkkalankatu | 00180 | Helsinki
Lauttasaarentie | 00200 | Helsinki
Töölönkatu | 00250 | Helsinki
Tukholmankatu | 00290 | Helsinki
Munkkiniemen puistotie | 00330 | Helsinki
Valimotie | 00380 | Helsinki
Kantelettarentie | 00420 | Helsinki
Kustaankatu | 00500 | Helsinki
Sturenkatu | 00510 | Helsinki
Ratapihantie | 00520 | Helsinki
Hämeentie | 00530 | Helsinki
Capellan puistotie | 00540 | Helsinki
Mäkelänkatu | 00550 | Helsinki
Arabiankatu | 00560 | Helsinki
Hermannin rantatie | 00580 | Helsinki
Koskelantie | 00610 | Helsinki
Kylänvanhimmantie | 00640 | Helsinki
Malminkaari | 00700 | Helsinki
Jakomäentie | 00770 | Helsinki
Latokartanontie | 00790 | Helsinki
Hiihtäjäntie | 00810 | Helsinki
Linnanrakentajantie | 00880 | Helsinki
Itäkatu | 00930 | Helsinki
Kauppakartanonkatu | 00930 | Helsinki
Kontulantie | 00940 | Helsinki
Vuotie | 00980 | Helsinki
Tapiontori | 02100 | Espoo
Keilaranta | 02150 | Espoo
Leppävaarankatu | 02600 | Espoo
Kipparinkatu | 02320 | Espoo
Tikkurilantie | 01300 | Vantaa
Äyritie | 01510 | Vantaa
Myyrmäenraitti | 01600 | Vantaa
Martinkyläntie | 01720 | Vantaa
"""
STREETS = tuple(tuple(c.strip() for c in line.split("|")) for line in _STREETS.strip().splitlines())
MUNICIPALITY = {"Helsinki": "091", "Espoo": "049", "Vantaa": "092"}
GENERAL_TITLES = ("toimitusjohtaja", "HR-päällikkö", "henkilöstöasiantuntija", "rekrytointiasiantuntija")

KINDS = {"call": 35, "email": 30, "visit": 20, "event": 8, "agreement": 7}
TOPICS = (
    "rekrytointitarpeet kevääksi",
    "palkkatuki ja Helsinki-lisä",
    "oppisopimuskoulutus",
    "työkokeilupaikat",
    "kesätyöntekijät",
    "perehdytys ja kielituki",
    "avoimet työpaikat",
    "rekrytointikoulutus",
    "maahan muuttaneiden rekrytointi",
    "osa-aikaiset tehtävät",
)
NOTES = {
    "call": "Puhelu yhteyshenkilön kanssa: {t}.",
    "email": "Sähköpostia: {t}.",
    "visit": "Yrityskäynti, aiheena {t}.",
    "event": "Mukana rekrytointitapahtumassa. Aihe: {t}.",
    "agreement": "Sovittu yhteistyöstä: {t}.",
}
NEXT_ACTIONS = (
    "Soita ja kysy rekrytointitilanteesta",
    "Lähetä tietoa palkkatuesta",
    "Sovi yrityskäynti",
    "Kutsu rekrytointitapahtumaan",
    "Lähetä ehdokkaiden koosteet",
    "Seuraa työkokeilun etenemistä",
    "Tarkista avoimet paikat",
    "Lähetä oppisopimuksen tiedot",
    "Kysy palaute rekrytoinnista",
)
