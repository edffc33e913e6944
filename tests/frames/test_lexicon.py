"""frames.lexicon: shipped lexicons, the YAML format and its checks."""

import pytest

from wireframe import frames

from .conftest import ROOT


class TestLexicons:
    def test_finds_the_package_data(self):
        from importlib import resources

        folder = resources.files("wireframe") / "data" / "lexicons"
        assert frames.lexicons() == sorted(p.name[:-5] for p in folder.iterdir()
                                           if p.name.endswith(".yaml"))


class TestLoadLexicon:
    def test_every_shipped_lexicon_loads_and_every_entry_has_a_note(self):
        assert frames.lexicons() == ["espionage", "new_cold_war", "news_frames", "rivalry"]
        for name in frames.lexicons():
            lex = frames.load_lexicon(name)
            table = lex.table()
            assert table["note"].str.len().min() > 10, name
            assert lex.references, name
        assert frames.load_lexicon("news_frames").frame_names == [
            "conflict", "economic_consequences", "human_interest", "responsibility", "morality"
        ]

    def test_corpus_lexicons_readme_names_every_lexicon(self):
        readme = (ROOT / "corpus" / "lexicons" / "README.md").read_text()
        for name in frames.lexicons():
            assert f"{name}.yaml" in readme

    def test_table(self, lex):
        t = lex.table()
        assert t.loc[t["pattern"] == "new ~3 cold war", "kind"].item() == "proximity"
        assert t.loc[t["pattern"] == "rival*", "kind"].item() == "glob"
        assert t.loc[t["pattern"] == "cold war", "exclude"].item().startswith("end of the")
        assert t.loc[t["pattern"] == "CIA", "case"].item() == "sensitive"
        assert t.loc[t["pattern"] == "spy", "line"].item() == 19

    def test_unknown_key_names_the_line(self, make_lexicon):
        with pytest.raises(frames.LexiconError,
                           match=r"test.yaml:5: unknown key 'exlude' in an entry; allowed keys "
                                 r"are pattern, note, exclude, exclude_sentence, case, after, "
                                 r"before "
                                 r"\(did you mean 'exclude'\?\)"):
            make_lexicon("""\
                frames:
                  f:
                    entries:
                      - pattern: spy
                        exlude: [spy film]
                        note: n
                """)

    def test_bad_pattern_names_the_line(self, make_lexicon):
        with pytest.raises(frames.LexiconError,
                           match=r"test.yaml:5: bad pattern 'spy\|spies': unsupported character"):
            make_lexicon("""\
                frames:
                  f:
                    entries:
                      - {pattern: spy, note: n}
                      - {pattern: spy|spies, note: n}
                """)

    @pytest.mark.parametrize(
        ("pattern", "reason"),
        [("*spy", "starts with"), ("s* war", "glob's"), ("sp*y", "glob's"),
         ("new ~0 war", "must be 1 to 20"), ("~2 war", "between two words"),
         ("new ~2", "cannot end"), ("new~2 war", "separate"), ("spy.", "ends with")],
    )
    def test_bad_patterns(self, pattern, reason, make_lexicon):
        with pytest.raises(frames.LexiconError, match=f"test.yaml:4: bad pattern.*{reason}"):
            make_lexicon(f"""\
                frames:
                  f:
                    entries:
                      - {{pattern: "{pattern}", note: n}}
                """)

    def test_duplicate_entry_names_both_lines(self, make_lexicon):
        with pytest.raises(frames.LexiconError,
                           match=r"test.yaml:6: duplicate entry 'Cold  War' in frame 'f' "
                                 r"\(first at line 4\)"):
            make_lexicon("""\
                frames:
                  f:
                    entries:
                      - {pattern: cold war, note: n}
                      - {pattern: spy, note: n}
                      - {pattern: Cold  War, note: n}
                """)

    def test_duplicate_key(self, make_lexicon):
        with pytest.raises(frames.LexiconError, match=r"test.yaml:5: duplicate key 'f'"):
            make_lexicon("""\
                frames:
                  f:
                    entries:
                      - {pattern: spy, note: n}
                  f:
                    entries:
                      - {pattern: spy, note: n}
                """)

    def test_missing_note(self, make_lexicon):
        with pytest.raises(frames.LexiconError, match=r"test.yaml:4: .* has no 'note'"):
            make_lexicon("""\
                frames:
                  f:
                    entries:
                      - pattern: spy
                """)

    def test_exclusion_that_cannot_apply(self, make_lexicon):
        with pytest.raises(frames.LexiconError,
                           match=r"test.yaml:6: exclusion 'spy film' does not contain 'spies'"):
            make_lexicon("""\
                frames:
                  f:
                    entries:
                      - pattern: spies
                        note: n
                        exclude: [spy film]
                """)

    def test_bad_case_and_frame_name(self, make_lexicon):
        with pytest.raises(frames.LexiconError, match="case must be one of 'fold', 'sensitive'"):
            make_lexicon("case: upper\nframes:\n  f:\n    entries: [{pattern: a, note: n}]\n")
        with pytest.raises(frames.LexiconError, match="frame name must be lower-case"):
            make_lexicon("frames:\n  New Cold War:\n    entries: [{pattern: a, note: n}]\n")

    def test_unknown_name(self):
        with pytest.raises(ValueError, match="must be a shipped lexicon .*; got 'cold_war'"):
            frames.load_lexicon("cold_war")

    def test_missing_file(self, tmp_path):
        with pytest.raises(FileNotFoundError, match="no such lexicon file"):
            frames.load_lexicon(tmp_path / "none.yaml")
