"""Every revised lexicon entry on real sentences of the coded development half (issue 16).

An entry is *revised* when it has an ``exclude``, an ``exclude_sentence``, a
period (``after``/``before``), an entity set, or a note citing the
development codes ("dev 1:", "dev 0:", "dev NNNN"). For each, :data:`CASES`
quotes a sentence of a NewsArticles story of the development half
(``corpus/validation/newsarticles_halves.csv``) where it counts, and for each
exclusion, period and entity-set requirement one where it does not; entries
bound to text before 1991 are quoted from Reuters-21578 (1987). The
sentences are checked against the corpora (marked tests); what the entry
does with them needs no corpus. The story ids that the notes cite are read
from the notes and checked against the development codes.
"""

from __future__ import annotations

import dataclasses
import html
import re
import tarfile
from pathlib import Path

import pandas as pd
import pytest

from wireframe import frames

ROOT = Path(__file__).resolve().parents[2]
DEV_CODES = ROOT / "corpus" / "validation" / "newsarticles_dev_codes.csv"
HALVES = ROOT / "corpus" / "validation" / "newsarticles_halves.csv"
LEXICONS = ("new_cold_war", "rivalry", "espionage")
NA = "2017-01-01"  # NewsArticles runs from 2016-04 to 2017-03
R87 = "1987-04-01"  # Reuters-21578

# (lexicon, pattern, period, corpus:story, publication date, sentence, counts)
# period picks one of two entries of a pattern bound to periods: "after" or "before".
CASES = [
    # new_cold_war
    ("new_cold_war", "new cold war", None, "na:50", NA,
     "Moral relativism corrodes sentiment in the frontline states of the new cold war.", True),
    ("new_cold_war", "new ~3 cold war", None, "na:50", NA,
     "Moral relativism corrodes sentiment in the frontline states of the new cold war.", True),
    ("new_cold_war", "relapse ~3 cold war", None, "na:2057", NA,
     'The foreign minister told Interfax reporters that a "relapse into Cold War times" must be '
     'avoided "at all costs."', True),
    ("new_cold_war", "mccarthy* w/8 anti-russian", None, "na:2993", NA,
     "Russia's foreign ministry has accused the U.S. of succumbing to anti-Russian hysteria, "
     "resembling the McCarthy era.", True),
    ("new_cold_war", "mccarthy* w/8 anti-russian", None, "na:2720", NA,
     'This is McCarthyism!" he said on his official Twitter account.', False),
    ("new_cold_war", "standoff between ~3 and the west", None, "na:1031", NA,
     "The conflict in Ukraine quickly gained an international dimension and triggered a renewed "
     "standoff between Russia and the West that has extended as far afield as Syria.", True),
    ("new_cold_war", "arms race", "after", "na:2050", NA,
     "Berlin's top diplomat says Germany fears new arms race in Europe", True),
    ("new_cold_war", "arms race", "before", "na:2050", NA,
     "Berlin's top diplomat says Germany fears new arms race in Europe", False),
    ("new_cold_war", "arms race", "before", "reuters:14754", R87,
     '"It would force us to break the bank, throw out the ABM treaty and commit us to an arms '
     'race in space."', True),
    ("new_cold_war", "arms race", "after", "reuters:14754", R87,
     '"It would force us to break the bank, throw out the ABM treaty and commit us to an arms '
     'race in space."', False),
    ("new_cold_war", "proxy war* w/20 @powers", None, "na:3671", NA,
     "The war in Syria , which started in March 2011 as peaceful protests against President "
     "Bashar al-Assad , has since turned into a proxy war, with the direct and indirect "
     "intervention of several regional and global powers.", True),
    ("new_cold_war", "proxy war* w/20 @powers", None, "reuters:16682", R87,
     "ANDOVER WAGES HBO <HBOC> PROXY WAR", False),
    ("new_cold_war", "sphere of influence", "after", "na:3527", NA,
     "The Soviet Union maintained a substantial military presence there during the Cold War, "
     "propping up an array of anti-Western regimes to counterbalance American partners and "
     "extend its geopolitical sphere of influence.", False),
    ("new_cold_war", "sphere of influence", "before", "na:3527", NA,
     "The Soviet Union maintained a substantial military presence there during the Cold War, "
     "propping up an array of anti-Western regimes to counterbalance American partners and "
     "extend its geopolitical sphere of influence.", False),
    # The same sentence dated 1987: the Cold War is the present, history markers do not apply.
    ("new_cold_war", "sphere of influence", "before", "na:3527", R87,
     "The Soviet Union maintained a substantial military presence there during the Cold War, "
     "propping up an array of anti-Western regimes to counterbalance American partners and "
     "extend its geopolitical sphere of influence.", True),
    ("new_cold_war", "influence zone*", "after", "na:949", NA,
     '"President Barack Obama was treating the Euphrates River in Syria as a natural border '
     "between US and Russian influence zones - east of the river was under US influence and the "
     'west under Russian influence," he said.', True),
    ("new_cold_war", "cold war", "before", "na:50", NA,
     '"Whataboutism" was a favorite Kremlin propaganda technique during the Cold War.', False),
    ("new_cold_war", "superpower*", "before", "reuters:11487", R87,
     "French Prime Minister Jacques Chirac opened talks with President Ronald Reagan expected to "
     "focus on superpower arms control moves and trade issues.", True),
    ("new_cold_war", "superpower*", "before", "na:458", NA,
     '"China is an emerging superpower, and we expect the country to play an increasingly '
     'active role as a responsive and responsible global leader," he says.', False),
    ("new_cold_war", "east-west", "before", "reuters:4835", R87,
     "Soviet-West German trade is expected to develop favourably due to Moscow's increasing "
     "openness to East-West economic relations, Dresdner Bank AG's Moscow representative "
     "Michael Stein said.", True),
    ("new_cold_war", "east-west", "before", "reuters:9253", R87,
     "Fesharaki, leader of the Energy Program at the East-West Center in Honolulu, Hawaii, was "
     "speaking on the Asia-Pacific petroleum outlook.", False),
    ("new_cold_war", "east-west", "before", "na:527", NA,
     "It's the nation's longest east-west high-speed railway.", False),
    ("new_cold_war", "warsaw pact", "before", "reuters:18372", R87,
     "A West German navy ship was accidentally hit today by artillery shells from a Warsaw Pact "
     "vessel in the Baltic Sea and three sailors were injured, the Defence Ministry said.", True),
    ("new_cold_war", "warsaw pact", "before", "reuters:18372", NA,
     "A West German navy ship was accidentally hit today by artillery shells from a Warsaw Pact "
     "vessel in the Baltic Sea and three sailors were injured, the Defence Ministry said.", False),
    # rivalry: strategic_rivalry
    ("rivalry", "rivals ~3 @states", None, "na:420", NA,
     "to develop next-generation ballpoint pen tips in an environmentally friendly way to "
     "further compete with rivals in Japan and Switzerland.", True),
    ("rivalry", "rivals ~3 @states", None, "na:1175", NA,
     "that will determine whether: there will be yet another war in Gaza; reconciliation with "
     "its Palestinian rival Fatah; and rapprochement with Egypt", False),
    ("rivalry", "rival @states", None, "na:3038", NA,
     "Rival South Korea, for example, has yet to do so.", True),
    ("rivalry", "adversary", None, "na:2529", NA,
     "China has not fought a conflict since a border war with Vietnam in 1979; the US military, "
     "their most likely adversary, has been involved numerous conflicts over those 38 years.",
     True),
    ("rivalry", "foreign adversar*", None, "na:3731", NA,
     '"An outside foreign adversary effectively sought to hijack our most critical democratic '
     'process, the election of a president,', True),
    ("rivalry", "adversaries w/5 @nations", None, "na:1041", NA,
     "the Moroccan monarch sent a clear message to Rabat's adversaries that it will now play in "
     "their backyards", True),
    ("rivalry", "adversaries w/5 @nations", None, "na:1997", NA,
     '"The American public should be deeply troubled by any Wikileaks disclosure designed to '
     "damage the Intelligence Community's ability to protect America against terrorists and "
     'other adversaries," the CIA said.', False),
    ("rivalry", "bitter enem*", None, "na:274", NA,
     "Israel and Iran have been bitter enemies for well over-two decades.", True),
    ("rivalry", "@nations ~2 growing ~2 influence", None, "na:623", NA,
     "In turn, China's growing monetary influence will with time come to challenge the dollar's "
     "hegemony,", True),
    ("rivalry", "undermin* ~2 @nations ~2 influence", None, "na:3363", NA,
     "Russia is encouraging the Taliban and providing them with diplomatic cover in a bid to "
     "undermine US influence and defeat NATO", True),
    ("rivalry", "against @nations influence", None, "na:3304", NA,
     "Voronenkov also helped Ukraine in its ongoing fight against Russian influence,", True),
    ("rivalry", "oppos* ~3 @nations ~2 influence", None, "na:3729", NA,
     "Sunni-led countries seen as critical to opposing Iran's influence in the Mideast", True),
    ("rivalry", "contain* ~3 @nations ~3 influence", None, "na:949", NA,
     '"Trump may focus on containing Russia or Iran\'s growing influence in the Middle East,',
     True),
    ("rivalry", "extend* ~3 influence", None, "na:1041", NA,
     "the myopic approach that has prevented Morocco from extending its influence beyond "
     "French-speaking West Africa.", True),
    ("rivalry", "expand* ~3 influence", None, "na:3527", NA,
     '"Russia is certainly expanding its influence and trying to reestablish itself as a '
     'superpower," Bill Roggio', True),
    ("rivalry", "increas* ~3 influence", None, "na:2914", NA,
     "So-Erdogan's government wants to increase its-influence in those societies", True),
    ("rivalry", "compet* for ~3 influence", None, "na:614", NA,
     "Geopolitically, large powers compete for greater influence in global governance through "
     "foreign aid programs.", True),
    ("rivalry", "influence zone*", None, "na:949", NA,
     "treating the Euphrates River in Syria as a natural border between US and Russian "
     "influence zones", True),
    ("rivalry", "sphere of influence", None, "na:3527", NA,
     "anti-Western regimes to counterbalance American partners and extend its geopolitical "
     "sphere of influence.", True),
    ("rivalry", "dominance w/6 @nations", None, "na:2385", NA,
     "Astana actually symbolises Russia's dominance in the Syrian question,", True),
    ("rivalry", "hegemon*", None, "na:337", NA,
     "Washington allowed British colonial thinking, Pakistan's hegemonic agenda", True),
    ("rivalry", "strategic depth", None, "na:337", NA,
     "Pakistan's stubborn obsession with making Afghanistan its strategic depth.", True),
    ("rivalry", "counterweight w/6 @nations", None, "na:1064", NA,
     '"I would like, as federal president, to be something of a counterweight to the current '
     'tendency towards boundless simplification," Steinmeier, 61,-said before the election.',
     False),
    ("rivalry", "counterbalanc* w/6 @nations", None, "na:3527", NA,
     "propping up an array of anti-Western regimes to counterbalance American partners", True),
    ("rivalry", "balance of power", None, "na:497", NA,
     '"the emerging balance of power system in Asia needs the influence of friendly countries",',
     True),
    ("rivalry", "security dilemma", None, "na:497", NA,
     "something that would exacerbate the security dilemma in the region.", True),
    ("rivalry", "nuclear deterrent", None, "na:2569", NA,
     "China fears its advanced radar system undermines China's nuclear deterrent.", True),
    ("rivalry", "arms race", None, "na:2050", NA,
     "Berlin's top diplomat says Germany fears new arms race in Europe", True),
    ("rivalry", "weapons race", None, "na:3641", NA,
     "America was falling behind Russia and China in the hypersonic weapons race.", True),
    ("rivalry", "fall* behind w/4 @nations", None, "na:3641", NA,
     "America was falling behind Russia and China in the hypersonic weapons race.", True),
    ("rivalry", "unfair* advantage*", None, "na:2008", NA,
     "Trump has said it unfairly advantages Russia.", True),
    ("rivalry", "nato* ~3 expansion", None, "na:178", NA,
     "Kremlin says Russia views NATO expansion negatively", True),
    ("rivalry", "eastward expansion", None, "na:128", NA,
     "Russia's envoy sees no signs of NATO's changing its eastward expansion plans", True),
    ("rivalry", "island-building", None, "na:2242", NA,
     "first, the island-building stops,", True),
    ("rivalry", "artificial island*", None, "na:2851", NA,
     "Tillerson suggested Beijing should be denied access to the artificial islands it's built "
     "in the disputed waters.", True),
    ("rivalry", "assert* ~5 ownership", None, "na:2176", NA,
     "President Rodrigo Duterte said he has instructed the military to assert Philippine "
     "ownership of a large ocean region", True),
    ("rivalry", "assert* ~4 rights", None, "na:2392", NA,
     "Philippines to patrol Benham Rise to assert rights", True),
    ("rivalry", "disputed waters", None, "na:2176", NA,
     "joint Philippine patrols with the US Navy in disputed waters to avoid offending China.",
     True),
    ("rivalry", "disputed islands", None, "na:3229", NA,
     "other military activity elsewhere on the disputed islands.", True),
    ("rivalry", "south china sea", None, "na:420", NA,
     '"the issue of the South China Sea is linked directly to regional peace and stability,',
     True),
    ("rivalry", "thaad", None, "na:2242", NA,
     "South Korea received the first parts of the controversial US-made THAAD missile defense "
     "system.", True),
    ("rivalry", "retaliat* ~4 against @nations", None, "na:2723", NA,
     "He also urged Beijing to drop any retaliatory action against South Korea,", True),
    ("rivalry", "compet* with @states", None, "na:430", NA,
     '"Some neighboring countries have already begun to offer more favorable policies to gain '
     'FDI to compete with China," he said.', True),
    ("rivalry", "propaganda war", None, "na:1372", NA,
     "Russia is still winning the propaganda war against NATO and EU countries,", True),
    ("rivalry", "freedom of navigation", None, "na:497", NA,
     'the possibility of the British military engaging in "freedom of navigation" operations in '
     "the South China Sea,", True),
    # rivalry: trade_war
    ("rivalry", "trade war*", None, "na:348", NA,
     "economic stakes are simply too high for the largest and second-largest economies of the "
     "world to engage in a trade war.", True),
    # espionage
    ("espionage", "spy", None, "na:1597", NA,
     "four of the North Koreans identified as suspects are from the Ministry of State Security, "
     "the North's spy agency.", True),
    ("espionage", "spy", None, "na:1399", NA,
     "Spy chief Yankuba Badjie and director of operations Sheikh Omar Jeng were held on Monday",
     False),
    ("espionage", "spies", None, "na:1113", NA, "Russian spies seek a White House source", True),
    ("espionage", "spies", None, "na:893", NA,
     'While Steven Spielberg and Tom Hanks were shooting the thriller "Bridge of Spies"in '
     "November 2014, Merkel visited the set", False),
    ("espionage", "spying", None, "na:174", NA,
     "Snowden, a civil employee of the National Security Agency, in 2013 disclosed electronic "
     "spying methods being used by US secret services,", True),
    ("espionage", "spied", None, "na:2720", NA,
     "the UK intelligence agency GCHQ -- the equivalent of the US National Security Agency -- "
     "had spied on Trump.", True),
    ("espionage", "spycraft", None, "na:3082", NA,
     "It's a potentially sprawling enterprise that spans continents, plumbs spycraft and "
     "dominates international headlines.", True),
    ("espionage", "espionage", None, "na:1113", NA,
     "The current version of Russia's espionage and political influence program", True),
    ("espionage", "counterespionage", None, "na:1541", NA,
     "rooting out spies in North Korea and conducting counterespionage operations abroad.", True),
    ("espionage", "counterintelligence", None, "na:1113", NA,
     "David Major, a retired FBI counterintelligence agent explained to ABC News.", True),
    ("espionage", "intelligence gathering", None, "na:25", NA,
     "as part of an intelligence-gathering operation.", True),
    ("espionage", "gather* ~3 intelligence", None, "na:25", NA,
     "the military had said the goal of the mission was to gather intelligence on the al Qaeda "
     "affiliate in Yemen.", True),
    ("espionage", "gather* ~3 intel", None, "na:1942", NA,
     "The US periodically sends small teams of commandos into Yemen, primarily to gather intel,",
     True),
    ("espionage", "signals intelligence", None, "na:2739", NA,
     "It delivers signals intelligence - the intercepting of communication between people or "
     "electronic devices - to the prime minister and foreign secretary.", True),
    ("espionage", "electronic intelligence", None, "na:450", NA,
     "made public the composition of the nation's electronic intelligence fleet.", True),
    ("espionage", "intelligence officer*", None, "na:1113", NA,
     "no evidence gathered by the FBI so far suggests Trump associates knew they were talking "
     "to Russian intelligence officers.", True),
    ("espionage", "@demonyms intelligence agent*", None, "na:2629", NA,
     "A U.S. indictment of two Russian intelligence agents and two hackers", True),
    ("espionage", "@demonyms intelligence agent*", None, "na:2892", NA,
     "Intelligence agents searched his home in Garges-les-Gonesse for evidence of Islamist "
     "sympathies, but reportedly found nothing.", False),
    ("espionage", "@demonyms intelligence operative*", None, "na:1113", NA,
     "what contacts Trump campaign aides may have had with Russian intelligence operatives,",
     True),
    ("espionage", "@demonyms agent*", None, "na:1457", NA,
     "Malaysia says it was clearly an attack by North Korean agents.", True),
    ("espionage", "@powers ~2 operative*", None, "na:1879", NA,
     "the FBI and others in the intelligence community concluded Russian operatives were behind "
     "the hacks of the Democratic National Committee", True),
    ("espionage", "@powers ~2 operative*", None, "na:641", NA,
     "On Thursday, the President of the Irish co-operative movement ICOS, Martin Keane,", False),
    ("espionage", "@demonyms intelligence community", None, "na:1529", NA,
     "probing communications between the associates and suspected members of the Russian "
     "intelligence community ahead of the election,", True),
    ("espionage", "contact* ~8 intelligence", None, "na:1112", NA,
     "Sources told ABC News that Trump associates had contact with suspected Russian "
     "intelligence officials in the lead-up to the election.", True),
    ("espionage", "wiretap*", None, "na:1996", NA,
     "Senators seek Trump wiretap evidence from Justice Department, FBI", True),
    ("espionage", "wire-tap*", None, "na:2111", NA,
     'The third tweet also included the phrase "wire tapping" in quotes,', True),
    ("espionage", "tapp* ~3 phone*", None, "na:1996", NA,
     '"How low has President Obama gone to tapp (sic) my phones during the very sacred election '
     "process.", True),
    ("espionage", "tapp* ~3 call*", None, "na:3175", NA,
     "White House press secretary Sean Spicer also accused British intelligence of tapping "
     "Trump's calls at Obama's behest.", True),
    ("espionage", "phone* ~5 tapped", None, "na:2739", NA,
     "Mr Trump's earlier claim that his phones were tapped by predecessor Barack Obama during "
     "the presidential race.", True),
    ("espionage", "tap* ~2 @leaders", None, "na:2503", NA,
     'At a press conference he said: "I don\'t think there was an actual tap of Trump Tower."',
     True),
    ("espionage", "tap* ~2 @leaders", None, "na:1744", NA,
     "was a congressman for South Carolina before he was tapped by Mr Trump to be a member of "
     "his cabinet.", False),
    ("espionage", "eavesdrop*", None, "na:2807", NA,
     "Britain's spy agency had helped Mr Obama eavesdrop on Mr Trump.", True),
    ("espionage", "listen* in on", None, "na:1996", NA,
     "any action taken to listen in on calls from Trump's New York home and offices.", True),
    ("espionage", "intercept* ~3 call*", None, "na:3116", NA,
     "US intelligence agents had intercepted calls showing repeated contacts between Trump's "
     "team and top Russian intelligence officials", True),
    ("espionage", "intercept* ~3 communication*", None, "na:2739", NA,
     "It delivers signals intelligence - the intercepting of communication between people or "
     "electronic devices", True),
    ("espionage", "hack* w/6 @powers", None, "na:2629", NA,
     "Yahoo breach spotlights links between Russian spies, hackers", True),
    ("espionage", "hack* w/6 @powers", None, "na:2656", NA,
     "In 2011 News Corp, which owns The Times and The Sun, made an offer but it was abandoned in "
     "the wake of the phone hacking scandal.", False),
    ("espionage", "hack* w/6 government*", None, "na:1759", NA,
     "evidence that a hacker backed by an unnamed foreign government had pried into user "
     "accounts in 2014,", True),
    ("espionage", "cyberhack* w/8 @powers", None, "na:3728", NA,
     "China's island-building in waters surrounding international shipping lanes in the South "
     "China Sea, allegations of cyberhacking and a U.S. policy rebalance to Asia.", True),
    ("espionage", "state-sponsored ~3 attack*", None, "na:1785", NA,
     'She described it as a "state-sponsored attack"?that initially targeted 26 users.', True),
    ("espionage", "@powers ~3 cyberattack*", None, "na:791", NA,
     "Diplomat calls Norway's claims on Russian cyberattacks groundless", True),
    ("espionage", "@powers ~3 cyber campaign*", None, "na:1776", NA,
     "A US intelligence report says Putin ordered a cyber campaign to help Trump beat Clinton",
     True),
    ("espionage", "@intelligence ~3 surveil*", None, "na:227", NA,
     "Edward Snowden, who exposed the National Security Agency's mass domestic surveillance "
     "program in 2013,", True),
    ("espionage", "surveil* ~4 @leaders", None, "na:2015", NA,
     "He connected the latest WikiLeaks document dump to surveillance efforts under the Obama "
     "administration,", True),
    ("espionage", "@leaders ~6 surveil*", None, "na:2111", NA,
     "Spicer says Trump was talking about general surveillance in his wiretapping tweets", True),
    ("espionage", "state surveillance", None, "na:2296", NA,
     "However, it is increasingly making them vulnerable to state surveillance and reprisals.",
     True),
    ("espionage", "electronic surveillance", None, "na:1997", NA,
     'it is "legally prohibited from conducting electronic surveillance targeting individuals '
     'here at home."', True),
    ("espionage", "incidental collection", None, "na:3572", NA,
     'Nunes said-spy agencies had engaged in "incidental collection" of Trump associates\' '
     "communications.", True),
    ("espionage", "incidentally collected", None, "na:3597", NA,
     'surveillance that, Nunes said, "incidentally collected" information on associates of '
     "Donald Trump.", True),
    ("espionage", "intelligence ~10 hack*", None, "na:1776", NA,
     "October 7: The US intelligence community publicly blames Russia for election-related "
     "email hacks.", True),
    ("espionage", "intelligence ~8 interfer*", None, "na:1319", NA,
     '"russia was just implicated by all 17 of our U.S. intelligence agencies as having '
     'interfered in our elections,"', True),
    ("espionage", "intelligence ~8 meddl*", None, "na:1529", NA,
     "the intelligence community's January assessment, including Russia's alleged meddling in "
     "the 2016 election.", True),
    ("espionage", "intelligence report*", None, "na:1776", NA,
     "A US intelligence report says Putin ordered a cyber campaign to help Trump beat Clinton",
     True),
    ("espionage", "investigat* ~4 intelligence service*", None, "na:1934", NA,
     "he has had to promise to keep out of several investigations by the intelligence services "
     "into Russia connections by Trump's inner circle.", True),
]

# Revised entries that hit no story of the development half (with furniture kept), so no
# sentence of it can be quoted; the test below checks that this is still so.
UNSEEN = [
    ("new_cold_war", "iron curtain", "after"),
    ("new_cold_war", "iron curtain", "before"),
    ("new_cold_war", "bamboo curtain", "after"),
    ("new_cold_war", "proxy conflict* w/20 @powers", None),
    ("new_cold_war", "spheres of influence", "after"),
    ("new_cold_war", "spheres of influence", "before"),
    ("espionage", "@powers ~3 cyber attack*", None),
]
# Revised entries whose exclusions never apply in the development half: nothing there for a
# real negative sentence (their positives are in CASES).
UNUSED_EXCLUSIONS = [
    ("new_cold_war", "new ~3 cold war", None),
    ("new_cold_war", "influence zone*", "after"),
    ("rivalry", "adversary", None),
    ("espionage", "spying", None),
]
# Citations of the notes that the stories do not bear out (the lexicons are frozen).
MISCITED = {
    ("espionage", "spied", "3090"): "dev story 3090 has no 'spied' (its note cites it as dev 1)",
    ("espionage", "espionage", "3719"): "dev story 3719 has no 'espionage' (its note cites it)",
}


@pytest.fixture(scope="module")
def lexicons() -> dict[str, frames.Lexicon]:
    return {name: frames.load_lexicon(name) for name in LEXICONS}


def _entry(lexicon: frames.Lexicon, pattern: str, period: str | None) -> frames.Entry:
    found = [e for e in lexicon.entries if e.pattern == pattern
             and (period is None or getattr(e, period) is not None)]
    assert len(found) == 1, f"{pattern!r} ({period}) is {len(found)} entries of {lexicon.name}"
    return found[0]


def _alone(lexicon: frames.Lexicon, entry: frames.Entry) -> frames.Lexicon:
    """The entry as a lexicon of its own (its frame, the lexicon's entity sets)."""
    return frames.Lexicon("one", "", (frames.Frame(entry.frame, "", (entry,)),),
                          entities=lexicon.entities)


def _revised(entry: frames.Entry) -> bool:
    return bool(entry.exclude or entry.exclude_sentence or entry.after or entry.before
                or "@" in entry.pattern or re.search(r"\bdev \d", entry.note))


def _one(text: str, published: str) -> pd.DataFrame:
    return pd.DataFrame({"story_id": ["q"], "headline": [""], "body": [text],
                         "published": pd.to_datetime([published], utc=True)})


def _key(e: frames.Entry) -> tuple:
    return (e.pattern, "after" if e.after else "before" if e.before else None)


def _case_id(case: tuple) -> str:
    lex, pattern, period, where, _, _, counts = case
    return f"{lex}:{pattern}{':' + period if period else ''}@{where}:{'hit' if counts else 'no'}"


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_entry_on_a_real_sentence(case, lexicons):
    lex, pattern, period, _, published, sentence, counts = case
    entry = _entry(lexicons[lex], pattern, period)
    hits = frames.match(_one(sentence, published), _alone(lexicons[lex], entry))
    assert (len(hits) > 0) is counts, hits
    if counts:  # the shipped lexicon finds the frame there too (perhaps by a longer entry)
        scores = frames.score(_one(sentence, published), lexicons[lex])
        assert scores.set_index("frame").loc[entry.frame, "present"]


def test_every_revised_entry_is_covered(lexicons):
    quoted = {(c[0], c[1], c[2]) for c in CASES}
    covered = quoted | set(UNSEEN)
    missing = [(name, *_key(e)) for name, lex in lexicons.items() for e in lex.entries
               if _revised(e) and (name, *_key(e)) not in covered]
    assert missing == []
    # ... and every exclusion, period and entity set has a sentence where it says no.
    negative = {(c[0], c[1], c[2]) for c in CASES if not c[6]} | set(UNUSED_EXCLUSIONS)
    unchecked = [(name, *_key(e)) for name, lex in lexicons.items() for e in lex.entries
                 if (e.exclude or e.exclude_sentence or e.before)
                 and (name, *_key(e)) not in negative | set(UNSEEN)]
    assert unchecked == [], unchecked
    assert len(quoted) >= 100


# -- the sentences are real: development-half NewsArticles, or Reuters-21578 (1987) ---------


def _squash(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def development() -> set[str]:
    halves = pd.read_csv(HALVES, dtype={"story_id": str})
    return set(halves.loc[halves["half"] == "development", "story_id"])


@pytest.mark.newsarticles
def test_newsarticles_sentences_are_quoted_from_development_stories(newsarticles, development):
    stories, _ = newsarticles
    text = dict(zip(stories["story_id"], frames.story_text(stories).map(_squash), strict=True))
    cases = [c for c in CASES if c[3].startswith("na:")]
    for _, pattern, _, where, _, sentence, _ in cases:
        sid = where.split(":")[1]
        assert sid in development, (pattern, sid)
        assert _squash(sentence) in text[sid], (pattern, sid)
    assert len(cases) > 100


def test_reuters_sentences_are_quoted_from_their_stories(reuters_tarball):
    wanted = {c[3].split(":")[1] for c in CASES if c[3].startswith("reuters:")}
    files = {f"reut2-{(int(i) - 1) // 1000:03d}.sgm" for i in wanted}
    found: dict[str, str] = {}
    with tarfile.open(reuters_tarball) as tar:
        for name in sorted(files):
            raw = tar.extractfile(name).read().decode("latin-1")
            for sid in wanted:
                m = re.search(rf'NEWID="{sid}">(.*?)</REUTERS>', raw, re.S)
                if m:
                    found[sid] = _squash(html.unescape(re.sub(r"</?(?:TITLE|BODY)>", " ",
                                                              m.group(1))))
    for c in CASES:
        if c[3].startswith("reuters:"):
            assert _squash(c[5]) in found[c[3].split(":")[1]], c[1]


@pytest.mark.newsarticles
def test_unseen_entries_still_hit_no_development_story(newsarticles, development, lexicons):
    stories, _ = newsarticles
    dev = stories[stories["story_id"].isin(development)]
    # Only stories with one of the entries' words can hold a hit: match those.
    low = frames.story_text(dev).str.lower()
    dev = dev[low.str.contains("curtain|influence|proxy|cyber|cold war|adversary|spying")]
    for lex, pattern, period in UNSEEN:
        entry = _entry(lexicons[lex], pattern, period)
        loose = dataclasses.replace(entry, after=None, before=None, exclude=(),
                                    exclude_sentence=())
        assert len(frames.match(dev, _alone(lexicons[lex], loose), furniture="keep")) == 0
    for lex, pattern, period in UNUSED_EXCLUSIONS:
        entry = _entry(lexicons[lex], pattern, period)
        loose = dataclasses.replace(entry, exclude=(), exclude_sentence=())
        kept = frames.match(dev, _alone(lexicons[lex], entry), furniture="keep")
        every = frames.match(dev, _alone(lexicons[lex], loose), furniture="keep")
        assert len(kept) == len(every) > 0, pattern


# -- the story ids the notes cite ----------------------------------------------------------

_SEGMENT = re.compile(r"dev ([01]):(.*?)(?=dev [01]:|;|\.(?:\s|$)|$)", re.S)
_ID = re.compile(r"(?:(?<=: )|(?<=, )|(?<=\())(\d{1,4})\b(?! stories)")


def cited(note: str) -> dict[str, list[str]]:
    """The ids a note cites as ``dev 1:`` and ``dev 0:`` (quotes and counts left out)."""
    note = re.sub(r'"[^"]*"', '""', note)
    out: dict[str, list[str]] = {"1": [], "0": []}
    for label, segment in _SEGMENT.findall(note):
        out[label].extend(_ID.findall(": " + segment.strip()))
    return out


def test_cited_reads_a_note():
    note = ('Core vocabulary; dev 1: 20 stories (1597 "the North\'s spy agency", 1889 "one"), '
            "dev 0: 2917 (a 1974 affair, a historical aside), 3468 (MI5). Bare x (dev 41).")
    assert cited(note) == {"1": ["1597", "1889"], "0": ["2917", "3468"]}


def _citations() -> list[tuple[str, str, str, str]]:
    out = []
    for name in LEXICONS:
        lex = frames.load_lexicon(name)
        for e in lex.entries:
            for label, ids in cited(e.note).items():
                out.extend((name, e.pattern, label, i) for i in ids)
    return out


CITATIONS = _citations()


def test_cited_stories_are_coded_development_stories(development):
    codes = pd.read_csv(DEV_CODES, dtype={"story_id": str})
    for lex, pattern, label, sid in CITATIONS:
        assert sid in development, (pattern, sid)
        column = "rivalry" if lex == "rivalry" else lex
        coded = codes.loc[codes["story_id"] == sid, column]
        assert len(coded) > 0, (pattern, sid)
        assert str(coded.max()) == label, (pattern, sid, label)
    # Every "dev NNNN" of every note is a development story, labelled or not.
    for name in LEXICONS:
        for e in frames.load_lexicon(name).entries:
            for sid in re.findall(r"\bdev (\d{2,4})\b", e.note):
                assert sid in development, (e.pattern, sid)
    assert len(CITATIONS) == 197  # as the frozen notes stand


def _positive_citations():
    for lex, pattern, label, sid in CITATIONS:
        if label != "1":
            continue
        reason = MISCITED.get((lex, pattern, sid))
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        yield pytest.param(lex, pattern, sid, marks=marks, id=f"{lex}:{pattern}@{sid}")


@pytest.mark.newsarticles
@pytest.mark.parametrize(("lex", "pattern", "sid"), list(_positive_citations()))
def test_entry_hits_the_stories_its_note_cites(lex, pattern, sid, newsarticles, lexicons):
    stories, _ = newsarticles
    story = stories[stories["story_id"] == sid]
    entries = [e for e in lexicons[lex].entries if e.pattern == pattern]
    hits = sum(len(frames.match(story, _alone(lexicons[lex], e))) for e in entries)
    assert hits > 0


# -- ticker symbols ------------------------------------------------------------------------


def test_a_ticker_symbol_is_no_espionage_hit():
    """Reuters-21578 story 17502's headline: <SPY> is Spectra-Physics, not a spy."""
    story = _one("SPECTRA-PHYSICS <SPY> BOARD REJECTS TENDER OFFER", R87)
    assert len(frames.match(story, "espionage")) == 0
    kept = frames.match(story, "espionage", furniture="keep")
    assert kept[["entry", "start", "end", "text"]].values.tolist() == [["spy", 19, 22, "SPY"]]
