"""Seed data for the ``seed_krakow`` management command.

Pure data, with no Django or model imports: the draft multi-year cooperation
programme of Gmina Miejska Kraków (2012-2014) with its 11 mandatory sections
(art. 5a ust. 4 of the Act on public-benefit activity and volunteering), a
revised second version, sample organisations, sector teams, people, SWOT items
and goals of the social-exclusion team.

All texts, organisations, people and identifiers are fictional illustrations
based on the slides of the sector-team meeting of 6 July 2011. The programme is
a draft ("projekt"); nothing here states that a 2012-2014 programme was adopted.
NIP and REGON numbers are random numbers with valid check digits (checked with
python-stdnum); KRS numbers are made up. E-mail addresses and websites use the
reserved ``example.org`` domain.
"""

from __future__ import annotations

# The local government the portal serves (programmes.Municipality). Its names, council and
# BIP address are public facts; the contact people are fictional and use example.org.
MUNICIPALITY = {
    "name": "Gmina Miejska Kraków",
    "name_genitive": "Gminy Miejskiej Kraków",
    "short_name": "Miasto Kraków",
    "kind": "miasto_npp",
    "council_name": "Rada Miasta Krakowa",
    "bip_url": "https://www.bip.krakow.pl",
    "seat": "pl. Wszystkich Świętych 3-4, 31-004 Kraków",
    "accessibility_contact_name": "Katarzyna Dostępna",
    "accessibility_contact_email": "dostepnosc@example.org",
    "accessibility_contact_phone": "+48 12 000 00 00",
    "controller_name": "Prezydent Miasta Krakowa",
    "controller_address": "pl. Wszystkich Świętych 3-4, 31-004 Kraków",
    "dpo_name": "Jan Ochronny",
    "dpo_email": "iod@example.org",
    "colour_primary": "#0B5394",
    "colour_secondary": "#F2C200",
}

DRAFT_TITLE = "Projekt Wieloletniego Programu Współpracy Gminy Miejskiej Kraków z organizacjami pozarządowymi na lata 2012–2014"

# The 11 mandatory sections of art. 5a ust. 4, in statutory order. Each section
# has a fixed ``kind`` key, a title and a list of paragraphs (version 1 of the draft).
DRAFT_SECTIONS: list[dict] = [
    {
        "kind": "goals",
        "title": "Cel główny i cele szczegółowe Programu",
        "paragraphs": [
            "Celem głównym Programu jest budowanie partnerstwa pomiędzy Gminą Miejską Kraków a organizacjami pozarządowymi oraz podmiotami wymienionymi w art. 3 ust. 3 ustawy z dnia 24 kwietnia 2003 r. o działalności pożytku publicznego i o wolontariacie, służącego lepszemu zaspokajaniu potrzeb mieszkańców Krakowa i podnoszeniu jakości ich życia.",
            "Program stanowi zadanie priorytetowe Miasta w ramach celu operacyjnego I-8 Strategii Rozwoju Krakowa: „Rozwój samorządności lokalnej i doskonalenie metod zarządzania, zwiększanie świadomości obywatelskiej i zainteresowania życiem miasta”. Program wspiera także realizację celów dokumentów sektorowych, w tym Strategii Rozwiązywania Problemów Społecznych Miasta Krakowa na lata 2007–2013.",
            "Celami szczegółowymi Programu są: 1) zwiększenie udziału organizacji pozarządowych w diagnozowaniu potrzeb mieszkańców oraz w planowaniu i realizacji polityk publicznych; 2) zapewnienie stabilności i ciągłości realizacji zadań publicznych, w szczególności poprzez umowy wieloletnie; 3) podniesienie jakości i efektywności usług świadczonych mieszkańcom przez organizacje; 4) wzmocnienie potencjału instytucjonalnego krakowskich organizacji pozarządowych; 5) rozwój wolontariatu i aktywności obywatelskiej mieszkańców.",
            "Cele szczegółowe zostały wypracowane przez zespoły branżowe i są rozwinięte w celach współpracy poszczególnych obszarów, opisanych w części dotyczącej priorytetowych zadań publicznych.",
        ],
    },
    {
        "kind": "principles",
        "title": "Zasady współpracy",
        "paragraphs": [
            "Współpraca Gminy Miejskiej Kraków z organizacjami pozarządowymi odbywa się na zasadach pomocniczości, suwerenności stron, partnerstwa, efektywności, uczciwej konkurencji i jawności.",
            "Zasada pomocniczości oznacza, że Miasto powierza lub wspiera realizację zadań publicznych przez organizacje, które działając najbliżej mieszkańców mogą wykonać je sprawnie i na wysokim poziomie, a organizacje zobowiązują się do ich rzetelnej realizacji. Zasada suwerenności stron oznacza, że Miasto i organizacje szanują wzajemnie swoją autonomię i niezależność, a żadna ze stron nie narzuca drugiej sposobu wykonywania jej zadań.",
            "Zasada partnerstwa oznacza, że organizacje pozarządowe uczestniczą na równych prawach w identyfikowaniu problemów społecznych, określaniu sposobów ich rozwiązywania oraz wykonywaniu zadań publicznych. Warunki współpracy strony ustalają wspólnie, w drodze dialogu.",
            "Zasada efektywności oznacza wspólne dążenie do osiągnięcia możliwie najlepszych rezultatów realizacji zadań publicznych przy racjonalnym gospodarowaniu środkami publicznymi. Zasada uczciwej konkurencji oznacza równe traktowanie wszystkich podmiotów ubiegających się o realizację zadań oraz stosowanie jednakowych i przejrzystych kryteriów oceny ofert.",
            "Zasada jawności oznacza, że Miasto udostępnia informacje o celach, kosztach i efektach realizacji zadań publicznych oraz o procedurach i kryteriach podejmowania decyzji. Organizacje udostępniają Miastu dane dotyczące swojej działalności statutowej i sytuacji finansowej w zakresie związanym z realizacją zleconych zadań.",
        ],
    },
    {
        "kind": "scope",
        "title": "Zakres przedmiotowy współpracy",
        "paragraphs": [
            "Przedmiotem współpracy Gminy Miejskiej Kraków z organizacjami pozarządowymi jest realizacja zadań publicznych, o których mowa w art. 4 ust. 1 ustawy, w zakresie odpowiadającym zadaniom gminy i miasta na prawach powiatu.",
            "Współpraca obejmuje w szczególności: 1) określanie potrzeb społecznych i sposobów ich zaspokajania; 2) konsultowanie projektów aktów prawa miejscowego oraz dokumentów strategicznych Miasta; 3) realizację zadań publicznych zlecanych organizacjom; 4) wzmacnianie potencjału organizacji i rozwój infrastruktury sektora pozarządowego w Krakowie.",
            "Program obejmuje obszary, w których pracowały zespoły branżowe: zdrowie i wsparcie osób niepełnosprawnych, edukację, aktywizację grup zagrożonych wykluczeniem społecznym, kulturę, ekologię, sport i rekreację oraz społeczeństwo obywatelskie.",
            "Program adresowany jest do organizacji pozarządowych i podmiotów wymienionych w art. 3 ust. 3 ustawy, które prowadzą działalność pożytku publicznego na terenie Krakowa lub na rzecz jego mieszkańców.",
        ],
    },
    {
        "kind": "forms",
        "title": "Formy współpracy",
        "paragraphs": [
            "Współpraca Miasta z organizacjami pozarządowymi ma charakter finansowy i pozafinansowy i jest prowadzona w formach określonych w art. 5 ust. 2 ustawy.",
            "Współpraca finansowa polega na zlecaniu organizacjom realizacji zadań publicznych w formie powierzania wykonania zadania wraz z udzieleniem dotacji na jego sfinansowanie albo wspierania wykonania zadania wraz z udzieleniem dotacji na dofinansowanie jego realizacji. Zlecanie odbywa się przede wszystkim w trybie otwartego konkursu ofert, a w przypadkach określonych w art. 19a ustawy także z pominięciem konkursu.",
            "Współpraca pozafinansowa obejmuje: 1) wzajemne informowanie się o planowanych kierunkach działalności; 2) konsultowanie z organizacjami projektów aktów normatywnych w dziedzinach dotyczących ich działalności statutowej; 3) konsultowanie projektów aktów normatywnych z radą działalności pożytku publicznego; 4) tworzenie wspólnych zespołów o charakterze doradczym i inicjatywnym.",
            "Miasto zawiera ponadto z mieszkańcami i ich grupami umowy o wykonanie inicjatywy lokalnej na zasadach określonych w ustawie oraz umowy partnerskie, w szczególności przy przygotowywaniu i realizacji projektów współfinansowanych ze środków Unii Europejskiej.",
            "Uzupełnieniem form ustawowych jest udostępnianie organizacjom lokali i sal na preferencyjnych warunkach, doradztwo i szkolenia prowadzone przez Miejski Ośrodek Wspierania Inicjatyw Społecznych oraz promocja działalności organizacji w serwisie internetowym Miasta.",
        ],
    },
    {
        "kind": "priority_tasks",
        "title": "Priorytetowe zadania publiczne",
        "paragraphs": [
            "Priorytetowe zadania publiczne określono na podstawie celów i działań wypracowanych w 2011 r. przez siedem zespołów branżowych. Szczegółowy wykaz zadań na dany rok oraz warunki ich realizacji określają roczne programy współpracy i ogłoszenia otwartych konkursów ofert.",
            "W obszarze zdrowia i wsparcia osób niepełnosprawnych: 1) profilaktyka i promocja zdrowia, w tym przeciwdziałanie uzależnieniom; 2) rehabilitacja społeczna i zawodowa osób niepełnosprawnych; 3) usługi asystenckie oraz wsparcie opiekunów osób zależnych. W obszarze edukacji: 1) zajęcia pozalekcyjne rozwijające zainteresowania dzieci i młodzieży; 2) edukacja obywatelska i międzykulturowa; 3) wyrównywanie szans edukacyjnych uczniów z rodzin w trudnej sytuacji.",
            "W obszarze aktywizacji grup zagrożonych wykluczeniem społecznym: 1) przeciwdziałanie bezdomności i wsparcie osób w sytuacjach kryzysowych; 2) reintegracja społeczna i zawodowa, w tym rozwój podmiotów ekonomii społecznej; 3) wsparcie rodzin niewydolnych opiekuńczo-wychowawczo oraz prowadzenie placówek wsparcia dziennego dla dzieci i młodzieży; 4) przeciwdziałanie ubóstwu i aktywizacja osób starszych.",
            "W obszarze kultury: 1) upowszechnianie kultury w dzielnicach, zwłaszcza poza centrum miasta; 2) ochrona dziedzictwa kulturowego Krakowa; 3) wsparcie inicjatyw artystycznych młodych twórców. W obszarze ekologii: 1) edukacja ekologiczna mieszkańców; 2) ochrona terenów zielonych i działania na rzecz czystego powietrza; 3) opieka nad zwierzętami bezdomnymi.",
            "W obszarze sportu i rekreacji: 1) upowszechnianie aktywności fizycznej dzieci, młodzieży i seniorów; 2) organizacja ogólnodostępnych imprez sportowo-rekreacyjnych; 3) sport osób niepełnosprawnych. W obszarze społeczeństwa obywatelskiego: 1) rozwój wolontariatu; 2) wsparcie inicjatyw lokalnych i rad dzielnic we współpracy z organizacjami; 3) wzmacnianie potencjału i współpracy krakowskich organizacji pozarządowych.",
        ],
    },
    {
        "kind": "period",
        "title": "Okres realizacji Programu",
        "paragraphs": [
            "Program realizowany jest w okresie od dnia 1 stycznia 2012 r. do dnia 31 grudnia 2014 r.",
            "Zadania publiczne o charakterze ciągłym mogą być zlecane na okres dłuższy niż rok budżetowy, w granicach okresu realizacji Programu, na podstawie umów wieloletnich.",
            "Program jest uszczegóławiany w rocznych programach współpracy, uchwalanych przez Radę Miasta Krakowa do dnia 30 listopada roku poprzedzającego, które określają w szczególności zadania i wysokość środków na dany rok.",
            "W ostatnim roku realizacji Programu rozpoczęte zostaną prace nad kolejnym programem wieloletnim, z wykorzystaniem wniosków z oceny realizacji niniejszego Programu.",
        ],
    },
    {
        "kind": "implementation",
        "title": "Sposób realizacji Programu",
        "paragraphs": [
            "Program realizują: 1) Rada Miasta Krakowa i jej komisje – w zakresie wyznaczania kierunków polityki Miasta wobec organizacji pozarządowych; 2) Prezydent Miasta Krakowa – w zakresie realizacji polityki współpracy, w tym ogłaszania konkursów i dysponowania środkami; 3) wydziały Urzędu Miasta Krakowa i miejskie jednostki organizacyjne – w zakresie swojej właściwości; 4) organizacje pozarządowe – w zakresie realizacji zadań publicznych i udziału w konsultacjach.",
            "Koordynatorem realizacji Programu jest Miejski Ośrodek Wspierania Inicjatyw Społecznych, który prowadzi bazę danych organizacji, gromadzi informacje o realizacji zadań publicznych i wspiera komórki merytoryczne Urzędu we współpracy z organizacjami.",
            "Zespoły branżowe działają przez cały okres realizacji Programu jako wspólne zespoły o charakterze doradczym i inicjatywnym. Zespoły spotykają się co najmniej dwa razy w roku, monitorują realizację celów w swoim obszarze i zgłaszają propozycje zadań na kolejny rok.",
            "Otwarte konkursy ofert na zadania realizowane od początku roku ogłaszane są w miarę możliwości w listopadzie roku poprzedzającego. Ogłoszenia i wyniki konkursów publikowane są w Biuletynie Informacji Publicznej, na stronie internetowej Miasta oraz na tablicy ogłoszeń Urzędu Miasta Krakowa.",
            "Projekty aktów prawa miejscowego w dziedzinach dotyczących działalności statutowej organizacji są konsultowane na zasadach określonych w uchwale nr XII/135/11 Rady Miasta Krakowa z dnia 13 kwietnia 2011 r.",
        ],
    },
    {
        "kind": "funds",
        "title": "Wysokość środków planowanych na realizację Programu",
        "paragraphs": [
            "Na realizację Programu planuje się przeznaczyć ze środków budżetu Gminy Miejskiej Kraków kwotę nie mniej niż 60 000 000 zł rocznie, tj. łącznie nie mniej niż 180 000 000 zł w latach 2012–2014.",
            "Szacunkowy roczny podział środków na obszary współpracy przedstawia się następująco: 1) zdrowie i wsparcie osób niepełnosprawnych – 9 500 000 zł; 2) edukacja – 6 000 000 zł; 3) aktywizacja grup zagrożonych wykluczeniem społecznym – 28 000 000 zł; 4) kultura – 5 500 000 zł; 5) ekologia – 1 200 000 zł; 6) sport i rekreacja – 8 300 000 zł; 7) społeczeństwo obywatelskie – 1 500 000 zł.",
            "Ostateczną wysokość środków na dany rok określa uchwała budżetowa Miasta Krakowa na ten rok oraz roczny program współpracy.",
            "W ramach przewidzianych środków Miasto może dofinansować wkład własny organizacji do projektów współfinansowanych ze źródeł zewnętrznych, w tym z funduszy Unii Europejskiej.",
        ],
    },
    {
        "kind": "evaluation",
        "title": "Sposób oceny realizacji Programu",
        "paragraphs": [
            "Realizacja Programu podlega bieżącemu monitorowaniu przez Miejski Ośrodek Wspierania Inicjatyw Społecznych we współpracy z zespołami branżowymi.",
            "Miernikami realizacji Programu są w szczególności: 1) liczba ogłoszonych otwartych konkursów ofert i liczba złożonych ofert; 2) liczba zawartych umów, w tym umów wieloletnich; 3) wysokość środków przekazanych organizacjom; 4) liczba odbiorców zadań publicznych; 5) liczba projektów aktów skonsultowanych z organizacjami; 6) liczba spotkań zespołów branżowych i liczba uczestniczących w nich organizacji.",
            "Prezydent Miasta Krakowa przedkłada Radzie Miasta Krakowa oraz publikuje w Biuletynie Informacji Publicznej sprawozdanie z realizacji Programu za rok poprzedni, w terminie do dnia 30 kwietnia.",
            "Po zakończeniu okresu realizacji Programu przeprowadzona zostanie jego całościowa ocena z udziałem organizacji pozarządowych, a jej wyniki zostaną wykorzystane przy tworzeniu kolejnego programu.",
        ],
    },
    {
        "kind": "preparation",
        "title": "Informacja o sposobie tworzenia Programu oraz o przebiegu konsultacji",
        "paragraphs": [
            "Prace nad Programem podjęto w wykonaniu obowiązku wynikającego z ustawy oraz uchwały nr CXI/1510/10 Rady Miasta Krakowa z dnia 6 października 2010 r., w której opracowanie wieloletniego programu współpracy z organizacjami pozarządowymi i innymi podmiotami wskazano jako cel priorytetowy.",
            "Projekt Programu przygotowano w siedmiu zespołach branżowych złożonych z przedstawicieli organizacji pozarządowych i urzędników: ds. zdrowia i wsparcia dla osób niepełnosprawnych, ds. edukacji, ds. aktywizacji grup zagrożonych wykluczeniem, ds. kultury, ds. ekologii, ds. sportu i rekreacji oraz ds. społeczeństwa obywatelskiego. Pracę zespołów koordynował Zespół Koordynujący.",
            "Na spotkaniach zespołów, w tym na spotkaniu Zespołu Branżowego ds. Wykluczenia Społecznego w dniu 6 lipca 2011 r., przeprowadzono analizę SWOT współpracy w danym obszarze, określono cele współpracy samorządu z organizacjami wraz z propozycjami rozwiązań oraz zaproponowano konkretne działania.",
            "Wypracowane przez zespoły dokumenty zostały upublicznione i w okresie wakacyjnym poddane konsultacji z innymi organizacjami, ekspertami i urzędnikami. Sugestie i komentarze zebrał Zespół Koordynujący.",
            "We wrześniu 2011 r. odbyło się spotkanie konsultujące wypracowane rozwiązania i założenia, po którym Zespół Koordynujący podsumował uwagi i przygotował projekt dokumentu. Ostateczna konsultacja projektu prowadzona jest do końca września 2011 r. na zasadach określonych w uchwale nr XII/135/11 Rady Miasta Krakowa.",
            "Zestawienie zgłoszonych uwag wraz ze stanowiskiem co do ich uwzględnienia zostanie przedstawione w raporcie z konsultacji, opublikowanym w Biuletynie Informacji Publicznej i na stronie internetowej Miasta.",
        ],
    },
    {
        "kind": "committees",
        "title": "Tryb powoływania i zasady działania komisji konkursowych",
        "paragraphs": [
            "Komisje konkursowe do opiniowania ofert złożonych w otwartych konkursach ofert powołuje Prezydent Miasta Krakowa w drodze zarządzenia, odrębnie dla każdego konkursu lub grupy konkursów.",
            "W skład komisji wchodzą przedstawiciele Prezydenta Miasta Krakowa oraz osoby wskazane przez organizacje pozarządowe lub podmioty wymienione w art. 3 ust. 3 ustawy, z wyłączeniem osób reprezentujących organizacje biorące udział w konkursie. Kandydatów na członków komisji organizacje zgłaszają w terminie wskazanym w ogłoszeniu o naborze.",
            "W pracach komisji mogą uczestniczyć, z głosem doradczym, osoby posiadające specjalistyczną wiedzę w dziedzinie obejmującej zakres zadań publicznych, których dotyczy konkurs.",
            "Przed rozpoczęciem prac każdy członek komisji składa oświadczenie, że nie pozostaje z oferentami w stosunku prawnym lub faktycznym, który mógłby budzić uzasadnione wątpliwości co do jego bezstronności. Do członków komisji stosuje się przepisy Kodeksu postępowania administracyjnego dotyczące wyłączenia pracownika.",
            "Komisja obraduje w obecności co najmniej połowy składu, w tym przewodniczącego, ocenia oferty według kryteriów określonych w ogłoszeniu konkursowym i sporządza protokół z każdego posiedzenia. Opinię wraz z propozycją podziału środków komisja przedstawia Prezydentowi Miasta Krakowa, który podejmuje decyzję o wyborze ofert i wysokości dotacji.",
            "Udział w pracach komisji konkursowej jest nieodpłatny, a członkom komisji nie przysługuje zwrot kosztów podróży.",
        ],
    },
]

# Version 2 of the draft, after the summer consultation. All indexes are 0-based
# and refer to the paragraphs of version 1 (DRAFT_SECTIONS). No section mixes
# different kinds of change, so the order of applying them does not matter.
#   {"kind", "paragraph_index", "new_text"}  replaces a paragraph;
#   {"kind", "insert_after", "new_text"}     inserts a new paragraph after one;
#   {"kind", "delete"}                       deletes a paragraph.
DRAFT_SECTIONS_V2_CHANGES: list[dict] = [
    {
        "kind": "goals",
        "paragraph_index": 2,
        "new_text": "Celami szczegółowymi Programu są: 1) zwiększenie udziału organizacji pozarządowych w diagnozowaniu potrzeb mieszkańców oraz w planowaniu, realizacji i ocenie polityk publicznych; 2) zapewnienie stabilności i ciągłości realizacji zadań publicznych, w szczególności poprzez umowy wieloletnie; 3) podniesienie jakości i efektywności usług świadczonych mieszkańcom przez organizacje; 4) wzmocnienie potencjału instytucjonalnego krakowskich organizacji pozarządowych; 5) rozwój wolontariatu i aktywności obywatelskiej mieszkańców; 6) rozwój ekonomii społecznej jako narzędzia integracji osób zagrożonych wykluczeniem.",
    },
    {
        "kind": "period",
        "paragraph_index": 1,
        "new_text": "Zadania publiczne o charakterze ciągłym zlecane są, co do zasady, na okres dłuższy niż rok budżetowy, w granicach okresu realizacji Programu, na podstawie umów wieloletnich. Zlecenie takiego zadania na okres jednego roku wymaga uzasadnienia w ogłoszeniu konkursowym.",
    },
    {
        "kind": "implementation",
        "paragraph_index": 2,
        "new_text": "Zespoły branżowe działają przez cały okres realizacji Programu jako wspólne zespoły o charakterze doradczym i inicjatywnym. Zespoły spotykają się co najmniej trzy razy w roku, monitorują realizację celów w swoim obszarze i zgłaszają propozycje zadań na kolejny rok. Notatki ze spotkań zespołów są publikowane na stronie internetowej Miasta.",
    },
    {
        "kind": "funds",
        "paragraph_index": 0,
        "new_text": "Na realizację Programu planuje się przeznaczyć ze środków budżetu Gminy Miejskiej Kraków kwotę nie mniej niż 62 000 000 zł rocznie, tj. łącznie nie mniej niż 186 000 000 zł w latach 2012–2014. Kwota ta nie obejmuje środków przekazywanych na podstawie odrębnych przepisów, w szczególności dotacji dla niepublicznych szkół i przedszkoli.",
    },
    {
        "kind": "committees",
        "paragraph_index": 1,
        "new_text": "W skład komisji wchodzą przedstawiciele Prezydenta Miasta Krakowa oraz co najmniej dwie osoby wskazane przez organizacje pozarządowe lub podmioty wymienione w art. 3 ust. 3 ustawy, z wyłączeniem osób reprezentujących organizacje biorące udział w konkursie. Kandydatów na członków komisji organizacje zgłaszają w terminie wskazanym w ogłoszeniu o naborze, publikowanym w Biuletynie Informacji Publicznej. Spośród zgłoszonych kandydatów członków komisji wybiera się w drodze losowania.",
    },
    {
        "kind": "evaluation",
        "insert_after": 1,
        "new_text": "Corocznie przeprowadzane jest badanie ankietowe organizacji pozarządowych dotyczące oceny współpracy z Miastem, którego wyniki są publikowane i omawiane na spotkaniach zespołów branżowych.",
    },
    {
        "kind": "preparation",
        "insert_after": 3,
        "new_text": "W konsultacjach wakacyjnych zgłoszono uwagi dotyczące m.in. stosowania umów wieloletnich, terminów ogłaszania konkursów, składu komisji konkursowych oraz częstotliwości spotkań zespołów branżowych. Uwagi te zostały uwzględnione w całości lub w części w niniejszej wersji projektu.",
    },
    {
        "kind": "scope",
        "delete": 2,
    },
]

# Sector teams (the seven of the seed slides) and the coordinating team.
TEAMS: list[dict] = [
    {
        "slug": "zdrowie-niepelnosprawnosc",
        "name": "Zespół Branżowy ds. zdrowia i wsparcia dla osób niepełnosprawnych",
        "kind": "sector",
        "scope": "Zespół zajmuje się współpracą w zakresie ochrony i promocji zdrowia, profilaktyki uzależnień oraz rehabilitacji społecznej i zawodowej osób niepełnosprawnych. Wypracowuje propozycje dotyczące usług opiekuńczych, asystenckich i wsparcia rodzin osób zależnych.",
    },
    {
        "slug": "edukacja",
        "name": "Zespół Branżowy ds. edukacji",
        "kind": "sector",
        "scope": "Zespół obejmuje działania edukacyjne organizacji pozarządowych, w tym zajęcia pozalekcyjne, edukację obywatelską i międzykulturową oraz wyrównywanie szans edukacyjnych. Współpracuje z Wydziałem Edukacji w zakresie planowania zadań dla dzieci i młodzieży.",
    },
    {
        "slug": "wykluczenie-spoleczne",
        "name": "Zespół Branżowy ds. aktywizacji grup zagrożonych wykluczeniem społecznym",
        "kind": "sector",
        "scope": "Zespół zajmuje się współpracą w przeciwdziałaniu wykluczeniu społecznemu, bezdomności i ubóstwu, reintegracją społeczną i zawodową oraz wsparciem rodzin niewydolnych opiekuńczo-wychowawczo. Jego prace nawiązują do czterech obszarów priorytetowych Strategii Rozwiązywania Problemów Społecznych Miasta Krakowa na lata 2007–2013.",
    },
    {
        "slug": "kultura",
        "name": "Zespół Branżowy ds. kultury",
        "kind": "sector",
        "scope": "Zespół obejmuje upowszechnianie kultury, ochronę dziedzictwa kulturowego i wsparcie inicjatyw artystycznych. Szczególną uwagę poświęca dostępności oferty kulturalnej w dzielnicach położonych poza centrum Krakowa.",
    },
    {
        "slug": "ekologia",
        "name": "Zespół Branżowy ds. ekologii",
        "kind": "sector",
        "scope": "Zespół zajmuje się współpracą w zakresie ekologii, ochrony przyrody i terenów zielonych, edukacji ekologicznej oraz ochrony zwierząt. Wypracowuje propozycje działań na rzecz poprawy jakości powietrza i środowiska w mieście.",
    },
    {
        "slug": "sport-rekreacja",
        "name": "Zespół Branżowy ds. sportu i rekreacji",
        "kind": "sector",
        "scope": "Zespół obejmuje upowszechnianie kultury fizycznej, sport dzieci i młodzieży, rekreację mieszkańców oraz sport osób niepełnosprawnych. Zajmuje się także zasadami korzystania przez organizacje z miejskiej infrastruktury sportowej.",
    },
    {
        "slug": "spoleczenstwo-obywatelskie",
        "name": "Zespół Branżowy ds. społeczeństwa obywatelskiego",
        "kind": "sector",
        "scope": "Zespół zajmuje się rozwojem wolontariatu, inicjatyw lokalnych i aktywności obywatelskiej mieszkańców. Wypracowuje rozwiązania wzmacniające potencjał organizacji pozarządowych oraz mechanizmy dialogu i konsultacji z Miastem.",
    },
    {
        "slug": "koordynujacy",
        "name": "Zespół Koordynujący",
        "kind": "coordinating",
        "scope": "Zespół koordynuje prace zespołów branżowych nad Wieloletnim Programem Współpracy, zbiera sugestie i komentarze zgłoszone w konsultacjach i podsumowuje uwagi. Na tej podstawie przygotowuje projekt dokumentu poddawany ostatecznej konsultacji.",
    },
]

# Fictional organisations. NIP and REGON have valid check digits (python-stdnum).
ORGANISATIONS: list[dict] = [
    {
        "name": "Stowarzyszenie „Wspólny Dom”",
        "krs": "0000214587",
        "nip": "6788342404",
        "regon": "355043307",
        "address": "ul. Krowoderska 27/4, 31-142 Kraków",
        "email": "biuro@wspolny-dom.example.org",
        "website": "https://wspolny-dom.example.org",
        "team": "wykluczenie-spoleczne",
    },
    {
        "name": "Fundacja Pomocy Rodzinie „Nowa Droga”",
        "krs": "0000287361",
        "nip": "6702568796",
        "regon": "350146920",
        "address": "ul. Limanowskiego 15/2, 30-551 Kraków",
        "email": "biuro@fundacja-nowa-droga.example.org",
        "website": "https://fundacja-nowa-droga.example.org",
        "team": "wykluczenie-spoleczne",
    },
    {
        "name": "Stowarzyszenie Animatorów Podgórza „Przystań”",
        "krs": "0000331905",
        "nip": "6768843936",
        "regon": "359099902",
        "address": "ul. Józefińska 18, 30-529 Kraków",
        "email": "kontakt@przystan-podgorze.example.org",
        "website": "https://przystan-podgorze.example.org",
        "team": "wykluczenie-spoleczne",
    },
    {
        "name": "Fundacja „Krakowski Próg”",
        "krs": "0000352218",
        "nip": "6729177895",
        "regon": "356763802",
        "address": "ul. Dietla 64/8, 31-039 Kraków",
        "email": "biuro@fundacja-krakowski-prog.example.org",
        "website": "https://fundacja-krakowski-prog.example.org",
        "team": "wykluczenie-spoleczne",
    },
    {
        "name": "Stowarzyszenie na rzecz Osób Niepełnosprawnych „Razem w Nowej Hucie”",
        "krs": "0000176540",
        "nip": "6772397064",
        "regon": "353583117",
        "address": "os. Centrum B 7/12, 31-927 Kraków",
        "email": "biuro@razem-nowa-huta.example.org",
        "website": "https://razem-nowa-huta.example.org",
        "team": "zdrowie-niepelnosprawnosc",
    },
    {
        "name": "Fundacja Edukacji Otwartej „Kazimierz”",
        "krs": "0000298174",
        "nip": "6785634081",
        "regon": "358361841",
        "address": "ul. Miodowa 24/5, 31-055 Kraków",
        "email": "biuro@fundacja-eo-kazimierz.example.org",
        "website": "https://fundacja-eo-kazimierz.example.org",
        "team": "edukacja",
    },
    {
        "name": "Stowarzyszenie Kulturalne „Dom pod Kopcem”",
        "krs": "0000240963",
        "nip": "6769159745",
        "regon": "356725078",
        "address": "ul. Zwierzyniecka 30/1, 31-105 Kraków",
        "email": "biuro@dom-pod-kopcem.example.org",
        "website": "https://dom-pod-kopcem.example.org",
        "team": "kultura",
    },
    {
        "name": "Towarzystwo Ekologiczne „Zielone Błonia”",
        "krs": "0000119872",
        "nip": "6790433273",
        "regon": "358669220",
        "address": "ul. Kościuszki 44, 30-114 Kraków",
        "email": "biuro@zielone-blonia.example.org",
        "website": "https://zielone-blonia.example.org",
        "team": "ekologia",
    },
    {
        "name": "Stowarzyszenie Sportowo-Rekreacyjne „Aktywne Bronowice”",
        "krs": "0000265419",
        "nip": "6796046689",
        "regon": "354835331",
        "address": "ul. Balicka 56, 30-149 Kraków",
        "email": "biuro@aktywne-bronowice.example.org",
        "website": "https://aktywne-bronowice.example.org",
        "team": "sport-rekreacja",
    },
    {
        "name": "Forum Krakowskich Inicjatyw Obywatelskich",
        "krs": "0000318726",
        "nip": "6712552992",
        "regon": "355990186",
        "address": "ul. Karmelicka 31/6, 31-128 Kraków",
        "email": "biuro@forum-inicjatyw.example.org",
        "website": "https://forum-inicjatyw.example.org",
        "team": "spoleczenstwo-obywatelskie",
    },
]

# Fictional people. "team" is a team slug, "organisation" an ORGANISATIONS name
# (None for officials and experts); "role" is member, moderator, official or expert.
PEOPLE: list[dict] = [
    {
        "username": "mzielinska",
        "first_name": "Magdalena",
        "last_name": "Zielińska",
        "email": "m.zielinska@example.org",
        "team": "wykluczenie-spoleczne",
        "organisation": "Stowarzyszenie „Wspólny Dom”",
        "role": "moderator",
        "public_name_consent": True,
    },
    {
        "username": "pnowakowski",
        "first_name": "Piotr",
        "last_name": "Nowakowski",
        "email": "p.nowakowski@example.org",
        "team": "wykluczenie-spoleczne",
        "organisation": "Fundacja Pomocy Rodzinie „Nowa Droga”",
        "role": "member",
        "public_name_consent": True,
    },
    {
        "username": "kwrobel",
        "first_name": "Katarzyna",
        "last_name": "Wróbel",
        "email": "k.wrobel@example.org",
        "team": "wykluczenie-spoleczne",
        "organisation": "Stowarzyszenie Animatorów Podgórza „Przystań”",
        "role": "member",
        "public_name_consent": False,
    },
    {
        "username": "tsikora",
        "first_name": "Tomasz",
        "last_name": "Sikora",
        "email": "t.sikora@example.org",
        "team": "wykluczenie-spoleczne",
        "organisation": "Fundacja „Krakowski Próg”",
        "role": "member",
        "public_name_consent": True,
    },
    {
        "username": "jdudek",
        "first_name": "Joanna",
        "last_name": "Dudek",
        "email": "j.dudek@example.org",
        "team": "wykluczenie-spoleczne",
        "organisation": "Stowarzyszenie „Wspólny Dom”",
        "role": "member",
        "public_name_consent": False,
    },
    {
        "username": "lmazur",
        "first_name": "Łukasz",
        "last_name": "Mazur",
        "email": "l.mazur@example.org",
        "team": "wykluczenie-spoleczne",
        "organisation": None,
        "role": "official",
        "public_name_consent": True,
    },
    {
        "username": "ewoznicka",
        "first_name": "Ewa",
        "last_name": "Woźnicka",
        "email": "e.woznicka@example.org",
        "team": "wykluczenie-spoleczne",
        "organisation": None,
        "role": "expert",
        "public_name_consent": True,
    },
    {
        "username": "mpawlak",
        "first_name": "Marek",
        "last_name": "Pawlak",
        "email": "m.pawlak@example.org",
        "team": "koordynujacy",
        "organisation": None,
        "role": "official",
        "public_name_consent": True,
    },
    {
        "username": "bkrawczyk",
        "first_name": "Barbara",
        "last_name": "Krawczyk",
        "email": "b.krawczyk@example.org",
        "team": "zdrowie-niepelnosprawnosc",
        "organisation": "Stowarzyszenie na rzecz Osób Niepełnosprawnych „Razem w Nowej Hucie”",
        "role": "moderator",
        "public_name_consent": True,
    },
    {
        "username": "rgorski",
        "first_name": "Rafał",
        "last_name": "Górski",
        "email": "r.gorski@example.org",
        "team": "zdrowie-niepelnosprawnosc",
        "organisation": "Stowarzyszenie na rzecz Osób Niepełnosprawnych „Razem w Nowej Hucie”",
        "role": "member",
        "public_name_consent": False,
    },
    {
        "username": "mlis",
        "first_name": "Michał",
        "last_name": "Lis",
        "email": "m.lis@example.org",
        "team": "kultura",
        "organisation": "Stowarzyszenie Kulturalne „Dom pod Kopcem”",
        "role": "moderator",
        "public_name_consent": True,
    },
    {
        "username": "ipawlik",
        "first_name": "Iwona",
        "last_name": "Pawlik",
        "email": "i.pawlik@example.org",
        "team": "edukacja",
        "organisation": "Fundacja Edukacji Otwartej „Kazimierz”",
        "role": "member",
        "public_name_consent": True,
    },
    {
        "username": "gbaran",
        "first_name": "Grzegorz",
        "last_name": "Baran",
        "email": "g.baran@example.org",
        "team": "ekologia",
        "organisation": "Towarzystwo Ekologiczne „Zielone Błonia”",
        "role": "member",
        "public_name_consent": False,
    },
    {
        "username": "swalczak",
        "first_name": "Sylwia",
        "last_name": "Walczak",
        "email": "s.walczak@example.org",
        "team": "sport-rekreacja",
        "organisation": "Stowarzyszenie Sportowo-Rekreacyjne „Aktywne Bronowice”",
        "role": "member",
        "public_name_consent": True,
    },
    {
        "username": "kchmiel",
        "first_name": "Krzysztof",
        "last_name": "Chmiel",
        "email": "k.chmiel@example.org",
        "team": "spoleczenstwo-obywatelskie",
        "organisation": "Forum Krakowskich Inicjatyw Obywatelskich",
        "role": "member",
        "public_name_consent": True,
    },
]

# SWOT items of the 6.07.2011 meeting, by topic index:
#   0 = cooperation of NGOs with the City in counteracting social exclusion;
#   1 = cooperation of NGOs with the City in systemic solutions for public tasks.
# Quadrants: S = strengths, W = weaknesses, O = opportunities, T = threats.
SAMPLE_SWOT_ITEMS: dict[int, list[tuple[str, str]]] = {
    0: [
        (
            "S",
            "Duże doświadczenie krakowskich organizacji w pracy z osobami bezdomnymi, uzależnionymi i długotrwale bezrobotnymi.",
        ),
        (
            "S",
            "Dobra znajomość potrzeb środowisk lokalnych i bezpośredni kontakt organizacji z osobami wykluczonymi.",
        ),
        (
            "S",
            "Wieloletnia współpraca organizacji z Miejskim Ośrodkiem Pomocy Społecznej przy realizacji zadań zleconych.",
        ),
        (
            "S",
            "Zaangażowanie wolontariuszy i elastyczność w reagowaniu na nowe problemy społeczne.",
        ),
        (
            "W",
            "Roczny okres finansowania zadań utrudnia prowadzenie długofalowej pracy z osobami wykluczonymi.",
        ),
        (
            "W",
            "Słaba wymiana informacji między organizacjami działającymi w tej samej dzielnicy lub obszarze.",
        ),
        ("W", "Niewystarczające zaplecze lokalowe i kadrowe wielu organizacji."),
        (
            "W",
            "Rozbudowane wymogi formalne przy rozliczaniu dotacji pochłaniają czas przeznaczony na pracę z podopiecznymi.",
        ),
        (
            "O",
            "Środki Europejskiego Funduszu Społecznego na projekty aktywizacji społecznej i zawodowej.",
        ),
        (
            "O",
            "Rozwój ekonomii społecznej, w tym spółdzielni socjalnych i centrów integracji społecznej.",
        ),
        (
            "O",
            "Prace nad Wieloletnim Programem Współpracy jako okazja do uzgodnienia wspólnych priorytetów z Miastem.",
        ),
        ("T", "Wzrost liczby osób zagrożonych ubóstwem w związku ze spowolnieniem gospodarczym."),
        ("T", "Ograniczenia budżetu Miasta i ryzyko zmniejszenia środków na dotacje."),
        (
            "T",
            "Stygmatyzacja osób wykluczonych i sprzeciw części mieszkańców wobec lokalizacji placówek wsparcia.",
        ),
        ("T", "Wypalenie zawodowe i rotacja kadry organizacji pracujących z osobami wykluczonymi."),
    ],
    1: [
        ("S", "Coroczne programy współpracy i utrwalona procedura otwartych konkursów ofert."),
        ("S", "Udział przedstawicieli organizacji pozarządowych w komisjach konkursowych."),
        (
            "S",
            "Działalność Miejskiego Ośrodka Wspierania Inicjatyw Społecznych jako punktu informacji i wsparcia dla organizacji.",
        ),
        ("W", "Brak umów wieloletnich na realizację zadań o charakterze ciągłym."),
        (
            "W",
            "Późne rozstrzyganie konkursów i opóźnienia w przekazywaniu dotacji na początku roku.",
        ),
        ("W", "Niejednolite standardy realizacji usług w poszczególnych jednostkach Miasta."),
        ("W", "Ograniczony udział organizacji w planowaniu zadań na etapie przygotowania budżetu."),
        (
            "O",
            "Nowelizacja ustawy o działalności pożytku publicznego i o wolontariacie z 2010 r., wprowadzająca m.in. inicjatywę lokalną i tryb małych zleceń.",
        ),
        (
            "O",
            "Możliwość wykorzystania rady działalności pożytku publicznego jako stałego forum dialogu.",
        ),
        (
            "O",
            "Standardy usług społecznych wypracowywane w projektach systemowych pomocy społecznej.",
        ),
        (
            "T",
            "Traktowanie organizacji wyłącznie jako wykonawców zleceń, a nie partnerów w planowaniu.",
        ),
        (
            "T",
            "Częste zmiany przepisów i ich interpretacji, powodujące niepewność po obu stronach.",
        ),
        ("T", "Konkurencja cenowa w konkursach kosztem jakości usług."),
    ],
}

# Goals of the social-exclusion team. priority_area_numbers refer to the four
# priority areas of the Strategia Rozwiązywania Problemów Społecznych 2007-2013:
#   1 zagrożenie wykluczeniem społecznym, 2 wykluczenie społeczne,
#   3 ryzykowne zachowania dzieci i młodzieży, 4 zagrożenie ubóstwem.
# swot_refs are (topic_index, quadrant, index within that quadrant's items).
SAMPLE_GOALS: list[dict] = [
    {
        "title": "Zapewnienie ciągłości i stabilności usług dla osób zagrożonych wykluczeniem społecznym",
        "description": "Usługi dla osób bezdomnych, uzależnionych i długotrwale bezrobotnych wymagają wielomiesięcznej pracy z podopiecznym. Roczny tryb finansowania i opóźnienia konkursów powodują przerwy w świadczeniu pomocy i rotację kadry.",
        "priority_area_numbers": [1, 2],
        "swot_refs": [(0, "W", 0), (1, "W", 0), (1, "W", 1), (0, "T", 3)],
        "solutions": [
            "Zlecanie zadań o charakterze ciągłym na podstawie umów wieloletnich w okresie obowiązywania Programu.",
            "Ogłaszanie konkursów na zadania realizowane od początku roku do końca listopada roku poprzedzającego.",
            "Uproszczenie wzorów sprawozdań i ujednolicenie wymagań formalnych we wszystkich jednostkach Miasta.",
        ],
        "actions": [
            {
                "title": "Wieloletnie konkursy na przeciwdziałanie bezdomności i prowadzenie placówek wsparcia",
                "responsible_party": "Miejski Ośrodek Pomocy Społecznej w Krakowie",
                "cooperation_form": "commissioning",
                "first_year": 2012,
                "last_year": 2014,
                "indicator": "Liczba umów wieloletnich zawartych w wyniku otwartych konkursów ofert",
                "planned_funds": "1200000.00",
            },
            {
                "title": "Publikacja rocznego harmonogramu konkursów w obszarze pomocy społecznej",
                "responsible_party": "Miejski Ośrodek Wspierania Inicjatyw Społecznych",
                "cooperation_form": "information",
                "first_year": 2012,
                "last_year": 2014,
                "indicator": "Odsetek konkursów rozstrzygniętych przed rozpoczęciem realizacji zadania",
                "planned_funds": "0.00",
            },
            {
                "title": "Konsultacja ujednoliconych wzorów ofert i sprawozdań",
                "responsible_party": "Wydział Spraw Społecznych UMK wraz z zespołem branżowym",
                "cooperation_form": "consulting_acts",
                "first_year": 2012,
                "last_year": 2012,
                "indicator": "Przyjęcie ujednoliconych wzorów po konsultacjach z organizacjami",
                "planned_funds": "0.00",
            },
        ],
    },
    {
        "title": "Rozwój wsparcia dla dzieci i młodzieży z rodzin niewydolnych opiekuńczo-wychowawczo",
        "description": "Organizacje dobrze znają potrzeby rodzin w swoich dzielnicach, ale ich oferta jest rozproszona i zależna od krótkoterminowych projektów. Celem jest trwała sieć placówek wsparcia dziennego i pracy podwórkowej, powiązana z działaniami pracowników socjalnych.",
        "priority_area_numbers": [3, 4],
        "swot_refs": [(0, "S", 1), (0, "S", 3), (0, "O", 0), (0, "T", 0)],
        "solutions": [
            "Zapewnienie stałego finansowania placówek wsparcia dziennego prowadzonych przez organizacje.",
            "Wspólne zespoły pracowników socjalnych i pedagogów ulicy działające w dzielnicach.",
            "Udostępnianie organizacjom lokali miejskich na preferencyjnych warunkach na potrzeby świetlic.",
        ],
        "actions": [
            {
                "title": "Prowadzenie placówek wsparcia dziennego dla dzieci i młodzieży",
                "responsible_party": "Miejski Ośrodek Pomocy Społecznej w Krakowie i organizacje pozarządowe",
                "cooperation_form": "commissioning",
                "first_year": 2012,
                "last_year": 2014,
                "indicator": "Liczba dzieci objętych stałą opieką w placówkach wsparcia dziennego",
                "planned_funds": "2400000.00",
            },
            {
                "title": "Dzielnicowe zespoły ds. pracy z rodziną z udziałem organizacji",
                "responsible_party": "Miejski Ośrodek Pomocy Społecznej w Krakowie",
                "cooperation_form": "joint_teams",
                "first_year": 2013,
                "last_year": 2014,
                "indicator": "Liczba dzielnic, w których działa wspólny zespół",
                "planned_funds": "50000.00",
            },
            {
                "title": "Projekty partnerskie współfinansowane z Europejskiego Funduszu Społecznego",
                "responsible_party": "Organizacje pozarządowe w partnerstwie z Miejskim Ośrodkiem Pomocy Społecznej",
                "cooperation_form": "partnership",
                "first_year": 2012,
                "last_year": 2013,
                "indicator": "Liczba złożonych i zrealizowanych projektów partnerskich",
                "planned_funds": "250000.00",
            },
        ],
    },
    {
        "title": "Wzmocnienie udziału organizacji w planowaniu polityki społecznej Miasta",
        "description": "Organizacje uczestniczą w realizacji zadań, ale w niewielkim stopniu w ich planowaniu i ocenie. Zespół proponuje stałe mechanizmy dialogu, które pozwolą wspólnie ustalać priorytety i standardy usług.",
        "priority_area_numbers": [1, 2, 3, 4],
        "swot_refs": [(1, "W", 3), (1, "O", 1), (1, "T", 0), (0, "W", 1)],
        "solutions": [
            "Utrzymanie zespołu branżowego jako stałego ciała doradczego w okresie realizacji Programu.",
            "Konsultowanie z organizacjami projektów dokumentów strategicznych i programów z zakresu polityki społecznej.",
            "Coroczne spotkanie organizacji i jednostek Miasta poświęcone planowaniu zadań na kolejny rok.",
            "Wspólne wypracowanie standardów usług dla osób zagrożonych wykluczeniem.",
        ],
        "actions": [
            {
                "title": "Stałe spotkania Zespołu Branżowego ds. aktywizacji grup zagrożonych wykluczeniem społecznym",
                "responsible_party": "Miejski Ośrodek Wspierania Inicjatyw Społecznych",
                "cooperation_form": "joint_teams",
                "first_year": 2012,
                "last_year": 2014,
                "indicator": "Liczba spotkań zespołu w roku i liczba uczestniczących organizacji",
                "planned_funds": "15000.00",
            },
            {
                "title": "Konsultacje projektu strategii rozwiązywania problemów społecznych na kolejny okres",
                "responsible_party": "Wydział Spraw Społecznych UMK",
                "cooperation_form": "consulting_council",
                "first_year": 2013,
                "last_year": 2013,
                "indicator": "Liczba uwag zgłoszonych przez organizacje i odsetek uwag uwzględnionych",
                "planned_funds": "0.00",
            },
        ],
    },
]
