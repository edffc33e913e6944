import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from compare.conftest import DONKEY, FOX, RAW, SKLEARN, table, two_by_two_table
from matplotlib.text import Text
from topics.conftest import SMALL

from wireframe import aggregate, compare, plots, topics


class TestOutletColors:
    def test_fixed_across_figures(self):
        a = plots.outlet_colors(["CNN", "TASS", "Zeta Times"])
        b = plots.outlet_colors(["Zeta Times", "TASS"])
        assert a["TASS"] == b["TASS"] and a["Zeta Times"] == b["Zeta Times"]
        assert len(set(a.values())) == 3


class TestVolume:
    def test_draws_counts(self, stories):
        table = aggregate.volume(stories)
        ax = plots.volume(table)
        texts = sorted(t.get_text() for t in ax.texts)
        assert texts.count("1") == 4 and len(texts) == 9
        assert [t.get_text() for t in ax.get_yticklabels()] == ["BBC", "Devdiscourse",
                                                                  "Reuters"]
        assert ax.get_xlabel() == "Week starting (Monday, UTC)"

    def test_needs_volume_table(self, stories):
        with pytest.raises(ValueError, match="needs a column 'period'"):
            plots.volume(stories)


class TestSaveFigure:
    def test_writes_three_files_byte_stable(self, stories, tmp_path):
        table = aggregate.volume(stories)
        written = []
        for run in ("a", "b"):
            ax = plots.volume(table)
            files = plots.save_figure(ax, "vol", table, caption="n = 4", folder=tmp_path / run)
            written.append([f.read_bytes() for f in files])
            plt.close("all")
        assert [f.name for f in files] == ["vol.png", "vol.svg", "vol.csv"]
        assert written[0][2] == written[1][2]
        assert written[0][1] == written[1][1]
        assert written[0][2].decode().splitlines()[1] == "BBC,2017-02-06T00:00:00Z,1"

    def test_bad_name(self, stories, tmp_path):
        _, ax = plt.subplots()
        with pytest.raises(ValueError, match="plain file stem"):
            plots.save_figure(ax, "a/b", stories, folder=tmp_path)


class TestWireCredits:
    def test_bars_sum_to_one_per_outlet(self):
        import pandas as pd

        table = pd.DataFrame({"outlet": ["A", "A", "B"], "wire": ["AP", "none", "none"],
                              "stories": [1, 3, 2], "share": [0.25, 0.75, 1.0]})
        ax = plots.wire_credits(table)
        widths = [(p.get_y(), p.get_width()) for p in ax.patches]
        assert sorted(w for _, w in widths) == [0.0, 0.25, 0.75, 1.0]
        assert [t.get_text() for t in ax.get_legend().get_texts()] == ["AP", "no credit found"]
        assert [t.get_text() for t in ax.get_yticklabels()] == ["A", "B"]


class TestEditKinds:
    def test_bars_end_at_one_when_empty_cells_are_left_out(self):
        import pandas as pd

        from wireframe import syndication

        t = pd.DataFrame({"outlet": ["A", "A", "B"], "kind": ["identical", "truncated",
                                                              "identical"],
                          "relation": ["copy", "copy", "copy"]})
        # A user filters the zero rows away: the missing cells count as 0.
        table = syndication.edit_kinds(t).query("n > 0")
        ax = plots.edit_kinds(table)
        ends = {}
        for p in ax.patches:
            ends[p.get_y()] = max(ends.get(p.get_y(), 0.0), p.get_x() + p.get_width())
        assert sorted(ends.values()) == [1.0, 1.0]
        assert [t.get_text() for t in ax.get_legend().get_texts()] == ["truncated", "identical"]
        assert [t.get_text() for t in ax.get_yticklabels()] == ["A (n=2)", "B (n=1)"]


class TestFrameByPeriod:
    @staticmethod
    def table():
        import pandas as pd

        periods = pd.to_datetime(["2017-02-01", "2017-03-01"] * 2, utc=True)
        return pd.DataFrame({
            "outlet": ["A", "A", "B", "B"], "period": periods, "frame": "f",
            "n": [30, 10, 40, 50], "share": [0.1, 0.5, 0.2, 0.3],
            "share_low": [0.0, 0.1, 0.1, 0.2], "share_high": [0.2, 0.9, 0.3, 0.4],
        })

    def test_drops_small_cells_and_draws_percent(self):
        ax = plots.frame_by_period(self.table(), frame="f", min_n=20)
        xs = sorted(x for line in ax.lines for x in line.get_xdata())
        assert xs == [10.0, 20.0, 30.0]  # A in March has 10 stories: not drawn
        assert [t.get_text() for t in ax.get_legend().get_texts()] == ["Feb 2017", "Mar 2017"]

    def test_errors(self):
        with pytest.raises(ValueError, match="`measure` must be one of 'share', 'rate'"):
            plots.frame_by_period(self.table(), frame="f", measure="odds")
        ax = plots.frame_by_period(self.table(), frame="g")
        assert ax.texts[0].get_text() == "no outlet has 20 or more stories in any period"


class TestDetectionAccuracy:
    def test_all_row_last(self):
        import pandas as pd

        table = pd.DataFrame({"edit": ["all", "verbatim", "all", "verbatim"], "n": [5, 5, 5, 5],
                              "measure": ["precision", "precision", "recall", "recall"],
                              "value": [0.98, 1.0, 0.96, 1.0]})
        ax = plots.detection_accuracy(table)
        assert [t.get_text() for t in ax.get_yticklabels()] == ["verbatim (n=5)", "all (n=5)"]
        assert list(ax.lines[0].get_xdata()) == [1.0, 0.98]


# -- compare: keyness bars and Fightin' Words ----------------------------------------


class TestKeynessBars:
    def test_draws_both_sides_with_counts(self):
        got = compare.keyness(two_by_two_table(), by="outlet", target="T", steps=RAW, phrases=False)
        ax = plots.keyness_bars(got, n=2)
        labels = [t.get_text() for t in ax.get_yticklabels()]
        assert labels == got["term"].head(2).tolist() + got["term"].tail(2).tolist()
        widths = [p.get_width() for p in ax.patches]
        assert widths == pytest.approx(got["stat"].head(2).tolist() + got["stat"].tail(2).tolist())
        assert "3 / 2" not in [t.get_text() for t in ax.texts]  # x is neither end
        assert [t.get_text() for t in ax.get_legend().get_texts()] == ["T", "all others"]
        assert ax.get_xlabel() == "G²: + key for T, − key for all others"

    def test_needs_a_keyness_table(self, stories):
        with pytest.raises(ValueError, match="the table needs a column 'term'"):
            plots.keyness_bars(stories)


class TestFightinWords:
    def test_labels_never_overlap(self, rng):
        n = 400
        t = pd.DataFrame({"term": [f"term{i:03d}" for i in range(n)],
                          "stat": np.sort(rng.normal(0, 3, n))[::-1],
                          "n_target": rng.integers(1, 50, n),
                          "n_reference": rng.integers(1, 50, n)})
        # Crowd the extremes: many similar frequencies and scores.
        t.loc[:30, "n_target"] = 20
        t.loc[:30, "n_reference"] = 20
        ax = plots.fightin_words(t, labels=15, target="TASS", reference="CNN")
        renderer = ax.figure.canvas.get_renderer()
        for label in ax.texts:
            label.update_positions(renderer)
        boxes = [Text.get_window_extent(label, renderer) for label in ax.texts]
        assert len(boxes) == 30
        assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1:])
        assert {lab.get_text() for lab in ax.texts} == set(t["term"].head(15)) | set(
            t["term"].tail(15))

    def test_points_and_axes(self):
        t = table({"A": FOX, "B": DONKEY})
        got = compare.log_odds(t, by="outlet", prior=0.05, steps=SKLEARN, phrases=False)
        ax = plots.fightin_words(got, target="A", labels=3, z=0.5)
        offsets = ax.collections[0].get_offsets()
        assert len(offsets) == 11 and ax.get_xscale() == "log"
        assert sorted(offsets[:, 1].round(6).tolist())[-1] == pytest.approx(0.689423)
        assert ax.get_ylabel() == "z-score: + key for A, − key for all others"

    def test_several_targets_need_one_named(self):
        t = table({"A": FOX, "B": DONKEY})
        got = compare.log_odds(t, by="outlet", prior=0.05, steps=SKLEARN, phrases=False)
        with pytest.raises(ValueError, match=r"the table holds targets A, B: pass `target`"):
            plots.fightin_words(got)


# -- topics: sweep, prevalence, difference --------------------------------------------


class TestTopicPlots:
    SWEEP = pd.DataFrame({"k": [5, 10, 15], "c_v": [0.5, 0.55, 0.52],
                          "u_mass": [-1.2, -1.5, -2.0], "c_npmi": [0.02, 0.04, 0.03],
                          "exclusivity": [8.9, 9.3, 9.5], "perplexity": [4300.0, 3900.0, 3800.0]})

    def test_sweep(self):
        fig = plots.topic_sweep(self.SWEEP, chosen=10)
        titles = [ax.get_title(loc="left") for ax in fig.axes]
        assert titles == ["Coherence c_v", "Coherence c_npmi", "Coherence u_mass",
                          "Exclusivity", "Held-out perplexity"]
        ax = fig.axes[-1]
        assert list(ax.lines[0].get_ydata()) == [4300.0, 3900.0, 3800.0]
        assert any(list(line.get_xdata()) == [10, 10] for line in ax.lines)
        with pytest.raises(ValueError, match=r"`chosen` must be one of the table's K "
                           r"\(5, 10, 15\); got 20"):
            plots.topic_sweep(self.SWEEP, chosen=20)

    def test_prevalence_heatmap(self):
        table = topics.prevalence(SMALL)
        ax = plots.topic_prevalence(table, labels={1: "war, army"})
        assert [t.get_text() for t in ax.get_yticklabels()] == ["1 · war, army", "Topic 2"]
        assert [t.get_text() for t in ax.get_xticklabels()] == ["X\nn = 3", "Y\nn = 2"]
        cells = [t.get_text() for t in ax.texts]
        assert cells[0].startswith("60.0\n")
        with pytest.raises(ValueError, match="several rows per outlet and topic"):
            plots.topic_prevalence(topics.prevalence(SMALL, period="week"),
                                   intervals=False)

    def test_prevalence_over_periods(self):
        table = topics.prevalence(SMALL, by=None, period="week")
        ax = plots.topic_prevalence(table, by="period", intervals=False)
        assert [t.get_text() for t in ax.get_xticklabels()] == ["06 Feb\nn = 3", "13 Feb\nn = 2"]
        assert ax.get_xlabel() == "Week starting (Monday, UTC)"
        monthly = topics.prevalence(SMALL, by=None, period="month")
        ax = plots.topic_prevalence(monthly, by="period", intervals=False)
        assert [t.get_text() for t in ax.get_xticklabels()] == ["Feb 2017\nn = 5"]
        # Without the attrs (a table read back from CSV, say) the period is read off the dates.
        monthly.attrs.clear()
        ax = plots.topic_prevalence(monthly, by="period", intervals=False)
        assert ax.get_xlabel() == "Month (UTC)"

    def test_difference(self):
        table = topics.difference(SMALL, target="X", reference="Y").assign(
            difference_low=[0.05, -0.3], difference_high=[0.2, -0.05])
        ax = plots.topic_difference(table, labels=pd.DataFrame({"topic": [1, 2],
                                                                "label": ["a", "b"]}))
        assert [t.get_text() for t in ax.get_yticklabels()] == ["1 · a", "2 · b"]
        colors = plots.outlet_colors(["X", "Y"])
        dots = [c for c in ax.containers]
        assert tuple(dots[0].lines[0].get_color()[:3]) == pytest.approx(colors["X"])
        assert tuple(dots[1].lines[0].get_color()[:3]) == pytest.approx(colors["Y"])
        assert ax.get_xlim()[0] == pytest.approx(-ax.get_xlim()[1])


class TestFrameRatesPlot:
    """Moved from test_aggregate_rates.py: plots.frame_rates on aggregate.frame_rates."""

    @pytest.fixture
    def table(self, stories):
        from wireframe import frames

        scores = frames.score(stories, ["new_cold_war", "espionage"])
        with pytest.warns(UserWarning, match="no story has a hit of espionage"):
            return aggregate.frame_rates(stories, scores)

    def test_one_dot_and_interval_per_group_sorted(self, table):
        ax = plots.frame_rates(table, frame="new_cold_war")
        labels = [t.get_text() for t in ax.get_yticklabels()]
        assert labels == ["BBC", "Devdiscourse", "Reuters"]
        dots = [line for line in ax.lines if line.get_marker() == "o"]
        assert [d.get_xdata()[0] for d in dots] == [0.5, 0.0, 0.0]
        assert ax.get_xlabel() == "Share of placements with the frame"
        assert sorted(t.get_text() for t in ax.texts) == ["0 / 1", "0 / 1", "1 / 2"]
        assert dots[0].get_color() == plots.outlet_colors(["BBC"])["BBC"]

    def test_rate(self, table):
        ax = plots.frame_rates(table, frame="new_cold_war", measure="rate")
        assert ax.get_xlabel() == "Hits per 1,000 words (placements)"

    def test_errors(self, table, stories):
        from wireframe import frames

        with pytest.raises(ValueError, match="holds frames new_cold_war, espionage: pass"):
            plots.frame_rates(table)
        with pytest.raises(ValueError, match="`measure` must be one of 'share', 'rate'"):
            plots.frame_rates(table, frame="espionage", measure="n")
        with pytest.raises(ValueError, match="needs a column 'frame'"):
            plots.frame_rates(aggregate.volume(stories))
        weekly = aggregate.frame_rates(stories, frames.score(stories, "new_cold_war"),
                                       period="week")
        with pytest.raises(ValueError, match="several periods"):
            plots.frame_rates(weekly)


class TestPlottedTables:
    """The one check of a plotted table, and the argument checks, name the plot."""

    def test_missing_column_names_the_plot_and_the_maker(self, stories):
        with pytest.raises(ValueError, match=r"^plots\.wire_credits: the table needs a column "
                           r"'wire'; make it with wire\.credits"):
            plots.wire_credits(aggregate.volume(stories))
        with pytest.raises(ValueError, match=r"^plots\.originality: the table needs a column"):
            plots.originality(stories)

    def test_not_a_table(self):
        with pytest.raises(ValueError, match=r"^plots\.volume: `table` must be a DataFrame made "
                           r"by aggregate\.volume; got \[1, 2\]"):
            plots.volume([1, 2])

    def test_argument_checks(self, stories):
        import numpy as np
        import pandas as pd

        t = pd.DataFrame({"term": ["nato", "trump"], "stat": [9.0, -7.5], "n_target": [30, 1],
                          "n_reference": [2, 40]})
        with pytest.raises(ValueError, match=r"^plots\.keyness_bars: `n` must be an integer "
                           r">= 1; got 0"):
            plots.keyness_bars(t, n=0)
        ax = plots.keyness_bars(t, n=np.int64(1), target="A", reference="B")
        assert [x.get_text() for x in ax.get_yticklabels()] == ["nato", "trump"]
        with pytest.raises(ValueError, match=r"^plots\.fightin_words: `z` must be a number >= 0"):
            plots.fightin_words(t, z=-1)
        with pytest.raises(ValueError, match=r"^plots\.save_figure: `name` must be a plain file "
                           r"stem"):
            plots.save_figure(ax, "a b", t)

    def test_the_api_stays_at_wireframe_plots(self):
        import wireframe.plots as p

        assert set(p.__all__) >= {"volume", "wire_credits", "frame_rates", "frame_by_period",
                                  "keyness_bars", "fightin_words", "edit_kinds", "originality",
                                  "detection_accuracy", "topic_sweep", "topic_prevalence",
                                  "topic_difference", "save_figure", "set_theme",
                                  "outlet_colors", "OUTLET_ORDER"}
        assert all(callable(getattr(p, n)) for n in p.__all__ if n.islower())


class TestEditKindsOfFamilies:
    def test_edit_kinds(self):
        from wireframe import syndication, synthetic

        fam = syndication.families(synthetic.toy(), progress=False)
        k = syndication.edit_kinds(syndication.classify(fam, progress=False))
        ax = plots.edit_kinds(k)
        assert [t.get_text() for t in ax.get_yticklabels()] == ["Devdiscourse (n=1)"]
        assert [p.get_width() for p in ax.patches] == [1.0]
        with pytest.raises(ValueError, match="make it with syndication.edit_kinds"):
            plots.edit_kinds(fam)


class TestOriginality:
    def test_originality(self):
        from wireframe import syndication, synthetic

        fam = syndication.families(synthetic.toy(), progress=False)
        ax = plots.originality(syndication.originality(fam))
        assert [p.get_width() for p in ax.patches] == [1.0, 0.0, 0.0]
        assert [t.get_text() for t in ax.texts] == [" 1 of 1", " 0 of 1", " 0 of 1"]


class TestFrameProvenance:
    @pytest.fixture
    def table(self):
        from frames.test_ownership import LEX, corpus

        from wireframe import frames

        fam = corpus()
        hits = frames.match(fam, LEX)
        return frames.provenance_shares(fam, frames.provenance(fam, hits, lexicon=LEX,
                                                                   progress=False),
                                        frames.score(fam, LEX, hits=hits))

    def test_one_row_per_outlet_with_copies_three_measures(self, table):
        ax = plots.frame_provenance(table, frame="espionage")
        labels = [t.get_text() for t in ax.get_yticklabels()]
        assert labels == ["Devdiscourse (n=2)", "Latestly (n=1)", "MSN (n=1)",
                          "Yahoo News (n=1)"]
        assert [t.get_text() for t in ax.get_legend().get_texts()] == ["inherited", "added",
                                                                       "cut"]
        # The dots: per measure, one per outlet, at the shares of the table.
        dots = [line for line in ax.lines if line.get_marker() in ("o", "^", "v")]
        by_marker = {d.get_marker(): list(d.get_xdata()) for d in dots}
        assert by_marker["o"] == [1.0, 1.0, 1.0, 1.0]
        assert by_marker["^"] == [0.5, 0.0, 0.0, 1.0]
        assert by_marker["v"] == [0.0, 0.0, 1.0, 0.0]
        assert "unique stories" in ax.get_xlabel() and "the body" in ax.get_xlabel()

    def test_headline_field_and_own(self, table):
        ax = plots.frame_provenance(table, frame="espionage", field="headline",
                                    measures=("added", "own"))
        dots = {d.get_marker(): list(d.get_xdata()) for d in ax.lines
                if d.get_marker() in ("^", "s")}
        assert dots["^"] == [0.0, 1.0, 0.0, 0.0]  # Latestly retitled with "Spy"

    def test_errors(self, table):
        with pytest.raises(ValueError, match="holds frames espionage, new_cold_war, rivalry"):
            plots.frame_provenance(table)
        with pytest.raises(ValueError, match=r"`field` must be one of"):
            plots.frame_provenance(table, frame="espionage", field="lede")
        with pytest.raises(ValueError, match=r"`measures` must be one of"):
            plots.frame_provenance(table, frame="espionage", measures=("kept",))
        with pytest.raises(ValueError, match="needs a column 'measure'.*provenance_shares"):
            plots.frame_provenance(table.drop(columns="measure"))


class TestModelPlots:
    @pytest.fixture
    def predicted(self):
        frame = pd.DataFrame({
            "outlet": ["CNN", "CNN", "TASS", "TASS"],
            "published": pd.to_datetime(["2017-02-06", "2017-03-27"] * 2, utc=True),
            "prevalence": [0.10, 0.20, 0.30, 0.25], "prevalence_low": [0.05, 0.12, 0.2, 0.18],
            "prevalence_high": [0.16, 0.29, 0.41, 0.33], "unit": "placement"})
        return frame

    def test_one_line_and_band_per_outlet(self, predicted):
        ax = plots.predicted_prevalence(predicted)
        assert [line.get_label() for line in ax.get_lines()] == ["CNN", "TASS"]
        assert np.allclose(ax.get_lines()[1].get_ydata(), [0.30, 0.25])
        bands = [c for c in ax.collections if c.get_paths()]
        assert len(bands) == 2
        low, high = bands[0].get_paths()[0].vertices[:, 1].min(), \
            bands[0].get_paths()[0].vertices[:, 1].max()
        assert (low, high) == pytest.approx((0.05, 0.29))
        assert ax.get_ylabel() == "Predicted share of placements"
        plt.close(ax.figure)

    def test_topic_predictions_say_proportion(self, predicted):
        ax = plots.predicted_prevalence(predicted.assign(topic=12, unit="story"))
        assert ax.get_ylabel() == "Predicted proportion (unique stories)"
        plt.close(ax.figure)
        with pytest.raises(ValueError, match="holds several topics; select one"):
            plots.predicted_prevalence(predicted.assign(topic=[1, 1, 2, 2]))
