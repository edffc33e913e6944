import pandas as pd
import pytest

from wireframe import io
from wireframe.cli import main


@pytest.fixture
def bad_csv(tmp_path):
    path = tmp_path / "in.csv"
    path.write_text(
        "story_id,published,url,headline,body\n"
        "1,2017-02-06,http://www.bbc.co.uk/a,A,Text\n"
        "2,not a date,http://www.bbc.co.uk/b,B,Text\n"
    )
    return path


class TestIngest:
    def test_writes_table_and_prints_report(self, bad_csv, tmp_path, capsys):
        out = tmp_path / "stories.parquet"
        assert main(["ingest", str(bad_csv), "-o", str(out), "--report",
                     str(tmp_path / "r.csv")]) == 0
        printed = capsys.readouterr().out
        assert "read 2, loaded 1, rejected 1" in printed
        assert f"rejected: 1 x bad date (first at {bad_csv}:3)" in printed
        stories, _ = io.read_stories(out)
        assert stories["story_id"].tolist() == ["1"]
        lines = pd.read_csv(tmp_path / "r.csv")
        assert lines.loc[0, "location"] == f"{bad_csv}:3"

    def test_strict_exits_non_zero_naming_line(self, bad_csv, tmp_path, capsys):
        code = main(["ingest", str(bad_csv), "-o", str(tmp_path / "s.parquet"), "--strict"])
        assert code == 1
        assert f"bad input: {bad_csv}:3: bad date" in capsys.readouterr().err

    def test_csv_output(self, bad_csv, tmp_path):
        out = tmp_path / "s.csv"
        main(["ingest", str(bad_csv), "-o", str(out)])
        assert pd.read_csv(out)["headline"].tolist() == ["A"]

    def test_missing_file_is_a_message_not_a_traceback(self, tmp_path, capsys):
        assert main(["ingest", str(tmp_path / "nope.csv"), "-o", "x.parquet"]) == 1
        assert capsys.readouterr().err.startswith("wireframe: no such file")

    def test_bad_format_is_a_usage_error(self, bad_csv, capsys):
        with pytest.raises(SystemExit) as exit_:
            main(["ingest", str(bad_csv), "-o", "x.parquet", "--format", "xls"])
        assert exit_.value.code == 2
        assert "invalid choice: 'xls'" in capsys.readouterr().err


class TestCorpus:
    def test_list(self, capsys):
        assert main(["corpus", "list"]) == 0
        out = capsys.readouterr().out
        assert "newsarticles" in out and "21,578 stories" in out

    def test_unknown_name_is_a_usage_error(self, capsys):
        with pytest.raises(SystemExit):
            main(["corpus", "info", "nope"])
        assert "invalid choice: 'nope'" in capsys.readouterr().err

    @pytest.mark.newsarticles
    def test_info_and_export(self, newsarticles, tmp_path, capsys):
        assert main(["corpus", "info", "newsarticles"]) == 0
        out = capsys.readouterr().out
        assert "rows      3824" in out and "outlets   9" in out
        assert "first     2016-04-19T00:00:00+00:00" in out
        out_file = tmp_path / "n.parquet"
        assert main(["corpus", "export", "newsarticles", "-o", str(out_file)]) == 0
        back, _ = io.read_stories(out_file)
        pd.testing.assert_frame_equal(back, newsarticles[0])


def test_ingest_folder_of_saved_pages(tmp_path, capsys):
    from conftest import ROOT

    out = tmp_path / "pages.parquet"
    assert main(["ingest", str(ROOT / "corpus" / "samples" / "pages"), "-o", str(out)]) == 0
    assert "read 7, loaded 7, rejected 0" in capsys.readouterr().out
    stories, _ = io.read_stories(out)
    dev = stories.set_index("outlet").loc["Devdiscourse"]
    assert dev["wire"] == "Reuters"
    assert dev["published"] == pd.Timestamp("2026-02-12 14:12", tz="UTC")
    assert stories["outlet"].tolist().count("unknown") == 1


class TestSyndication:
    def test_syndication(self, tmp_path, capsys):
        from wireframe import synthetic

        src = tmp_path / "in.parquet"
        synthetic.toy().to_parquet(src)
        out, kinds = tmp_path / "out.parquet", tmp_path / "kinds.csv"
        assert main(["syndication", str(src), "-o", str(out), "--kinds", str(kinds)]) == 0
        assert "1 families with copies: 1 reprints, 0 versions" in capsys.readouterr().out
        assert pd.read_parquet(out)["family_id"].tolist() == ["wire-1", "wire-1", "other-1"]
        assert pd.read_csv(kinds)["kind"].tolist() == ["truncated"]

    def test_bad_option_is_a_message(self, tmp_path, capsys):
        from wireframe import synthetic

        src = tmp_path / "in.parquet"
        synthetic.toy().to_parquet(src)
        assert main(["syndication", str(src), "-o", str(tmp_path / "o.parquet"),
                     "--containment", "2"]) == 1
        assert ("syndication.families: `containment` must be a number in (0, 1]"
                in capsys.readouterr().err)

    def test_defaults_are_the_librarys(self, capsys):
        from wireframe import syndication
        from wireframe.cli import build_parser

        args = build_parser().parse_args(["syndication", "in.parquet", "-o", "out.parquet"])
        options = syndication.DetectOptions()
        for name in ("jaccard", "containment", "shingle", "min_words", "window_days",
                     "boilerplate", "seed"):
            assert getattr(args, name) == getattr(options, name), name
        assert args.updates == "version"
        with pytest.raises(SystemExit):
            build_parser().parse_args(["syndication", "in.parquet", "-o", "o", "--updates", "x"])
        assert "invalid choice: 'x'" in capsys.readouterr().err
