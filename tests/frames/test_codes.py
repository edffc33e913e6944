"""frames.codes: coders' files read back and checked; adjudication into one code per story."""

import warnings

import pandas as pd
import pytest

from wireframe import frames

from .conftest import ROOT

DEV_CODES = ROOT / "corpus" / "validation" / "newsarticles_dev_codes.csv"


@pytest.fixture
def sheet(tmp_path):
    """A written two-coder sheet of 8 stories (4 shared), in tmp_path/sheet."""
    bodies = ["A spy.", "Spies.", "Intelligence chiefs.", "CIA budget.", "Hackers.",
              "Rain.", "Sun.", "Snow."]
    stories = pd.DataFrame({"story_id": [f"s{i}" for i in range(8)], "outlet": "X",
                            "headline": "", "body": bodies})
    return frames.coding_sheet(stories, "espionage", sizes={"hit": None, "cue": 3, "none": 3},
                               coders=("A", "B"), overlap=4, seed=2, path=tmp_path / "sheet")


def _fill(path, codes, comment=""):
    """Fill a written sheet's espionage column with the given codes, in row order."""
    t = pd.read_csv(path, dtype=str, keep_default_na=False)
    t["espionage"] = [str(c) for c in codes]
    t["comment"] = comment
    t.to_csv(path, index=False)
    return t


class TestReadCodes:
    def test_round_trip_joins_the_design(self, sheet, tmp_path):
        folder = tmp_path / "sheet"
        a = _fill(folder / "sheet_A.csv", [1, 0, 1, 0, 0, 1])
        _fill(folder / "sheet_B.csv", [1, 1, 0, 0, 0, 0])
        codes = frames.read_codes(folder)
        assert list(codes.columns[:8]) == list(frames.CODES_COLUMNS)
        assert len(codes) == 12 and set(codes["coder"]) == {"A", "B"}
        first = codes[(codes["coder"] == "A")].iloc[0]
        design = sheet.design.set_index("story_id").loc[first["story_id"]]
        assert first["sheet_id"] == design["sheet_id"] == int(a["sheet_id"].iloc[0])
        assert first["weight"] == design["weight"]
        assert first["stratum"] == design["stratum"]
        assert codes["code"].dtype == "int64" and codes["row"].iloc[0] == 2

    def test_every_problem_in_every_file_is_listed(self, sheet, tmp_path):
        folder = tmp_path / "sheet"
        _fill(folder / "sheet_A.csv", ["1", "yes", "0", "0", "2", "1"])
        b = pd.read_csv(folder / "sheet_B.csv", dtype=str, keep_default_na=False)
        b["espionage"] = "0"
        b.loc[0, "sheet_id"] = "999"
        b.loc[1, "story_id"] = "s7" if b.loc[1, "story_id"] != "s7" else "s6"
        b.to_csv(folder / "sheet_B.csv", index=False)
        with pytest.raises(frames.CodesError) as err:
            frames.read_codes(folder)
        text = str(err.value)
        assert "4 problem(s)" in text
        assert "sheet_A.csv, row 3 (line 3): `espionage` is 'yes'. Fix: write 1" in text
        assert "sheet_A.csv, row 6 (line 6): `espionage` is '2'" in text
        assert "sheet_B.csv, row 2 (line 2): sheet_id 999 is not in the design" in text
        assert "sheet_B.csv, row 3 (line 3): sheet_id" in text and "in the design, not" in text

    def test_rows_that_span_lines_are_found_by_row_and_line(self, tmp_path):
        path = tmp_path / "codes.csv"
        path.write_text('story_id,coder,stratum,weight,spy,comment\n'
                        'a,A,all,1,1,"two\nlines"\nb,A,all,1,x,\n')
        with pytest.raises(frames.CodesError, match="codes.csv, row 3 .line 4.: `spy` is 'x'"):
            frames.read_codes(path)

    def test_missing_frame_column(self, sheet, tmp_path):
        folder = tmp_path / "sheet"
        t = pd.read_csv(folder / "sheet_A.csv").rename(columns={"espionage": "espionnage"})
        t.to_csv(folder / "sheet_A.csv", index=False)
        with pytest.raises(frames.CodesError, match="no column for frame.s. 'espionage'"):
            frames.read_codes(folder / "sheet_A.csv")

    def test_same_story_twice(self, tmp_path):
        path = tmp_path / "codes.csv"
        path.write_text("story_id,coder,stratum,weight,spy\na,A,all,1,1\na,A,all,1,0\n")
        with pytest.raises(frames.CodesError, match="coder 'A' codes story 'a' for 'spy' again"):
            frames.read_codes(path)

    def test_long_format_and_unknown_frame(self, tmp_path):
        path = tmp_path / "long.csv"
        path.write_text("story_id,coder,frame,code,stratum,weight\n"
                        "a,A,spy,1,all,1\na,A,rivalry,0,all,1\nb,A,spy,0,all,1\n")
        codes = frames.read_codes(path, frames=["spy", "rivalry"])
        assert codes[["story_id", "frame", "code"]].values.tolist() == [
            ["a", "spy", 1], ["a", "rivalry", 0], ["b", "spy", 0]]
        with pytest.raises(frames.CodesError, match="unknown frame 'rivalry'"):
            frames.read_codes(path, frames=["spy"])

    def test_empty_cells_are_not_coded_yet(self, sheet, tmp_path):
        folder = tmp_path / "sheet"
        _fill(folder / "sheet_A.csv", [1, "", 0, "", 0, 1])
        with pytest.warns(UserWarning, match="2 code.s. left empty .first at sheet_A.csv, row 3"):
            codes = frames.read_codes(folder / "sheet_A.csv")
        assert len(codes) == 4

    def test_coder_from_the_file_name_is_said(self, tmp_path):
        path = tmp_path / "sheet_Z.csv"
        path.write_text("story_id,stratum,weight,spy\na,all,1,1\n")
        with pytest.warns(UserWarning, match="taken as coder 'Z', from the file's name"):
            assert frames.read_codes(path)["coder"].tolist() == ["Z"]

    def test_spreadsheet_exports(self, tmp_path):
        path = tmp_path / "excel.csv"
        path.write_bytes("\ufeffstory_id;coder;stratum;weight;spy\na;A;all;1;1\n".encode())
        assert frames.read_codes(path)["code"].tolist() == [1]

    def test_no_design_is_warned(self, tmp_path):
        path = tmp_path / "codes.csv"
        path.write_text("story_id,coder,spy\na,A,1\n")
        with pytest.warns(UserWarning, match="no design"):
            codes = frames.read_codes(path)
        assert codes[["stratum", "weight"]].values.tolist() == [["all", 1.0]]

    def test_missing_file(self, tmp_path):
        with pytest.raises(FileNotFoundError, match="no such coders' file"):
            frames.read_codes(tmp_path / "nope.csv")

    def test_development_codes(self):
        # 932 codes of 902 stories by six coders (A-F), 30 stories coded by A and B;
        # the file carries its own design columns.
        codes = frames.read_codes(DEV_CODES)
        assert len(codes) == 932 * 3
        assert codes.groupby("coder")["story_id"].nunique().to_dict() == {
            "A": 152, "B": 153, "C": 157, "D": 157, "E": 157, "F": 156}
        assert codes.drop_duplicates("story_id")["stratum"].value_counts().to_dict() == {
            "cue": 787, "hit": 75, "none": 40}
        consensus = frames.adjudicate(codes)
        assert len(consensus) == 902 * 3
        assert consensus.groupby("frame")["code"].sum().to_dict() == {
            "espionage": 115, "new_cold_war": 13, "rivalry": 70}
        assert consensus["source"].value_counts().to_dict() == {"single": 2616, "agreed": 90}


class TestAdjudicate:
    @pytest.fixture
    def codes(self):
        return pd.DataFrame({
            "sheet_id": [1, 1, 2, 2, 3], "story_id": ["a", "a", "b", "b", "c"],
            "coder": ["A", "B", "A", "B", "A"], "frame": "spy", "code": [1, 0, 1, 1, 0],
            "comment": ["'our agent'", "a police informant", None, None, None],
            "stratum": "all", "weight": 1.0})

    def test_decisions_read_back(self, codes, tmp_path):
        path = tmp_path / "disagreements.csv"
        table = frames.disagreements(codes, path=path)
        assert table[["story_id", "codes"]].values.tolist() == [["a", "A=1; B=0"]]
        filled = pd.read_csv(path, dtype=str, keep_default_na=False)
        filled["decision"] = "0"
        filled["reason"] = "police, not a state"
        filled.to_csv(path, index=False)
        out = frames.adjudicate(codes, path).set_index("story_id")
        assert out["code"].to_dict() == {"a": 0, "b": 1, "c": 0}
        assert out["source"].to_dict() == {"a": "adjudicated", "b": "agreed", "c": "single"}
        assert out.loc["a", "comment"] == "police, not a state"
        assert out.loc["b", "coders"] == 2 and out.loc["a", "weight"] == 1.0

    def test_a_disagreement_needs_a_decision(self, codes):
        with pytest.raises(frames.CodesError, match="1 story and frame pair.s. where the "
                                                    "coders disagree have no decision"):
            frames.adjudicate(codes)

    def test_bad_decisions(self, codes):
        bad = pd.DataFrame({"story_id": ["a", "z"], "frame": "spy", "decision": ["maybe", "1"]})
        with pytest.raises(frames.CodesError) as err:
            frames.adjudicate(codes, bad)
        assert "decisions, row 2: decision is 'maybe'" in str(err.value)
        assert "decisions, row 3: story 'z', frame 'spy' was not coded" in str(err.value)

    def test_consensus_is_what_evaluate_reads(self, codes):
        decided = frames.adjudicate(codes, pd.DataFrame({"story_id": ["a"], "frame": "spy",
                                                         "decision": [1]}))
        calls = pd.DataFrame({"story_id": ["a", "b", "c"], "frame": "spy", "call": [1, 0, 0]})
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            ev = frames.evaluate(calls, decided, n_boot=0).iloc[0]
        assert (ev["precision"], ev["recall"]) == (1.0, 0.5)
