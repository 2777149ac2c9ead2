"""A generated consultation of thousands of comments with known groups (tests, bench, demo).

Built from the seed's draft (krakow_ngo/seed/data.py): every comment names a paragraph
of version 1 as (section position, paragraph number). Three kinds, each with its truth:

* campaigns — one text copied by many senders, each copy with small edits (a typo, a
  word changed, a greeting with the organisation's name): ``campaign`` is set;
* paraphrases — the same demand in other words. A member takes one of five wordings for
  each of four slots (demand, quoted passage of the paragraph, reason, opening) so that
  any two members share at most one slot: slot s of member (a, b) is ``(a + b·s) mod 5``
  for s = 1…4 — lines of the affine plane over GF(5) meet at most once. They must group
  together and never be a campaign;
* unrelated remarks — an editorial remark on its own passage of a paragraph that no
  theme concerns.

No randomness outside ``random.Random(seed)``: the same call gives the same texts.
Pure data, no Django: the generator is imported by tests, bench/ and the demo command.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from krakow_ngo.seed.data import DRAFT_SECTIONS


@dataclass(frozen=True)
class Generated:
    part: tuple[int, int]
    proposed: str
    justification: str
    group: str  # the true group: "campaign-3", "theme-7" or "remark-12"
    campaign: str | None  # the campaign it copies, if any
    organisation: int  # index of the sending organisation in a list of ``organisations``

    @property
    def text(self) -> str:
        return f"{self.proposed}\n{self.justification}"


OPENINGS = [
    "Wnosimy o zmianę tego zapisu.",
    "Proponujemy przeredagowanie paragrafu.",
    "Po dyskusji w naszym stowarzyszeniu zgłaszamy następującą poprawkę.",
    "Zwracamy się z prośbą o uzupełnienie projektu.",
    "Jako organizacja działająca od lat w Krakowie postulujemy korektę.",
]
# Reasons name the theme's topic, so that they belong to one demand, not to the form.
REASONS = [
    "W sprawie {topic} obecne brzmienie nie odpowiada praktyce ostatnich lat.",
    "Doświadczenia innych gmin pokazują, że w sprawie {topic} takie rozwiązanie się sprawdza.",
    "Bez tej zmiany zapis o {topic} pozostanie deklaracją bez pokrycia.",
    "Wnioski zespołów branżowych dotyczące {topic} prowadzą do tego samego.",
    "Mieszkańcy i organizacje od dawna zgłaszają urzędnikom problem {topic}.",
]
TOPICS = [
    "umów wieloletnich",
    "kosztów pracy komisji",
    "wysokości środków",
    "terminów konkursów",
    "zasady partnerstwa",
    "sprawozdawczości",
    "zespołów branżowych",
    "ekonomii społecznej",
    "wolontariatu",
    "konsultacji",
    "samotności seniorów",
    "jawności komisji",
]
CLOSINGS = [
    "Liczymy na pozytywne rozpatrzenie.",
    "Chętnie przedstawimy szczegóły na spotkaniu zespołu.",
    "Prosimy o informację zwrotną.",
    "Z poważaniem, zarząd organizacji.",
    "Deklarujemy gotowość do współpracy przy nowym brzmieniu.",
]

# (paragraph, five wordings of one demand)
THEMES: list[tuple[tuple[int, int], list[str]]] = [
    (
        (6, 2),
        [
            "Umowy wieloletnie powinny być regułą przy zadaniach ciągłych, takich jak noclegownie i świetlice.",
            "Zadania o charakterze ciągłym, np. prowadzenie noclegowni lub świetlicy, należy zlecać w umowach wieloletnich.",
            "Prosimy, by noclegownie i świetlice finansować na podstawie umów wieloletnich, a nie rocznych.",
            "Wieloletnia umowa zamiast rocznej dla ciągłych usług: noclegowni, świetlic, schronisk.",
            "Roczne umowy na prowadzenie świetlic i noclegowni trzeba zastąpić umowami wieloletnimi.",
        ],
    ),
    (
        (11, 2),
        [
            "Członkowie komisji konkursowych z organizacji powinni otrzymywać zwrot kosztów dojazdu.",
            "Należy zwracać przedstawicielom organizacji w komisjach konkursowych koszty podróży na posiedzenia.",
            "Koszty przejazdu członków komisji konkursowej reprezentujących organizacje powinno pokrywać Miasto.",
            "Wnosimy o refundację kosztów dojazdów na posiedzenia komisji konkursowych dla członków z organizacji.",
            "Zwrot wydatków na dojazd do komisji konkursowych dla przedstawicieli organizacji pozarządowych.",
        ],
    ),
    (
        (8, 1),
        [
            "Środki na realizację programu powinny wzrosnąć co najmniej o wskaźnik inflacji.",
            "Kwota przeznaczona na program musi być waloryzowana corocznie o inflację.",
            "Prosimy o coroczne zwiększanie budżetu programu przynajmniej o poziom inflacji.",
            "Wysokość środków programu należy indeksować inflacją, inaczej realnie maleje.",
            "Budżet na współpracę z organizacjami powinien rosnąć co roku nie mniej niż inflacja.",
        ],
    ),
    (
        (7, 3),
        [
            "Konkursy ofert trzeba ogłaszać najpóźniej do końca października roku poprzedniego.",
            "Ogłoszenia otwartych konkursów ofert powinny ukazywać się do października, przed rokiem realizacji.",
            "Termin ogłaszania konkursów należy przesunąć na październik poprzedniego roku.",
            "Konkursy na kolejny rok ogłaszane jesienią, najpóźniej w październiku.",
            "Prosimy o rozstrzyganie konkursów przed styczniem, a ogłaszanie ich do października.",
        ],
    ),
    (
        (2, 3),
        [
            "Zasada partnerstwa wymaga udziału organizacji w ocenie skutków polityk publicznych.",
            "Partnerstwo oznacza też wspólną ewaluację polityk publicznych przez miasto i organizacje.",
            "Do zasady partnerstwa dopiszmy współudział organizacji w ocenie efektów polityk miasta.",
            "Organizacje jako partnerzy powinny oceniać razem z urzędem rezultaty polityk publicznych.",
            "Prosimy o rozszerzenie zasady partnerstwa o wspólne ocenianie skutków decyzji miasta.",
        ],
    ),
    (
        (9, 1),
        [
            "Sprawozdanie z realizacji programu powinno zawierać wskaźniki rezultatu, a nie tylko liczbę umów.",
            "Ocena programu musi mierzyć rezultaty dla mieszkańców, nie wyłącznie liczbę zawartych umów.",
            "W sprawozdaniu brakuje mierników efektów; sama liczba dotacji niczego nie mówi.",
            "Wskaźniki oceny programu należy uzupełnić o rezultaty osiągnięte przez odbiorców zadań.",
            "Prosimy o mierniki rezultatu w ewaluacji programu obok liczby podpisanych umów.",
        ],
    ),
    (
        (4, 2),
        [
            "Zespoły branżowe powinny spotykać się co najmniej raz na kwartał.",
            "Posiedzenia zespołów branżowych należy zwoływać przynajmniej cztery razy w roku.",
            "Kwartalne spotkania zespołów branżowych zapewnią ciągłość dialogu.",
            "Prosimy o zapis, że zespół branżowy zbiera się nie rzadziej niż co trzy miesiące.",
            "Częstotliwość spotkań zespołów branżowych: minimum jedno posiedzenie na kwartał.",
        ],
    ),
    (
        (3, 1),
        [
            "Zakres współpracy należy rozszerzyć o ekonomię społeczną i spółdzielnie socjalne.",
            "Dopiszcie do przedmiotu współpracy wspieranie ekonomii społecznej, w tym spółdzielni socjalnych.",
            "Przedmiot współpracy powinien obejmować rozwój podmiotów ekonomii społecznej.",
            "Spółdzielnie socjalne i cała ekonomia społeczna muszą znaleźć się w zakresie programu.",
            "Prosimy o uwzględnienie ekonomii społecznej jako obszaru współpracy z miastem.",
        ],
    ),
    (
        (1, 3),
        [
            "Wśród celów szczegółowych brakuje rozwoju wolontariatu seniorów.",
            "Cel dotyczący wolontariatu należy uzupełnić o aktywizację osób starszych jako wolontariuszy.",
            "Proponujemy dodać cel: wolontariat osób w wieku senioralnym.",
            "Seniorzy jako wolontariusze powinni być osobno wymienieni w celach programu.",
            "Rozwój wolontariatu powinien dotyczyć również seniorów, co warto zapisać w celach.",
        ],
    ),
    (
        (10, 2),
        [
            "Konsultacje programu powinny trwać co najmniej trzydzieści dni.",
            "Okres konsultacji projektu programu jest za krótki; postulujemy minimum miesiąc.",
            "Prosimy o wydłużenie terminu zgłaszania uwag do trzydziestu dni.",
            "Trzydziestodniowy termin konsultacji pozwoli organizacjom rzetelnie przygotować uwagi.",
            "Czas na uwagi do projektu programu należy wydłużyć do miesiąca.",
        ],
    ),
    (
        (5, 1),
        [
            "Priorytetem powinno być przeciwdziałanie samotności osób starszych w dzielnicach.",
            "Dodajcie zadanie priorytetowe: wsparcie samotnych seniorów w miejscu zamieszkania.",
            "Samotność seniorów w dzielnicach to problem wymagający osobnego zadania priorytetowego.",
            "Wnosimy o priorytetowe zadanie dotyczące osamotnionych osób starszych.",
            "Zadania priorytetowe muszą obejmować pomoc samotnym starszym mieszkańcom dzielnic.",
        ],
    ),
    (
        (11, 1),
        [
            "Skład komisji konkursowych powinien być jawny i publikowany przed posiedzeniem.",
            "Nazwiska członków komisji konkursowej należy ogłaszać przed rozpatrzeniem ofert.",
            "Prosimy o publikowanie składu komisji konkursowych na stronie miasta przed obradami.",
            "Jawność składu komisji oceniających oferty już przed posiedzeniem zwiększy zaufanie.",
            "Lista członków komisji konkursowej powinna być publiczna, zanim komisja zacznie pracę.",
        ],
    ),
]

CAMPAIGNS: list[tuple[tuple[int, int], str]] = [
    (
        (8, 1),
        "Apelujemy o zwiększenie środków na zadania z zakresu pomocy społecznej o dwadzieścia procent. "
        "Wzrost kosztów utrzymania placówek, wynagrodzeń opiekunów i energii sprawia, że bez tego "
        "organizacje będą musiały ograniczyć liczbę miejsc dla podopiecznych już w przyszłym roku.",
    ),
    (
        (6, 1),
        "Domagamy się, aby program obowiązywał przez pięć lat, a nie trzy. Krótki okres uniemożliwia "
        "planowanie działań, zatrudnianie kadry na stałe i pozyskiwanie funduszy zewnętrznych, "
        "które wymagają wkładu własnego zapewnionego przez gminę.",
    ),
    (
        (5, 2),
        "Żądamy utworzenia centrum organizacji pozarządowych w każdej dzielnicy Krakowa z salą "
        "spotkań, dostępem do internetu i doradztwem prawnym. Lokalne inicjatywy nie mają gdzie się "
        "spotykać, a wynajem sal przekracza możliwości małych stowarzyszeń.",
    ),
    (
        (7, 1),
        "Sprzeciwiamy się wymogowi wkładu własnego finansowego w konkursach dla małych organizacji. "
        "Wkład osobowy i rzeczowy, praca wolontariuszy oraz udostępnienie lokalu powinny być "
        "uznawane na równi z wkładem pieniężnym.",
    ),
    (
        (2, 5),
        "Wnosimy o publikowanie w Biuletynie Informacji Publicznej wszystkich ocen ofert wraz z "
        "uzasadnieniem punktacji każdego członka komisji. Tylko pełna jawność ocen pozwala "
        "organizacjom poprawiać oferty i zapobiega podejrzeniom o stronniczość.",
    ),
    (
        (4, 1),
        "Postulujemy wprowadzenie regrantingu dla inicjatyw lokalnych, prowadzonego przez organizację "
        "wybraną w konkursie. Grupy nieformalne i młode stowarzyszenia nie są w stanie samodzielnie "
        "przejść przez procedurę konkursową, a mają pomysły ważne dla sąsiedztwa.",
    ),
    (
        (9, 2),
        "Żądamy, aby coroczne sprawozdanie z realizacji programu było konsultowane z Radą Działalności "
        "Pożytku Publicznego przed przedłożeniem Radzie Miasta. Rada powinna móc dołączyć do "
        "sprawozdania własne stanowisko i rekomendacje na kolejny rok.",
    ),
    (
        (3, 2),
        "Apelujemy o włączenie ochrony zwierząt i opieki nad bezdomnymi kotami do zakresu współpracy. "
        "Organizacje prozwierzęce wykonują zadania gminy bez wsparcia, a miejskie schronisko jest "
        "przepełnione przez cały rok.",
    ),
]
# How many copies each campaign has in the set of 2,000 (sums to 1,500).
CAMPAIGN_SIZES = [400, 300, 250, 200, 150, 120, 50, 30]
THEME_MEMBERS = 25
REMARK_FRAMES = [
    "W zdaniu „{passage}” poprawić interpunkcję.",
    "Fragment „{passage}” jest niejasny.",
    "Sprawdzić język: „{passage}”.",
    "Skrócić: „{passage}”.",
    "Doprecyzować „{passage}”.",
    "Czy „{passage}” to dobre sformułowanie?",
]
REMARK_WINDOW = 10


def _edit(text: str, rng: random.Random, organisation: str) -> str:
    """A copy as people make it: a typo or two, a word changed, sometimes a greeting."""
    words = text.split()
    for _ in range(rng.randint(0, 2)):
        i = rng.randrange(len(words))
        w = words[i]
        if len(w) > 4:
            j = rng.randrange(1, len(w) - 2)
            words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2 :]  # swapped letters
    if rng.random() < 0.3:
        i = rng.randrange(len(words))
        words[i] = rng.choice(["bardzo", "pilnie", "stanowczo", "ponownie"]) + " " + words[i]
    result = " ".join(words)
    if rng.random() < 0.5:
        result = f"{organisation} popiera ten apel. {result}"
    if rng.random() < 0.3:
        result += " Z wyrazami szacunku."
    return result


def _words(part: tuple[int, int]) -> list[str]:
    text = DRAFT_SECTIONS[part[0] - 1]["paragraphs"][part[1] - 1]
    return [w for w in re.split(r"\s+", text) if w]


def _quotes(part: tuple[int, int]) -> list[str]:
    """Five disjoint passages of the paragraph, for the "current wording" slot."""
    words = _words(part)
    size = max(3, len(words) // 5)
    return [" ".join(words[i * size : (i + 1) * size]) for i in range(5)]


def _passages(rng: random.Random) -> list[tuple[tuple[int, int], str]]:
    """Disjoint passages of ten words from paragraphs no theme concerns, shuffled."""
    themed = {part for part, _ in THEMES}
    result = []
    for s, section in enumerate(DRAFT_SECTIONS, start=1):
        for p, paragraph in enumerate(section["paragraphs"], start=1):
            if (s, p) in themed:
                continue
            words = [w for w in re.split(r"\s+", paragraph) if w]
            for start in range(0, len(words) - REMARK_WINDOW, REMARK_WINDOW):
                result.append(((s, p), " ".join(words[start : start + REMARK_WINDOW])))
    rng.shuffle(result)
    return result


def generate(
    n: int = 2000, *, organisations: list[str] | None = None, seed: int = 14
) -> list[Generated]:
    """``n`` comments: three quarters campaign copies, then paraphrases, then remarks."""
    rng = random.Random(seed)  # noqa: S311 (reproducible test data, not secrets)
    orgs = organisations or [f"Stowarzyszenie nr {i}" for i in range(1, 201)]
    scale = n / 2000
    result: list[Generated] = []
    for c, ((part, text), size) in enumerate(zip(CAMPAIGNS, CAMPAIGN_SIZES, strict=True)):
        for _ in range(max(2, round(size * scale))):
            o = rng.randrange(len(orgs))
            result.append(
                Generated(
                    part,
                    _edit(text, rng, orgs[o]),
                    "Uzasadnienie jak w apelu.",
                    f"campaign-{c}",
                    f"campaign-{c}",
                    o,
                )
            )
    members = [(a, b) for a in range(5) for b in range(5)]
    per_theme = max(2, round(THEME_MEMBERS * scale))
    for t, (part, wordings) in enumerate(THEMES):
        quotes = _quotes(part)
        for a, b in members[:per_theme]:
            slot = [(a + b * s) % 5 for s in range(1, 5)]
            result.append(
                Generated(
                    part,
                    f"{OPENINGS[slot[3]]} {wordings[slot[0]]}",
                    f"Obecny zapis „{quotes[slot[1]]}” tego nie przewiduje. "
                    f"{REASONS[slot[2]].format(topic=TOPICS[t])} {rng.choice(CLOSINGS)}",
                    f"theme-{t}",
                    None,
                    rng.randrange(len(orgs)),
                )
            )
    passages = _passages(rng)
    r = 0
    # Each remark has its own passage: the set has at most as many remarks as passages.
    while len(result) < n and r < len(passages):
        part, passage = passages[r % len(passages)]
        frame = REMARK_FRAMES[r % len(REMARK_FRAMES)]
        result.append(
            Generated(
                part,
                frame.format(passage=passage),
                "",
                f"remark-{r}",
                None,
                rng.randrange(len(orgs)),
            )
        )
        r += 1
    # Too few passages for the remarks: the first campaign takes the rest.
    (part, text), o = CAMPAIGNS[0], 0
    while len(result) < n:
        o = rng.randrange(len(orgs))
        result.append(
            Generated(
                part,
                _edit(text, rng, orgs[o]),
                "Uzasadnienie jak w apelu.",
                "campaign-0",
                "campaign-0",
                o,
            )
        )
    rng.shuffle(result)
    return result[:n]
