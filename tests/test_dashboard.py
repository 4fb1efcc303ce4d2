"""The dashboard API: the same numbers as the evaluation, what-if refits, upload, downloads."""
from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from fastapi.testclient import TestClient

from innoscope.config import index_params
from innoscope.errors import InnoscopeError
from innoscope.evaluation import prepare, run
from innoscope.index import Index

REPO = Path(__file__).resolve().parents[1]
STATIC = REPO / "src" / "innoscope" / "dashboard" / "static"


@pytest.fixture(scope="module")
def app():
    from innoscope.dashboard import create_app

    return create_app(max_upload_mb=0.05)


@pytest.fixture(scope="module")
def client(app):
    with TestClient(app) as c:
        yield c


@pytest.fixture(scope="module")
def ev(app):
    return app.state.store.default.ev


@pytest.fixture(scope="module")
def panel_csv(tmp_path_factory):
    """A valid upload: the embedded panel's framework indicators in 2020 and 2021, long form."""
    from innoscope import datasets
    from innoscope.studies import load_study

    st = load_study("caict2022")
    data = datasets.load_panel(st.framework, mapping=st.mapping).data
    data = data[data["year"].isin([2020, 2021])]
    path = tmp_path_factory.mktemp("upload") / "my panel.csv"
    data.to_csv(path, index=False)
    return path


def _bad_csv(panel_csv: Path, tmp_path: Path) -> Path:
    data = pd.read_csv(panel_csv, dtype={"region": str})
    data["value"] = data["value"].astype(object)
    data.loc[3, "value"] = "abc"
    data.loc[5, "region"] = "火星"
    path = tmp_path / "bad.csv"
    data.to_csv(path, index=False)
    return path


def test_meta_names_markers_and_choices(client, ev):
    m = client.get("/api/meta").json()
    assert m["dataset"]["year"] == ev.year == 2021
    assert m["dataset"]["study"] == "caict2022"
    assert [d["code"] for d in m["dataset"]["dropped"]] == list(ev.dropped)
    nodes = {n["code"]: n for n in m["framework"]}
    # every indicator carries the marker of its status, as in the report (#8, #9)
    for code in ev.index.framework.indicators:
        assert nodes[code]["marker"] == ev.marker(code)
        assert nodes[code]["footnote_zh"] == ev.footnote(code, "zh")
    assert {n["marker"] for n in nodes.values()} >= {"*", "‡"}
    assert m["root"] == "digital_innovation" and nodes["digital_innovation"]["parent"] is None
    assert len(m["regions"]) == 31
    assert "minmax" in m["choices"]["normalise"] and "geometric" in m["choices"]["aggregate"]
    assert m["has"]["map"] and m["has"]["efficiency"]
    assert m["max_upload_mb"] == pytest.approx(0.05)


def test_scores_are_the_evaluation_s(client, ev):
    body = client.get("/api/scores", params={"year": 2021}).json()
    got = pd.DataFrame(body["scores"])
    want = ev.index.to_frame(2021)
    want = want[want["code"].isin(got["code"].unique())]
    merged = want.merge(got, on=["region", "year", "code"], suffixes=("", "_api"))
    fw = ev.index.framework
    assert len(merged) == len(want) == 31 * len(fw.aggregates)  # root, first and second level
    np.testing.assert_array_equal(merged["score"].to_numpy(), merged["score_api"].to_numpy())
    assert (merged["rank"].astype(int) == merged["rank_api"]).all()
    tiers = pd.DataFrame(body["tiers"])
    want_t = ev.index.tiers_frame(2021)
    assert tiers["region"].tolist() == want_t["region"].tolist()
    assert tiers["tier"].fillna(0).astype(int).tolist() == want_t["tier"].fillna(0).astype(int).tolist()
    # the national mean is the plain mean over the regions of that year
    mean = {r["code"]: r["mean"] for r in body["mean"]}
    assert mean["talent"] == pytest.approx(ev.index.scores.xs(2021, level="year")["talent"].mean())
    # the published leader of the embedded data set
    assert tiers.iloc[0]["region"] == "440000" and tiers.iloc[0]["rank"] == 1


def test_whatif_equals_the_index_refitted_with_the_changed_config(client, ev):
    r = client.post("/api/whatif", json={"weights": {"talent": 3.0}, "normalise": "zscore", "year": 2021})
    assert r.status_code == 200
    body = r.json()
    cfg = ev.config.model_copy(deep=True)
    params = index_params(cfg)
    params["normalise__method"] = "zscore"
    params["weights__overrides"] = {"talent": 3.0}
    prep = prepare(None)
    from innoscope.panel import Panel

    panel = Panel(data=prep.panel.data[prep.panel.data["indicator"].isin(prep.used)].reset_index(drop=True),
                  source=prep.panel.source, chinese=True, labels=prep.panel.labels)
    want = Index().set_params(**params).fit(panel, prep.study.framework)
    got = pd.DataFrame(body["tiers"]).set_index("region")["score"]
    np.testing.assert_allclose(got.sort_index().to_numpy(),
                               want.index.xs(2021, level="year").sort_index().to_numpy(), rtol=0, atol=1e-12)
    # talent's raw weight 3 against its siblings' (capital, knowledge) framework weights
    raw = prep.study.framework.table["weight"]
    assert body["weights"]["talent"] == pytest.approx(3 / (3 + raw["capital"] + raw["knowledge"]))
    assert {"base_rank", "base_tier"} <= set(body["tiers"][0])


def test_whatif_moves_ranks_and_reset_restores_them(client):
    base = {r["region"]: r["rank"] for r in client.get("/api/scores", params={"year": 2021}).json()["tiers"]}
    moved = client.post("/api/whatif", json={"weights": {"richness": 0.0, "synergy": 0.0, "agglomeration": 0.0},
                                             "year": 2021}).json()
    ranks = {r["region"]: r["rank"] for r in moved["tiers"]}
    assert ranks != base  # only 创新产出贡献度 is left
    assert all(r["base_rank"] == base[r["region"]] for r in moved["tiers"])
    same = client.post("/api/whatif", json={"year": 2021}).json()
    assert {r["region"]: r["rank"] for r in same["tiers"]} == base


@pytest.mark.parametrize("body, needle", [
    ({"weights": {"nonexistent": 1}}, "'nonexistent' is not a node"),
    ({"weights": {"talent": -1}}, "≥ 0"),
    ({"normalise": "bogus"}, "body normalise: Input should be"),
    ({"aggregate": "geometric"}, "geometric mean needs values > 0"),
])
def test_whatif_problems_are_listed_like_the_cli(client, body, needle):
    r = client.post("/api/whatif", json=body)
    assert r.status_code == 422
    problems = r.json()["problems"]
    assert any(needle in p["message"] for p in problems)


def test_whatif_unknown_dataset_and_year(client):
    assert client.post("/api/whatif", json={"dataset": "nope"}).status_code == 404
    assert client.post("/api/whatif", json={"year": 1990}).status_code == 404
    assert client.post("/api/whatif", json={"extra": 1}).status_code == 422


def test_efficiency_is_the_evaluation_s(client, ev):
    body = client.get("/api/efficiency").json()
    rows = pd.DataFrame(body["rows"]).set_index("region")
    want = ev.efficiency[ev.efficiency["year"] == ev.year].set_index("region")["efficiency"]
    np.testing.assert_array_equal(rows.loc[want.index, "efficiency"].to_numpy(), want.to_numpy())
    assert [o["code"] for o in body["outputs"]] == list(ev.config.evaluate.outputs)
    assert all(o["marker"] == ev.marker(o["code"]) for o in body["outputs"])


def test_hubs_and_robustness(client, ev):
    from innoscope.spatial import hubs

    body = client.get("/api/hubs").json()
    want = hubs(ev)
    assert pd.DataFrame(body["typology"])["type"].tolist() == want.typology["type"].tolist()
    assert {r["cluster"] for r in body["clusters"]} == set(ev.clusters["cluster"])
    rob = client.get("/api/robustness").json()
    assert rob["available"] == (ev.robustness.n > 0)
    assert client.get("/api/meta").json()["has"]["robustness"] == (ev.robustness.n > 0)


def test_city_figures_are_the_evaluation_s_and_on_the_city_map(client, ev):
    body = client.get("/api/cities").json()
    got = pd.DataFrame(body["rows"])
    assert len(got) == len(ev.cities) > 0
    assert got["value"].tolist() == ev.cities["value"].tolist()
    assert [i["code"] for i in body["indicators"]] == list(dict.fromkeys(ev.cities["indicator"]))
    geo = client.get("/api/geo/cities").json()
    codes = {f["properties"]["name"] for f in geo["features"]}
    assert set(ev.cities["region"]) <= codes  # every city with a figure has an area


def test_geojson_is_the_project_s_boundaries_named_by_code(client, ev):
    geo = client.get("/api/geo/provinces").json()
    codes = {f["properties"]["name"] for f in geo["features"]}
    assert len(geo["features"]) == 34
    assert set(ev.regions["region"]) <= codes
    names = {f["properties"]["name"]: f["properties"]["name_zh"] for f in geo["features"]}
    assert names["110000"] == "北京市"
    assert client.get("/api/geo/dash_line").json()["features"][0]["geometry"]["type"] == "MultiLineString"
    assert client.get("/api/geo/world").status_code == 422


def test_upload_valid_file_becomes_a_dataset(panel_csv, tmp_path):
    from innoscope.dashboard import create_app

    app = create_app()
    with TestClient(app) as c:
        with open(panel_csv, "rb") as fh:
            r = c.post("/api/upload", files={"file": (panel_csv.name, fh, "text/csv")})
        assert r.status_code == 200, r.text
        up = r.json()
        assert up["years"] == [2020, 2021] and up["name"] == "my panel.csv"
        meta = c.get("/api/meta", params={"dataset": up["id"]}).json()
        assert meta["dataset"]["source"] == "my panel.csv"
        assert [d["id"] for d in meta["datasets"]] == ["default", up["id"]]
        # the same scores as evaluating the file directly
        got = pd.DataFrame(c.get("/api/scores", params={"dataset": up["id"], "year": 2021}).json()["tiers"])
        want = run(panel_csv, year=2021).index.tiers_frame(2021)
        np.testing.assert_allclose(got["score"].to_numpy(), want["score"].to_numpy(), rtol=0, atol=1e-12)
        w = c.post("/api/whatif", json={"dataset": up["id"], "weights": {"talent": 2}, "year": 2021})
        assert w.status_code == 200
        # nothing of the upload stays on disk
        tmp = app.state.store.tmp
        assert tmp.is_dir() and list(tmp.rglob("*")) == []
    assert not tmp.exists()  # removed when the app stops


def test_upload_bad_file_lists_the_cli_messages(client, panel_csv, tmp_path):
    bad = _bad_csv(panel_csv, tmp_path)
    with pytest.raises(InnoscopeError) as cli:
        prepare(bad)
    with open(bad, "rb") as fh:
        r = client.post("/api/upload", files={"file": ("bad.csv", fh, "text/csv")})
    assert r.status_code == 422
    rows = r.json()["problems"]
    assert [p["message"] for p in rows] == [p.replace(str(bad), "bad.csv") for p in cli.value.problems]
    first = rows[0]
    assert (first["row"], first["region"], first["year"], first["indicator"]) == ("5", "140000", "2021", "clusters_digital")
    assert any("火星" in p["message"] for p in rows)
    assert str(tmp_path) not in r.text


def test_upload_limits(client):
    big = io.BytesIO(b"region,year,indicator,value\n" + b"110000,2021,rd_fte,1\n" * 4000)
    r = client.post("/api/upload", files={"file": ("big.csv", big, "text/csv")})
    assert r.status_code == 413 and "0.05 MB" in r.json()["detail"]
    r = client.post("/api/upload", files={"file": ("data.txt", io.BytesIO(b"x"), "text/plain")})
    assert r.status_code == 422 and "CSV or Excel" in r.json()["problems"][0]["message"]
    r = client.post("/api/upload", files={"file": ("../../etc/x.csv", io.BytesIO(b"a,b\n"), "text/csv")})
    assert r.status_code == 422 and "etc" not in r.json()["problems"][0]["message"].split(":")[0].replace("x.csv", "")


def test_upload_over_the_limit_is_refused_before_it_is_read(client):
    r = client.post("/api/upload", content=b"x" * 10, headers={
        "content-length": str(10 * 1024 * 1024), "content-type": "multipart/form-data; boundary=b"})
    assert r.status_code == 413


def test_serve_reports_bad_data_like_evaluate(tmp_path):
    from typer.testing import CliRunner

    from innoscope.cli import app

    bad = tmp_path / "bad.csv"
    bad.write_text("region,year,indicator,value\n北京,2021,rd_fte,abc\n", encoding="utf-8")
    res = CliRunner().invoke(app, ["serve", str(bad), "--port", "8050"])
    assert res.exit_code == 2
    assert "value 'abc' is not a number" in res.output and "Traceback" not in res.output
    res = CliRunner().invoke(app, ["serve", "--port", "0"])
    assert res.exit_code == 2 and "--port 0" in res.output


def test_download_xlsx_is_the_report_workbook(client, ev, tmp_path):
    from innoscope.report import make_view, write_workbook

    r = client.get("/api/download", params={"format": "xlsx", "lang": "zh"})
    assert r.status_code == 200
    assert 'filename="innoscope_embedded_2021.xlsx"' in r.headers["content-disposition"]
    want = write_workbook(make_view(ev, "zh"), tmp_path / "results.xlsx").read_bytes()
    assert r.content == want


def test_download_csv_with_whatif(client, ev):
    r = client.get("/api/download", params={"format": "csv", "weights": "talent:3"})
    assert r.status_code == 200 and "_whatif.csv" in r.headers["content-disposition"]
    got = pd.read_csv(io.BytesIO(r.content), dtype={"region": str})
    assert list(got.columns) == ["region", "year", "code", "level", "score", "rank"]
    base = ev.index.to_frame(ev.year)
    assert not np.allclose(got["score"].to_numpy(), base["score"].to_numpy())
    r = client.get("/api/download", params={"format": "csv", "weights": "talent=3"})
    assert r.status_code == 422 and "code:weight" in r.json()["problems"][0]["message"]


def test_page_and_static_assets_are_local(client):
    html = client.get("/").text
    assert '<script src="/static/app.js"></script>' in html
    assert "http://" not in html and "https://" not in html
    js = client.get("/static/app.js")
    assert js.status_code == 200 and len(js.content) > 100_000
    spec = client.get("/openapi.json").json()
    assert {"/api/meta", "/api/scores", "/api/whatif", "/api/upload", "/api/download"} <= set(spec["paths"])
    # read-only apart from upload and what-if (which changes nothing on the server)
    posts = sorted(p for p, ops in spec["paths"].items() if "post" in ops)
    assert posts == ["/api/upload", "/api/whatif"]
    assert not any(m in ops for ops in spec["paths"].values() for m in ("put", "delete", "patch"))


def test_committed_build_matches_the_web_sources():
    """``src/innoscope/dashboard/static`` is what ``node web/build.mjs`` makes of ``web/``."""
    import hashlib

    build = json.loads((STATIC / "BUILD.json").read_text())
    web = REPO / "web"
    h = hashlib.sha256()
    files = [f"src/{name}" for name in sorted(p.name for p in (web / "src").iterdir())]
    for f in files + ["package.json", "package-lock.json", "build.mjs"]:
        h.update(f.encode() + b"\0")
        h.update((web / f).read_bytes())
        h.update(b"\0")
    assert build["sources_sha256"] == h.hexdigest(), "run: cd web && npm ci && node build.mjs"
    from innoscope.dashboard import STATIC_FILES

    for name in STATIC_FILES:
        assert (STATIC / name).stat().st_size > 0
    lock = json.loads((web / "package-lock.json").read_text())
    assert build["versions"]["echarts"] == lock["packages"]["node_modules/echarts"]["version"]


def test_serve_is_documented_and_lazy():
    import subprocess
    import sys

    code = ("import sys; from innoscope.cli import app; import innoscope.cli._serve; "
            "print(any(m.split('.')[0] in ('fastapi', 'uvicorn', 'starlette') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
    assert "innoscope serve" in (REPO / "docs" / "dashboard.md").read_text(encoding="utf-8")


def test_path_applied_to_the_data_reaches_the_target(client, ev):
    body = client.get("/api/path", params={"region": "安徽", "target": "rank:5"}).json()
    assert body["reached"] and body["rows"]
    needed = {r["indicator"]: r["needed"] for r in body["rows"]}
    fw = ev.index.framework
    values = ev.values[ev.values["indicator"].isin(fw.indicators)].copy()
    hit = (values["region"] == "340000") & (values["year"] == ev.year)
    for code, v in needed.items():
        values.loc[hit & (values["indicator"] == code), "value"] = v
    from innoscope.panel import Panel
    panel = Panel(data=values[["region", "year", "indicator", "value"]].reset_index(drop=True),
                  source=ev.source, chinese=ev.chinese, labels=ev.index.labels)
    res = Index().set_params(**index_params(ev.config)).fit(panel, fw)
    assert int(res.ranks.loc[("340000", ev.year), fw.root]) <= 5
    assert body["before"]["rank"] > 5
    bad = client.get("/api/path", params={"region": "火星"})
    assert bad.status_code == 422 and "火星" in bad.json()["problems"][0]["message"]
