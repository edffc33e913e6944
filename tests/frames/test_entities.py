"""Entity sets (wireframe.frames.entities): the shipped sets, a lexicon's own, @set in patterns."""

from __future__ import annotations

import pandas as pd
import pytest

from wireframe import frames
from wireframe.frames.entities import EntityError

SHIPPED = ["agencies", "blocs", "capitals", "demonyms", "intelligence", "leaders", "nations",
           "powers", "state_bodies", "states"]


def _table(*bodies: str) -> pd.DataFrame:
    return pd.DataFrame({"story_id": [f"s{i}" for i in range(len(bodies))],
                         "headline": [""] * len(bodies), "body": list(bodies)})


class TestShipped:
    def test_lists_the_sets(self):
        assert frames.entity_sets() == SHIPPED
        assert sorted(frames.load_entities()) == SHIPPED

    def test_sizes_and_unions(self):
        sets = frames.load_entities()
        sizes = {k: len(v.members) for k, v in sets.items()}
        # states: 193 UN members, 2 observers, Taiwan, Kosovo, and their short forms.
        assert sizes == {"states": 231, "demonyms": 178, "capitals": 98, "leaders": 138,
                         "intelligence": 41, "state_bodies": 14, "agencies": 55, "blocs": 28,
                         "nations": 534, "powers": 726}
        union = [m for k in ("states", "demonyms", "capitals", "blocs")
                 for m in sets[k].members]
        assert sets["nations"].members == tuple(dict.fromkeys(union))
        assert set(sets["agencies"].members) == set(sets["intelligence"].members) | set(
            sets["state_bodies"].members)
        # Leaders are powers but not nations: a leader's rivals are mostly domestic.
        assert "Putin" not in sets["nations"].members and "Putin" in sets["powers"].members

    def test_one_set_and_its_table(self):
        got = frames.load_entities("blocs")
        assert list(got) == ["blocs"]
        table = got["blocs"].table()
        assert list(table.columns) == ["set", "member", "case"]
        assert table["member"].tolist()[:3] == ["NATO", "Nato",
                                                "North Atlantic Treaty Organization"]
        assert repr(got["blocs"]) == "EntitySet('blocs': 28 names, sensitive)"
        assert got["blocs"].source == "wireframe/data/entities/powers.yaml"

    def test_unknown_name(self):
        with pytest.raises(ValueError, match=r"frames\.load_entities: `name_or_path` must be a "
                                             r"shipped set \(agencies, .*states\), a YAML file "
                                             r"or None; got 'nope'"):
            frames.load_entities("nope")

    def test_missing_file(self, tmp_path):
        with pytest.raises(FileNotFoundError, match="no such entities file"):
            frames.load_entities(tmp_path / "mine.yaml")


class TestInPatterns:
    def test_case_sensitive_names(self, make_lexicon):
        lex = make_lexicon("""\
            frames:
              riv:
                entries:
                  - {pattern: "rival @states", note: test}
            """)
        hits = frames.match(_table("Rival Turkey objected.", "a rival turkey farm",
                                   "rival US firms", "rival us"), lex)
        assert hits[["story_id", "start", "end", "text"]].values.tolist() == [
            ["s0", 2, 14, "Rival Turkey"], ["s2", 2, 10, "rival US"]]

    def test_multi_word_member_across_a_line_break_and_a_hyphen(self, make_lexicon):
        lex = make_lexicon("""\
            frames:
              riv:
                entries:
                  - {pattern: "rival @states", note: test}
            """)
        hits = frames.match(_table("its rival South\nKorea", "its rival South-Korea"), lex)
        assert hits["text"].tolist() == ["rival South\nKorea", "rival South-Korea"]
        # "its " is 4 characters, after the 2 of the empty headline's blank line.
        assert hits["start"].tolist() == [6, 6] and hits["end"].tolist() == [23, 23]

    def test_lexicon_sets_list_mapping_union_and_fold(self, make_lexicon):
        lex = make_lexicon("""\
            entities:
              rivals: [Iran, Saudi Arabia]
              gulf:
                description: two Gulf states
                case: fold
                members: [Qatar, Oman]
              both: {union: [rivals, nations]}
            frames:
              riv:
                entries:
                  - {pattern: "@rivals ~3 rival*", note: own list}
                  - {pattern: "@gulf envoy*", note: folded}
                  - {pattern: "@both blockade", note: a union with a shipped set}
            """)
        assert lex.entities["gulf"].case == "fold"
        assert lex.entities["both"].members[:3] == ("Iran", "Saudi Arabia", "Afghanistan")
        text = "Iran and its rival met. QATAR envoys came. France blockade."
        hits = frames.match(_table(text), lex)
        assert hits[["entry", "text"]].values.tolist() == [
            ["@rivals ~3 rival*", "Iran and its rival"], ["@gulf envoy*", "QATAR envoys"],
            ["@both blockade", "France blockade"]]

    def test_unknown_set_names_the_line_and_the_known_sets(self, make_lexicon):
        with pytest.raises(frames.LexiconError,
                           match=r"test\.yaml:5: bad pattern 'adversar\* w/5 @nation': "
                                 r"'@nation' names no entity set; known sets are agencies, "
                                 r".*states \(or define your own under the lexicon's "
                                 r"'entities'\)"):
            make_lexicon("""\
                frames:
                  riv:
                    entries:
                      - note: typo
                        pattern: "adversar* w/5 @nation"
                """)

    def test_a_set_inside_a_word(self, make_lexicon):
        with pytest.raises(frames.LexiconError, match=r"an entity set is a word of its own"):
            make_lexicon("""\
                frames:
                  riv:
                    entries:
                      - {pattern: "anti-@nations", note: x}
                """)


@pytest.mark.parametrize(("entities", "message"), [
    ("{Rivals: [Iran]}", r"a set name must be lower-case letters, digits and _.*'Rivals'"),
    ("{nations: [Iran]}", r"set 'nations' is already defined in "
                          r"wireframe/data/entities/powers\.yaml; give yours another name"),
    ("{mine: {members: [Iran], colour: red}}", r"set 'mine' has unknown key\(s\) colour; "
                                               r"allowed keys are description, case, members"),
    ("{mine: {description: x}}", r"set 'mine' needs either members or union"),
    ("{mine: {members: [Iran], case: upper}}", r"case must be 'sensitive' or 'fold'; got 'upper'"),
    ("{mine: {union: [nope]}}", r"union names unknown set\(s\) nope; define them before it"),
    ("{f: {members: [Iran], case: fold}, both: {union: [f, states]}}",
     r"union of sets with different case rules"),
    ("{mine: [\"Iran!\"]}", r"member 'Iran!' is not a name"),
    ("{mine: []}", r"members must be a non-empty list"),
])
def test_bad_lexicon_sets_name_the_line(entities, message, make_lexicon):
    with pytest.raises(frames.LexiconError, match=r"test\.yaml:1: .*" + message):
        make_lexicon(f"entities: {entities}\nframes:\n  a:\n    entries:\n"
                     "      - {pattern: x, note: y}\n")


def test_entities_file(tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text("name: mine\ncase: fold\nsets:\n  gulf: [Qatar, Oman]\n")
    got = frames.load_entities(path)
    assert list(got) == ["gulf"] and got["gulf"].case == "fold"
    assert got["gulf"].source == str(path)
    path.write_text("sets: {gulf: [Qatar]}\nextra: 1\n")
    with pytest.raises(EntityError, match=r"mine\.yaml: unknown key\(s\) extra; allowed keys "
                                          r"are name, description, source, limits, case, sets"):
        frames.load_entities(path)
    path.write_text("- a list\n")
    with pytest.raises(EntityError, match=r"an entities file must be a mapping with a 'sets' key"):
        frames.load_entities(path)
