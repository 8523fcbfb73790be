"""A small Swedish → Finnish lexicon of occupational vocabulary.

The ESCO data we ship has Finnish and English labels but no Swedish ones, yet about one
in twenty Helsinki job ads is in Swedish. Translating the words of a Swedish title into
Finnish lets the Finnish label index do the matching. The lexicon covers general words
for occupations, workplaces and fields (Finland-Swedish and Sweden-Swedish forms); the
values are ordinary Finnish words, analysed by the same lemmatiser as the labels.
Compounds not listed whole are split into listed parts ("handikapp" + "service").
Loading a Swedish ESCO package (`skills_sv.csv`, `occupations_sv.csv`) makes this
largely unnecessary.
"""

from __future__ import annotations

_PAIRS = """
sjukskötare=sairaanhoitaja sjuksköterska=sairaanhoitaja skötare=hoitaja sköterska=hoitaja
vårdare=hoitaja närvårdare=lähihoitaja primärskötare=lähihoitaja undersköterska=lähihoitaja
hälsovårdare=terveydenhoitaja barnmorska=kätilö barnskötare=lastenhoitaja läkare=lääkäri
överläkare=ylilääkäri specialistläkare=erikoislääkäri tandläkare=hammaslääkäri
tandskötare=hammashoitaja tandhygienist=suuhygienisti fysioterapeut=fysioterapeutti
sjukgymnast=fysioterapeutti ergoterapeut=toimintaterapeutti arbetsterapeut=toimintaterapeutti
talterapeut=puheterapeutti psykolog=psykologi psykoterapeut=psykoterapeutti
farmaceut=farmaseutti provisor=proviisori apotekare=proviisori
laboratorieskötare=laboratoriohoitaja röntgenskötare=röntgenhoitaja vårdbiträde=hoitoapulainen
hemvårdare=kodinhoitaja hemvårdsbiträde=kodinhoitaja ambulansvårdare=ensihoitaja
socialarbetare=sosiaalityöntekijä socialhandledare=sosiaaliohjaaja socionom=sosionomi
handledare=ohjaaja instruktör=ohjaaja ledare=johtaja kurator=kuraattori
lärare=opettaja klasslärare=luokanopettaja speciallärare=erityisopettaja
specialklasslärare=erityisluokanopettaja ämneslärare=aineenopettaja lektor=lehtori
barnträdgårdslärare=lastentarhanopettaja förskollärare=lastentarhanopettaja
timlärare=tuntiopettaja rektor=rehtori studiehandledare=opinto-ohjaaja
skolgångsbiträde=koulunkäyntiavustaja skolgångshandledare=koulunkäynninohjaaja
elevassistent=koulunkäyntiavustaja assistent=avustaja biträde=avustaja sekreterare=sihteeri
kanslist=toimistosihteeri kock=kokki kokerska=kokki köksbiträde=keittiöapulainen
städare=siivooja lokalvårdare=siivooja chef=päällikkö direktör=johtaja föreståndare=johtaja
ingenjör=insinööri arkitekt=arkkitehti planerare=suunnittelija forskare=tutkija
specialforskare=erikoistutkija sakkunnig=asiantuntija expert=asiantuntija
specialist=asiantuntija rådgivare=neuvoja handläggare=käsittelijä försäljare=myyjä
säljare=myyjä butiksbiträde=myyjä kassör=kassanhoitaja chaufför=kuljettaja förare=kuljettaja
elektriker=sähköasentaja montör=asentaja rörmokare=putkiasentaja snickare=puuseppä
målare=maalari mekaniker=mekaanikko fastighetsskötare=kiinteistönhoitaja
vaktmästare=vahtimestari bibliotekarie=kirjastonhoitaja ungdomsledare=nuoriso-ohjaaja
ungdomsarbetare=nuorisotyöntekijä idrottsinstruktör=liikunnanohjaaja tolk=tulkki
översättare=kääntäjä jurist=lakimies advokat=asianajaja revisor=tilintarkastaja
ekonom=ekonomi bokförare=kirjanpitäjä löneräknare=palkanlaskija programmerare=ohjelmoija
utvecklare=kehittäjä projektledare=projektipäällikkö avdelningschef=osastopäällikkö
medarbetare=työntekijä arbetare=työntekijä anställd=työntekijä pedagog=pedagogi
brandman=palomies polis=poliisi väktare=vartija servitör=tarjoilija frisör=kampaaja
kosmetolog=kosmetologi trädgårdsmästare=puutarhuri lantbrukare=maanviljelijä
journalist=toimittaja redaktör=toimittaja fotograf=valokuvaaja grafiker=graafikko
kyrkoherde=kirkkoherra präst=pappi diakon=diakoni tekniker=teknikko montör=asentaja
lagerarbetare=varastotyöntekijä byggnadsarbetare=rakennustyöntekijä
barn=lapsi småbarnspedagogik=varhaiskasvatus småbarnsfostran=varhaiskasvatus
dagvård=päivähoito daghem=päiväkoti förskola=esikoulu förskoleundervisning=esiopetus
skola=koulu grundskola=peruskoulu gymnasium=lukio yrkesutbildning=ammattikoulutus
social=sosiaali handikapp=vammais funktionshinder=vammais service=palvelu
äldre=vanhus äldreomsorg=vanhustyö senior=seniori center=keskus servicehus=palvelutalo
hemvård=kotihoito sjukhus=sairaala hälsostation=terveysasema vård=hoito omsorg=hoiva
boende=asuminen stöd=tuki ungdom=nuoriso idrott=liikunta kultur=kulttuuri bibliotek=kirjasto
ekonomi=talous personal=henkilöstö kök=keittiö städning=siivous byggnad=rakennus bygg=rakennus
trafik=liikenne miljö=ympäristö special=erityis över=yli svenska=ruotsi finska=suomi
engelska=englanti matematik=matematiikka språk=kieli tvåspråkig=kaksikielinen
undervisning=opetus hälsa=terveys sjuk=sairas hälsovård=terveydenhoito mentalvård=mielenterveystyö
missbrukarvård=päihdetyö familj=perhe barnskydd=lastensuojelu invandrare=maahanmuuttaja
mat=ruoka måltid=ateria fastighet=kiinteistö el=sähkö data=tieto system=järjestelmä
"""

SV_TO_FI: dict[str, str] = dict(pair.split("=", 1) for pair in _PAIRS.split())
# Feminine and gendered Swedish forms mapped to the neutral form before lookup.
SV_GENDER = (("kvinna", "person"), ("erska", "are"), ("inna", "e"), ("man", "person"))
