"""Sample comments for the seed: the 2011 consultation answered and reported, and a
few fresh, unanswered comments in the demo cycle. Content is Polish, as in life.

Each row names the paragraph as (section position, paragraph number) in version 1,
the seeded person who wrote it (their team membership gives the organisation) and,
for the 2011 programme, the answer and the paragraph of version 2 it changed.
"""

from __future__ import annotations

from typing import Any

REPORT_SUMMARY_2011 = "\n\n".join(
    [
        "Projekt Wieloletniego Programu Współpracy na lata 2012–2014 był konsultowany "
        "od 1 do 31 sierpnia 2011 r. przez formularz w portalu, e-mailem, pocztą i osobiście "
        "w MOWIS. Zgłoszono 10 uwag: 8 od organizacji pozarządowych, 1 od eksperta "
        "i 1 od pracownika Urzędu Miasta Krakowa.",
        "Zespół Koordynujący rozpatrzył wszystkie uwagi na posiedzeniu 12 września 2011 r. "
        "Uwzględniono w całości 5 uwag i częściowo 2 — dotyczyły one przede wszystkim umów "
        "wieloletnich, składu komisji konkursowych, częstotliwości spotkań zespołów "
        "branżowych i wysokości środków. Zmiany wprowadzono w wersji 2 projektu.",
        "Nie uwzględniono 2 uwag: zwrotu kosztów podróży członkom komisji konkursowych "
        "(brak podstawy w zasadach ustalonych przez Prezydenta Miasta) oraz ogłaszania "
        "wszystkich konkursów do końca października (termin zależy od prac nad budżetem). "
        "Do jednej uwagi udzielono wyjaśnienia.",
        "Wersja 2 projektu była przedmiotem ostatecznej konsultacji od 16 do 30 września 2011 r.",
    ]
)

# (section, paragraph) or None for the whole document; author username; texts; answer.
COMMENTS_2011: list[dict[str, Any]] = [
    {
        "part": (1, 3),
        "author": "pnowakowski",
        "proposed": "1) zwiększenie udziału organizacji pozarządowych w diagnozowaniu potrzeb "
        "mieszkańców oraz w planowaniu, realizacji i ocenie polityk publicznych; (…) "
        "6) rozwój ekonomii społecznej jako narzędzia integracji osób zagrożonych wykluczeniem.",
        "justification": "Organizacje powinny uczestniczyć także w ocenie polityk, a nie tylko "
        "w ich planowaniu. Ekonomia społeczna była jednym z głównych wniosków analizy SWOT "
        "Zespołu ds. Wykluczenia Społecznego.",
        "answer": "accepted",
        "answer_justification": "Uwaga uwzględniona. Cel 1 uzupełniono o ocenę polityk "
        "publicznych, dodano cel 6 dotyczący ekonomii społecznej.",
        "result": (1, 3),
        "day": 3,
    },
    {
        "part": (6, 2),
        "author": "jdudek",
        "proposed": "Zadania publiczne o charakterze ciągłym zlecane są, co do zasady, na okres "
        "dłuższy niż rok budżetowy, na podstawie umów wieloletnich.",
        "justification": "Roczne umowy na usługi ciągłe (np. noclegownie, świetlice) zmuszają "
        "organizacje do zwalniania i ponownego zatrudniania personelu co roku. Umowa wieloletnia "
        "powinna być regułą, a roczna — wyjątkiem wymagającym uzasadnienia.",
        "answer": "accepted",
        "answer_justification": "Uwaga uwzględniona. Umowa wieloletnia jest zasadą; zlecenie "
        "zadania ciągłego na rok wymaga uzasadnienia w ogłoszeniu konkursowym.",
        "result": (6, 2),
        "day": 4,
    },
    {
        "part": (7, 3),
        "author": "kchmiel",
        "proposed": "Zespoły spotykają się co najmniej raz na kwartał, a protokoły ze spotkań są "
        "publikowane w BIP w ciągu 14 dni.",
        "justification": "Dwa spotkania w roku nie wystarczą, by zespoły monitorowały realizację "
        "Programu. Publikacja protokołów zwiększy jawność prac zespołów.",
        "answer": "partly_accepted",
        "answer_justification": "Uwaga uwzględniona częściowo: zespoły spotykają się co najmniej "
        "trzy razy w roku, a notatki ze spotkań są publikowane na stronie Miasta. Spotkania "
        "kwartalne przekraczają możliwości organizacyjne części zespołów.",
        "result": (7, 3),
        "day": 8,
    },
    {
        "part": (8, 1),
        "author": "kwrobel",
        "proposed": "(…) kwotę nie mniej niż 65 000 000 zł rocznie (…)",
        "justification": "Kwota na 2011 r. nie uwzględnia wzrostu kosztów usług społecznych ani "
        "nowych zadań wynikających z pracy zespołów branżowych.",
        "answer": "partly_accepted",
        "answer_justification": "Uwaga uwzględniona częściowo: kwotę zwiększono do 62 000 000 zł "
        "rocznie, co odpowiada możliwościom budżetu Miasta przyjętym w Wieloletniej Prognozie "
        "Finansowej.",
        "result": (8, 1),
        "day": 10,
    },
    {
        "part": (11, 2),
        "author": "tsikora",
        "proposed": "W skład komisji wchodzą co najmniej dwie osoby wskazane przez organizacje "
        "pozarządowe, wybrane w drodze losowania spośród zgłoszonych kandydatów.",
        "justification": "Jawny nabór i losowanie ograniczą zarzuty co do doboru członków "
        "komisji i zwiększą zaufanie do konkursów.",
        "answer": "accepted",
        "answer_justification": "Uwaga uwzględniona w całości.",
        "result": (11, 2),
        "day": 12,
    },
    {
        "part": (11, 6),
        "author": "rgorski",
        "proposed": "Członkom komisji wskazanym przez organizacje przysługuje zwrot kosztów "
        "dojazdu na posiedzenia.",
        "justification": "Dla osób z niepełnosprawnościami koszt dojazdu bywa barierą udziału "
        "w pracach komisji.",
        "answer": "rejected",
        "answer_justification": "Uwaga nieuwzględniona. Udział w komisji jest nieodpłatny "
        "zgodnie z zasadami ustalonymi przez Prezydenta Miasta Krakowa; posiedzenia odbywają "
        "się w budynkach dostępnych dla osób z niepełnosprawnościami, a MOWIS może zapewnić "
        "transport na wniosek członka komisji.",
        "result": None,
        "day": 15,
    },
    {
        "part": (9, 2),
        "author": "ewoznicka",
        "proposed": "Dodać: corocznie przeprowadza się badanie ankietowe organizacji dotyczące "
        "oceny współpracy z Miastem, a jego wyniki są publikowane.",
        "justification": "Mierniki ilościowe (liczba konkursów, umów) nie mówią nic o jakości "
        "współpracy. Badanie opinii organizacji jest standardem w innych miastach.",
        "answer": "accepted",
        "answer_justification": "Uwaga uwzględniona: dodano coroczne badanie ankietowe.",
        "result": (9, 3),
        "day": 17,
    },
    {
        "part": None,
        "author": "lmazur",
        "proposed": "Dodać na początku Programu słowniczek pojęć (ustawa, organizacje, "
        "Program, konkurs, MOWIS).",
        "justification": "Ułatwi to lekturę osobom spoza urzędu i organizacji.",
        "answer": "explained",
        "answer_justification": "Pojęcia te objaśniono w rocznym programie współpracy na 2012 r., "
        "który uszczegóławia Program wieloletni; portal zawiera odnośniki do ustawy.",
        "result": None,
        "day": 20,
    },
    {
        "part": (7, 4),
        "author": "ipawlik",
        "proposed": "Otwarte konkursy ofert na zadania realizowane od początku roku ogłaszane są "
        "nie później niż do 31 października roku poprzedzającego.",
        "justification": "Ogłaszanie konkursów w grudniu powoduje przerwy w realizacji zadań "
        "w styczniu i lutym.",
        "answer": "rejected",
        "answer_justification": "Uwaga nieuwzględniona. Konkurs można ogłosić dopiero po "
        "przedłożeniu projektu budżetu (15 listopada); Program zobowiązuje do ogłaszania "
        "konkursów w listopadzie, w miarę możliwości.",
        "result": None,
        "day": 24,
    },
    {
        "part": (3, 3),
        "author": "mlis",
        "proposed": "Skreślić ust. 3.",
        "justification": "Wyliczenie obszarów powtarza treść części „Priorytetowe zadania "
        "publiczne” i może być odczytane jako zamknięty katalog.",
        "answer": "accepted",
        "answer_justification": "Uwaga uwzględniona: ustęp skreślono.",
        "result": None,
        # The paragraph itself, as linked by the picker: the diff says "deleted in
        # response to comment No. 10".
        "result_deleted": True,
        "day": 28,
    },
]

# The demo cycle's open consultation: a few fresh comments waiting for answers.
COMMENTS_DEMO: list[dict[str, Any]] = [
    {
        "part": (4, 5),
        # The demo member's own comment, so "My comments" shows something at once.
        "author": "demo-czlonek",
        "proposed": "Dodać: Miasto udostępnia organizacjom bezpłatnie sale w budynkach "
        "miejskich na spotkania z mieszkańcami.",
        "justification": "Preferencyjne warunki nadal oznaczają koszt, na który małych "
        "organizacji nie stać.",
        "days_ago": 3,
    },
    {
        "part": (8, 2),
        "author": "kwrobel",
        "proposed": "Zwiększyć środki na obszar aktywizacji grup zagrożonych wykluczeniem o 10%.",
        "justification": "Rośnie liczba osób w kryzysie bezdomności w Podgórzu.",
        "days_ago": 2,
    },
    {
        "part": None,
        "author": "ewoznicka",
        "proposed": "Każdy cel szczegółowy powinien mieć przypisany miernik i wartość docelową.",
        "justification": "Bez wartości docelowych ocena Programu nie będzie możliwa.",
        "days_ago": 1,
    },
]
