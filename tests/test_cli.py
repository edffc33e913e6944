import numpy as np
import pandas as pd
import pytest
from topics.conftest import planted

from wireframe import aggregate, cli, compare, frames, io, store, synthetic, topics
from wireframe.cli import build_parser, default, main


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


class TestFrames:
    """wireframe frames: scores, hits, KWIC, samples and rates; a table or a store."""

    def test_frames_command_writes_scores_hits_and_rates(self, stories, tmp_path, capsys):
        src = io.write_stories(stories, tmp_path / "s.parquet")
        out, hits, rates, sample = (tmp_path / n for n in
                                    ("scores.csv", "hits.csv", "rates.csv", "sample.csv"))
        code = main(["frames", str(src), "--lexicon", "new_cold_war", "--lexicon", "espionage",
                     "-o", str(out), "--hits", str(hits), "--rates", str(rates),
                     "--method", "bootstrap", "--n-boot", "50", "--sample", str(sample),
                     "--per-stratum", "1"])
        assert code == 0
        printed = capsys.readouterr().out
        assert "new_cold_war                   1 of 4 stories with hits" in printed
        scores = pd.read_csv(out)
        assert list(scores.columns) == list(frames.SCORE_COLUMNS) and len(scores) == 8
        assert pd.read_csv(hits)["text"].tolist() == ["new cold war", "new cold war"]
        table = pd.read_csv(rates)
        assert table.loc[table["outlet"] == "BBC", "share"].tolist() == [0.5, 0.0]
        # Four stories: the percentile bootstrap is never shown to cover, so Clopper-Pearson.
        assert set(table["share_method"]) == {"clopper-pearson"}
        assert len(pd.read_csv(sample)) == 1

    @pytest.mark.slow
    @pytest.mark.newsarticles
    def test_frames_command_on_a_store_equals_the_table(self, newsarticles, tmp_path, capsys):
        news = newsarticles[0]
        src = io.write_stories(news, tmp_path / "news.parquet")
        store.write(news, tmp_path / "store")
        outs = {}
        for name, stories in (("table", src), ("store", tmp_path / "store")):
            files = [tmp_path / f"{name}-{kind}.parquet" for kind in ("scores", "hits", "kwic")]
            assert main(["frames", str(stories), "--lexicon", "new_cold_war", "--lexicon",
                         "espionage", "-o", str(files[0]), "--hits", str(files[1]),
                         "--kwic", str(files[2])]) == 0
            outs[name] = [pd.read_parquet(f) for f in files]
            printed = capsys.readouterr().out
        # The store is read month by month (6 batches), the output appended;
        # sorted, the tables are the same.
        assert "of 3,824 stories with hits" in printed
        keys = (["story_id", "frame"], ["story_id", "frame", "start"],
                ["story_id", "frame", "start"])
        for table, streamed, key in zip(outs["table"], outs["store"], keys, strict=True):
            pd.testing.assert_frame_equal(
                streamed.sort_values(key, ignore_index=True),
                table.sort_values(key, ignore_index=True))
        assert len(outs["store"][0]) == 2 * 3_824
        assert main(["frames", str(tmp_path / "store"), "--lexicon", "espionage", "-o",
                     str(tmp_path / "x.csv"), "--rates", str(tmp_path / "r.csv")]) == 1
        assert "--rates needs every story at once" in capsys.readouterr().err

    def test_frames_command_on_a_store_without_hits(self, tmp_path, capsys):
        store.write(synthetic.toy(), tmp_path / "store")
        hits = tmp_path / "hits.parquet"
        assert main(["frames", str(tmp_path / "store"), "--lexicon", "new_cold_war", "-o",
                     str(tmp_path / "s.csv"), "--hits", str(hits)]) == 0
        assert "0 of 3 stories with hits" in capsys.readouterr().out
        assert list(pd.read_parquet(hits).columns) == list(frames.HIT_COLUMNS)
        assert len(pd.read_parquet(hits)) == 0

    def test_unknown_lexicon_is_a_message(self, stories, tmp_path, capsys):
        src = io.write_stories(stories, tmp_path / "s.parquet")
        assert main(["frames", str(src), "--lexicon", "cold", "-o", "x.csv"]) == 1
        assert "must be a shipped lexicon" in capsys.readouterr().err

    def test_defaults_are_the_library_defaults(self):
        args = build_parser().parse_args(["frames", "s.parquet", "--lexicon", "espionage",
                                          "-o", "x.csv"])
        assert (args.window, args.sentence) == (default(frames.kwic, "window"),
                                                default(frames.kwic, "sentence"))
        assert args.per_stratum == default(frames.validation_sample, "per_stratum")
        for option in ("by", "period", "unit", "method", "n_boot", "seed"):
            assert getattr(args, option) == default(aggregate.frame_rates, option), option


class TestFramesProvenance:
    """wireframe frames --provenance and --provenance-shares."""

    def test_families_from_the_table(self, tmp_path, capsys):
        from frames.test_ownership import corpus

        fam = corpus()
        src = io.write_stories(fam, tmp_path / "fam.parquet")
        prov, shares = tmp_path / "prov.csv", tmp_path / "shares.csv"
        assert main(["frames", str(src), "--lexicon", "espionage", "--lexicon",
                     "new_cold_war", "-o", str(tmp_path / "s.csv"), "--provenance", str(prov),
                     "--provenance-shares", str(shares)]) == 0
        printed = capsys.readouterr().out
        assert "families: the family_id and copy_of columns of fam.parquet" in printed
        assert "provenance: 5 copies with frame hits; " in printed
        table = pd.read_csv(prov)
        hits = frames.match(fam, ["espionage", "new_cold_war"])
        expected = frames.provenance(fam, hits, progress=False)
        assert table["status"].tolist() == expected["status"].tolist()
        assert table["story_id"].tolist() == expected["story_id"].tolist()
        got = pd.read_csv(shares)
        assert list(got.columns) == ["outlet", *frames.SHARE_COLUMNS]
        yahoo = got.query("outlet == 'Yahoo News' and frame == 'espionage' and field == 'body' "
                          "and measure == 'added'")
        assert yahoo[["n", "x", "interval"]].values.tolist() == [[1, 1, "Clopper-Pearson exact"]]

    def test_families_found_when_absent_and_by_wire(self, tmp_path, capsys):
        from frames.test_ownership import corpus

        fam = corpus()
        bare = fam.drop(columns=["family_id", "family_size", "copy_of", "similarity",
                                 "relation", "is_reprint"])
        src = io.write_stories(bare, tmp_path / "bare.parquet")
        shares = tmp_path / "shares.parquet"
        assert main(["frames", str(src), "--lexicon", "espionage", "-o", str(tmp_path / "s.csv"),
                     "--provenance-shares", str(shares), "--provenance-by", "wire"]) == 0
        printed = capsys.readouterr().out
        assert "families: found by syndication.families with its defaults (2 with copies)" \
            in printed
        assert "no story has a wire credit" not in printed
        got = pd.read_parquet(shares)
        assert set(got["wire"]) == {"AP", "Reuters", "TASS"}
        cut = got.query("wire == 'Reuters' and field == 'body' and measure == 'cut'")
        assert cut[["n", "x"]].values.tolist() == [[1, 0]]  # one story per family: c1 stands
        # Without wire credits the earliest story is the original, and the command says so.
        src = io.write_stories(bare.assign(wire=pd.Series(pd.NA, index=bare.index, dtype="string")),
                               tmp_path / "nowire.parquet")
        assert main(["frames", str(src), "--lexicon", "espionage", "-o", str(tmp_path / "s.csv"),
                     "--provenance", str(tmp_path / "p.csv")]) == 0
        assert "no story has a wire credit" in capsys.readouterr().out

    def test_needs_a_table_and_checks_the_group(self, tmp_path, capsys):
        store.write(synthetic.toy(), tmp_path / "store")
        assert main(["frames", str(tmp_path / "store"), "--lexicon", "espionage", "-o",
                     str(tmp_path / "x.csv"), "--provenance", str(tmp_path / "p.csv")]) == 1
        assert "--provenance needs every story at once" in capsys.readouterr().err
        with pytest.raises(SystemExit):
            build_parser().parse_args(["frames", "s.parquet", "--lexicon", "espionage", "-o",
                                       "x.csv", "--provenance-by", "frame"])

    def test_defaults_are_the_library_defaults(self):
        args = build_parser().parse_args(["frames", "s.parquet", "--lexicon", "espionage",
                                          "-o", "x.csv"])
        assert args.provenance_by == default(frames.provenance_shares, "by")
        assert args.provenance_unit == default(frames.provenance_shares, "unit")


class TestKeynessCommand:
    @pytest.fixture
    def stories_csv(self, tmp_path):
        path = tmp_path / "in.csv"
        path.write_text(
            "story_id,published,url,headline,body\n"
            "1,2017-02-06,https://tass.com/a,Talks,NATO expansion threatens Russia\n"
            "2,2017-02-06,https://tass.com/b,Drills,NATO drills near Russia\n"
            "3,2017-02-07,https://www.cnn.com/c,Allies,NATO allies meet Trump\n"
        )
        return path

    def test_writes_the_table(self, stories_csv, tmp_path, capsys):
        out = tmp_path / "k.csv"
        code = main(["keyness", str(stories_csv), "--by", "outlet_domain", "--target",
                     "tass.com", "-o", str(out), "--no-phrases", "--measure", "chi2",
                     "--correction", "none"])
        assert code == 0
        printed = capsys.readouterr().out
        assert "key for tass.com: drills (+1.2), russia (+1.2)," in printed
        assert f"wrote 10 term rows (chi2, placements) to {out}" in printed
        got = pd.read_csv(out)
        assert got.columns.tolist() == list(compare.COLUMNS)
        # "Drills" (headline) and "drills": a=2, b=0 of T=10, R=5 tokens; N=15, ad-bc=10.
        assert got.iloc[0][["term", "n_target", "n_reference"]].tolist() == ["drills", 2, 0]
        assert got.iloc[0]["stat"] == pytest.approx(15 * 10**2 / (2 * 13 * 10 * 5))

    def test_log_odds_for_every_group(self, stories_csv, tmp_path, capsys):
        out = tmp_path / "lo.csv"
        assert main(["keyness", str(stories_csv), "--by", "outlet_domain", "--measure",
                     "log_odds", "--prior", "0.01", "-o", str(out), "--no-phrases"]) == 0
        assert set(pd.read_csv(out)["target"]) == {"tass.com", "cnn.com"}

    def test_target_needed_for_keyness(self, stories_csv, capsys):
        with pytest.raises(SystemExit) as exit_:
            main(["keyness", str(stories_csv), "-o", "x.csv"])
        assert exit_.value.code == 2
        assert "--measure g2 needs exactly one --target" in capsys.readouterr().err

    def test_unknown_target_is_a_message(self, stories_csv, capsys):
        assert main(["keyness", str(stories_csv), "--target", "TASS", "-o", "x.csv"]) == 1
        err = capsys.readouterr().err
        assert "compare.keyness: `target` must be a value of column 'outlet'" in err
        assert "got 'TASS'" in err

    def test_defaults_are_the_librarys(self):
        args = build_parser().parse_args(["keyness", "in.csv", "-o", "k.csv"])
        for name in ("measure", "correction", "unit", "prior", "prior_scale", "min_count"):
            assert getattr(args, name) == cli.default(compare.keyness, name), name
        assert args.by == "outlet" and args.no_phrases is False


class TestTopicsCommand:
    def test_topics(self, tmp_path, capsys):
        toy = planted(np.random.default_rng(20170301))
        source = tmp_path / "stories.csv"
        toy.drop(columns=["family_id", "is_reprint", "truth"]).to_csv(source, index=False)
        assert main(["topics", str(source), "-k", "3", "-o", str(tmp_path / "out"),
                     "--no-phrases", "--no-below", "2", "--no-above", "0.9", "--passes", "20",
                     "--seed", "4", "--format", "csv"]) == 0
        out = capsys.readouterr().out
        assert "topic   1" in out
        for name in ("terms", "labels", "proportions", "representative", "prevalence"):
            assert (tmp_path / "out" / f"{name}.csv").exists()
        assert topics.load(tmp_path / "out" / "model").k == 3
        prevalence = pd.read_csv(tmp_path / "out" / "prevalence.csv")
        assert len(prevalence) == 3 * 3

    def test_bad_alpha_is_a_usage_error(self, tmp_path, capsys):
        with pytest.raises(SystemExit) as exit_info:
            main(["topics", "x.csv", "-k", "3", "-o", str(tmp_path), "--alpha", "flat"])
        assert exit_info.value.code == 2
        assert "must be one of symmetric, asymmetric, auto or a number" in (
            capsys.readouterr().err)

    def test_defaults_are_the_librarys(self):
        args = build_parser().parse_args(["topics", "in.csv", "-k", "3", "-o", "out"])
        for func, names in [(topics.fit, ["seed", "passes", "iterations", "alpha", "workers"]),
                            (topics.prepare, ["unit", "no_below", "no_above", "keep_n"]),
                            (topics.prevalence, ["by", "period"]),
                            (topics.export, ["format"])]:
            for name in names:
                assert getattr(args, name) == cli.default(func, name), (func.__name__, name)


# -- corpus, ingest, hydrate, figures: moved here from test_store.py and test_hydrate.py ---


def _stories_over_months(rng, n: int = 200) -> pd.DataFrame:
    """``n`` stories over three months from four outlets (test_store.py's ``big``)."""
    from wireframe import synthetic

    frame = pd.DataFrame({
        "story_id": [f"s{i:03d}" for i in range(n)],
        "outlet": rng.choice(["Reuters", "TASS", "BBC", "CNN"], n),
        "outlet_domain": None, "wire": None,
        "published": pd.Timestamp("2017-01-01", tz="UTC")
        + pd.to_timedelta(rng.integers(0, 90 * 86_400, n), unit="s"),
        "updated": pd.NaT,
        "headline": [f"Story {i}" for i in range(n)],
        "body": [("A new cold war looms. " if i % 7 == 0 else "") + f"Talks on day {i}."
                 for i in range(n)],
        "url": None, "language": "en", "source": "test",
    })
    return synthetic._as_story_table(frame)


class TestIngestCommand:
    """wireframe ingest into a corpus store (from test_store.py)."""

    @pytest.fixture
    def big(self, rng):
        return _stories_over_months(rng)

    def test_store_output_appends(self, big, tmp_path, capsys):
        from wireframe import store

        src = tmp_path / "a.parquet"
        io.write_stories(big.iloc[:150], src)
        src2 = tmp_path / "b.parquet"
        io.write_stories(big.iloc[100:], src2)
        out = tmp_path / "store"
        assert main(["ingest", str(src), "-o", f"{out}/"]) == 0
        assert main(["ingest", str(src), str(src2), "-o", str(out)]) == 0
        text = capsys.readouterr().out
        assert "added 150 stories" in text and "added 50 stories" in text
        assert "200 were already stored" in text  # all of a, half of b
        assert len(store.read(out)) == 200

    def test_single_file_unchanged(self, big, tmp_path):
        src = tmp_path / "a.parquet"
        io.write_stories(big, src)
        assert main(["ingest", str(src), "-o", str(tmp_path / "one.parquet")]) == 0
        assert (tmp_path / "one.parquet").is_file()


@pytest.fixture
def news_site(monkeypatch):
    """test_hydrate.py's small news site on 127.0.0.1, no proxy in the way."""
    pytest.importorskip("trafilatura")
    from test_hydrate import Site

    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy",
                 "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    site = Site()
    yield site
    site.close()


class TestHydrateCommand:
    """wireframe hydrate (from test_hydrate.py)."""

    def test_fills_bodies_and_reports_failures(self, news_site, tmp_path, capsys):
        from test_hydrate import table

        src = tmp_path / "in.parquet"
        io.write_stories(table([news_site.base + "/news/cli-story", news_site.base + "/missing"]),
                         src)
        out_path, failures = tmp_path / "out.parquet", tmp_path / "failures.csv"
        status = main(["hydrate", str(src), "-o", str(out_path), "--cache", str(tmp_path / "c"),
                       "--rate", "200", "--no-progress", "--report", str(failures)])
        assert status == 0
        out = pd.read_parquet(out_path)
        assert out["hydration"].tolist() == ["ok", "http"]
        assert pd.read_csv(failures)["kind"].tolist() == ["http"]
        assert "read 2, hydrated 1, skipped 0, failed 1 (http 1)" in capsys.readouterr().out

    def test_bad_option_is_a_message_not_a_traceback(self, news_site, tmp_path, capsys):
        from test_hydrate import table

        src = tmp_path / "in.parquet"
        io.write_stories(table([news_site.base + "/news/a"]), src)
        assert main(["hydrate", str(src), "-o", str(tmp_path / "o.parquet"), "--rate", "0"]) == 1
        assert capsys.readouterr().err.startswith(
            "wireframe: hydrate.hydrate: `rate` must be a number > 0; got 0.0")


class TestLibraryDefaults:
    """The options of corpus, ingest, hydrate and figures default to the library's defaults."""

    def _defaults(self, argv):
        from wireframe.cli import build_parser

        parser = build_parser()
        return vars(parser.parse_args(argv))

    def test_hydrate(self):
        import inspect

        from wireframe import hydrate

        got = self._defaults(["hydrate", "in.parquet", "-o", "out.parquet"])
        params = inspect.signature(hydrate.hydrate).parameters
        for name in ("cache", "rate", "timeout", "user_agent", "retry_failed", "progress"):
            assert got[name] == params[name].default, name
        assert got["progress"] is None  # a bar on a terminal only

    def test_ingest_figures_and_corpus(self):
        import inspect

        from wireframe import datasets, notebooks

        got = self._defaults(["ingest", "a.csv", "-o", "b.parquet"])
        params = inspect.signature(io.read).parameters
        assert (got["format"], got["strict"]) == (params["format"].default,
                                                  params["strict"].default)
        got = self._defaults(["figures"])
        params = inspect.signature(notebooks.run_all).parameters
        assert (got["output_dir"], got["processes"]) == (params["output_dir"].default,
                                                         params["processes"].default)
        got = self._defaults(["corpus", "fetch", "newsarticles"])
        assert got["source"] == inspect.signature(datasets.fetch).parameters["source"].default

    def test_no_progress_turns_the_bar_off(self):
        got = self._defaults(["hydrate", "in.parquet", "-o", "o.parquet", "--no-progress"])
        assert got["progress"] is False


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


class TestIngestOptions:
    """wireframe ingest takes every option io.read takes, with io.read's defaults."""

    @pytest.fixture
    def export(self, tmp_path):
        path = tmp_path / "export.csv"
        path.write_text(
            "title;date;link;text\n"
            'Talks;12.02.2026 10:00;https://www.x.org/a;"WASHINGTON (Reuters) - Talks resumed."\n'
            'More;11.02.2026;https://www.x.org/b;"BEIJING, Feb. 11 (Xinhua) -- More talks."\n'
            "Own;;https://www.x.org/c;Own story.\n")
        return path

    COLUMNS = "title=headline,date=published,link=url,text=body"

    def test_columns_dayfirst_timezone_outlet(self, export, tmp_path, capsys):
        out = tmp_path / "s.parquet"
        assert main(["ingest", str(export), "-o", str(out), "--columns", self.COLUMNS,
                     "--dayfirst", "--timezone", "Asia/Kolkata", "--outlet", "X Daily"]) == 0
        printed = capsys.readouterr().out
        assert "read 3, loaded 2, rejected 1" in printed
        stories, _ = io.read_stories(out)
        assert stories["headline"].tolist() == ["Talks", "More"]
        assert stories["published"].tolist() == [pd.Timestamp("2026-02-12 04:30", tz="UTC"),
                                                 pd.Timestamp("2026-02-10 18:30", tz="UTC")]
        assert stories["outlet"].tolist() == ["X Daily", "X Daily"]
        assert stories["wire"].tolist() == ["Reuters", "Xinhua"]

    def test_month_first_and_date_format(self, export, tmp_path):
        out = tmp_path / "s.parquet"
        assert main(["ingest", str(export), "-o", str(out), "--columns", self.COLUMNS,
                     "--no-dayfirst"]) == 0
        assert io.read_stories(out)[0]["published"].dt.strftime("%m-%d").tolist() == [
            "12-02", "11-02"]
        assert main(["ingest", str(export), "-o", str(out), "--columns", self.COLUMNS,
                     "--date-format", "%d.%m.%Y"]) == 0
        # The first date has a time the format does not: rejected, with the format named.
        assert io.read_stories(out)[0]["headline"].tolist() == ["More"]

    def test_ambiguous_dates_rejected_and_counted(self, export, tmp_path, capsys):
        report = tmp_path / "r.csv"
        assert main(["ingest", str(export), "-o", str(tmp_path / "s.parquet"), "--columns",
                     self.COLUMNS, "--report", str(report)]) == 1
        captured = capsys.readouterr()
        assert "rejected: 2 x ambiguous date" in captured.out
        assert "Fix: pass dayfirst=True" in captured.out
        assert captured.err.startswith("wireframe: nothing loaded: 3 record(s) read")
        lines = pd.read_csv(report)
        assert lines["reason"].str.startswith("ambiguous date").sum() == 2

    def test_wires_both_ways(self, export, tmp_path):
        out = tmp_path / "s.parquet"
        args = ["ingest", str(export), "-o", str(out), "--columns", self.COLUMNS, "--dayfirst"]
        assert main(args) == 0
        from_cli = io.read_stories(out)[0]
        from_python, _ = io.read(export, columns=dict(p.split("=") for p in
                                                      self.COLUMNS.split(",")), dayfirst=True)
        assert from_cli["wire"].tolist() == from_python["wire"].tolist() == ["Reuters", "Xinhua"]
        assert main([*args, "--no-wires"]) == 0
        assert io.read_stories(out)[0]["wire"].isna().all()

    def test_fallback_date(self, tmp_path):
        from conftest import ROOT

        export = ROOT / "corpus" / "samples" / "mediacloud" / "mediacloud-search-2026-02-a.csv"
        out = tmp_path / "mc.parquet"
        assert main(["ingest", str(export), "-o", str(out)]) == 0
        assert main(["ingest", str(export), "-o", str(out), "--fallback-date", "indexed"]) == 0
        stories, _ = io.read_stories(out)
        assert stories["date_source"].tolist().count("indexed_date") == 1

    def test_folder_with_a_broken_file(self, export, tmp_path, capsys):
        (tmp_path / "empty.html").write_bytes(b"")
        out = tmp_path / "s.parquet"
        assert main(["ingest", str(tmp_path), "-o", str(out), "--columns", self.COLUMNS,
                     "--dayfirst"]) == 0
        printed = capsys.readouterr().out
        assert "rejected: 1 x empty (first at" in printed and "empty.html has 0 bytes" in printed
        assert len(io.read_stories(out)[0]) == 2

    def test_bad_columns_is_a_usage_error(self, export, capsys):
        with pytest.raises(SystemExit) as exit_:
            main(["ingest", str(export), "-o", "x.parquet", "--columns", "title"])
        assert exit_.value.code == 2
        assert "takes SOURCE=STORY_COLUMN pairs" in capsys.readouterr().err

    def test_bad_timezone_is_a_message(self, export, tmp_path, capsys):
        assert main(["ingest", str(export), "-o", str(tmp_path / "x.parquet"), "--timezone",
                     "Mars/Base"]) == 1
        assert "io.read: `timezone` must be an IANA zone name" in capsys.readouterr().err

    def test_defaults_are_io_reads(self):
        import inspect

        got = vars(build_parser().parse_args(["ingest", "a.csv", "-o", "b.parquet"]))
        params = inspect.signature(io.read).parameters
        for name in ("format", "strict", "columns", "date_format", "dayfirst", "timezone",
                     "outlet", "fallback_date", "attribute_wires"):
            assert got[name] == params[name].default, name
        assert got["attribute_wires"] is True


class TestValidateCommand:
    """wireframe validate: sheet, agreement, evaluate, correct, end to end."""

    @pytest.fixture
    def stories_csv(self, tmp_path):
        bodies = (["The spy was caught.", "Spies everywhere.", "A spy ring."]
                  + ["Intelligence chiefs met.", "The CIA budget.", "Hackers struck."]
                  + [f"Rain on day {i}." for i in range(6)])
        path = tmp_path / "stories.csv"
        pd.DataFrame({"story_id": [f"s{i}" for i in range(12)], "outlet": ["X", "Y"] * 6,
                      "published": "2017-02-01", "headline": "", "body": bodies}
                     ).to_csv(path, index=False)
        return path

    def test_end_to_end(self, stories_csv, tmp_path, capsys):
        folder = tmp_path / "sheet"
        assert main(["validate", "sheet", str(stories_csv), "--lexicon", "espionage",
                     "-o", str(folder), "--sizes", "hit=all", "cue=2", "none=3",
                     "--coders", "A", "B", "--seed", "3"]) == 0
        assert "CodingSheet(8 stories: hit 3 of 3, cue 2 of 3, none 3 of 6" in (
            capsys.readouterr().out)
        for coder in ("A", "B"):
            sheet = pd.read_csv(folder / f"sheet_{coder}.csv", dtype=str,
                                keep_default_na=False)
            sheet["espionage"] = ["1" if "spy" in b.lower() or "Spies" in b else "0"
                                  for b in sheet["body"]]
            if coder == "B":
                sheet.loc[sheet["body"] == "A spy ring.", "espionage"] = "0"
            sheet.to_csv(folder / f"sheet_{coder}.csv", index=False)
        assert main(["validate", "agreement", str(folder), "-o", str(tmp_path / "agree.csv"),
                     "--disagreements", str(tmp_path / "d.csv"), "--n-boot", "50"]) == 0
        printed = capsys.readouterr().out
        assert "agreement 0.88" in printed and "1 disagreement(s)" in printed
        decisions = pd.read_csv(tmp_path / "d.csv", dtype=str, keep_default_na=False)
        decisions["decision"] = "1"
        decisions.to_csv(tmp_path / "d.csv", index=False)
        out = tmp_path / "eval.csv"
        assert main(["validate", "evaluate", str(folder), "--decisions", str(tmp_path / "d.csv"),
                     "--stories", str(stories_csv), "--lexicon", "espionage", "-o", str(out),
                     "--n-boot", "50"]) == 0
        row = pd.read_csv(out).iloc[0]
        assert (row["precision"], row["recall"]) == (1.0, 1.0)
        out = tmp_path / "correct.csv"
        assert main(["validate", "correct", str(folder), "--decisions", str(tmp_path / "d.csv"),
                     "--stories", str(stories_csv), "--lexicon", "espionage", "-o", str(out),
                     "--n-boot", "50"]) == 0
        assert pd.read_csv(out)["outlet"].tolist() == ["X", "Y"]

    def test_bad_codes_exit_1_naming_the_row(self, stories_csv, tmp_path, capsys):
        folder = tmp_path / "sheet"
        with pytest.warns(UserWarning, match="none is drawn"):
            main(["validate", "sheet", str(stories_csv), "--lexicon", "espionage", "-o",
                  str(folder), "--sizes", "hit=all", "cue=0", "none=0"])
        sheet = pd.read_csv(folder / "sheet_A.csv", dtype=str, keep_default_na=False)
        sheet["espionage"] = "yes"
        sheet.to_csv(folder / "sheet_A.csv", index=False)
        assert main(["validate", "agreement", str(folder), "-o", str(tmp_path / "a.csv")]) == 1
        assert "sheet_A.csv, row 2 (line 2): `espionage` is 'yes'" in capsys.readouterr().err

    def test_bad_sizes_are_a_usage_error(self, stories_csv, tmp_path):
        with pytest.raises(SystemExit) as err:
            main(["validate", "sheet", str(stories_csv), "--lexicon", "espionage", "-o",
                  str(tmp_path / "s"), "--sizes", "hit:all"])
        assert err.value.code == 2

    def test_defaults_are_the_library_defaults(self):
        import inspect

        args = vars(build_parser().parse_args(["validate", "sheet", "s.csv", "--lexicon",
                                               "espionage", "-o", "out"]))
        params = inspect.signature(frames.coding_sheet).parameters
        assert args["sizes"] == ["hit=100", "cue=200", "none=100"]
        assert dict(params["sizes"].default) == {"hit": 100, "cue": 200, "none": 100}
        assert (args["seed"], args["overlap"]) == (params["seed"].default,
                                                   params["overlap"].default)
        args = vars(build_parser().parse_args(["validate", "correct", "c.csv", "--stories",
                                               "s.csv", "-o", "o.csv"]))
        params = inspect.signature(frames.corrected_shares).parameters
        for name in ("by", "unit", "correction", "interval", "fpc", "n_boot", "seed"):
            assert args[name] == params[name].default, name
