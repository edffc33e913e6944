import matplotlib.pyplot as plt
import pytest

from wireframe import aggregate, plots


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
