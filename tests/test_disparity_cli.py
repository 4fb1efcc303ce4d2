from __future__ import annotations

import pandas as pd
from typer.testing import CliRunner

from innoscope.cli import app

runner = CliRunner()


def test_disparity_command_writes_tidy_tables(tmp_path):
    out = tmp_path / "d"
    r = runner.invoke(app, ["disparity", "embedded", "--indicator", "rd_expenditure", "--groups", "region4",
                            "--years", "2016:2021", "--out", str(out)])
    assert r.exit_code == 0, r.output
    disp = pd.read_csv(out / "dispersion.csv", dtype={"group": str})
    assert list(disp.columns) == ["year", "statistic", "group", "value"]
    assert sorted(disp["year"].unique()) == list(range(2016, 2022))
    whole = disp[disp["group"].isna()]
    wanted = {"cv", "gini", "theil_t", "theil_l", "theil_t_between", "theil_t_within", "dagum_within",
              "dagum_net_between", "dagum_transvariation"}
    assert wanted <= set(whole["statistic"])
    w = whole[whole["year"] == 2021].set_index("statistic")["value"]
    assert w["theil_t_between"] + w["theil_t_within"] == __import__("pytest").approx(w["theil_t"])
    assert set(disp["group"].dropna()) == {"东部", "中部", "西部", "东北"}
    conv = pd.read_csv(out / "convergence.csv")
    assert list(conv.columns) == ["test", "year_from", "year_to", "statistic", "value"]
    assert {"sigma", "beta_absolute", "beta_conditional"} == set(conv["test"])
    beta = conv[conv["test"] == "beta_absolute"].set_index("statistic")
    assert {"beta", "se", "p_value", "lambda", "half_life"} <= set(beta.index)
    assert (beta["year_from"] == 2016).all() and (beta["year_to"] == 2021).all()
    dens = pd.read_csv(out / "density.csv")
    assert list(dens.columns) == ["year", "x", "density", "bandwidth"]
    assert not list(out.glob(".*"))  # no temporary files left


def test_disparity_groups_file_and_errors(tmp_path):
    groups = tmp_path / "groups.csv"
    groups.write_text("region,group\n" + "\n".join(
        f"{name},{'north' if i % 2 else 'south'}" for i, name in enumerate(
            ["北京", "天津", "河北", "山西", "内蒙古", "辽宁", "吉林", "黑龙江", "上海", "江苏", "浙江",
             "安徽", "福建", "江西", "山东", "河南", "湖北", "湖南", "广东", "广西", "海南", "重庆",
             "四川", "贵州", "云南", "西藏", "陕西", "甘肃", "青海", "宁夏", "新疆"])) + "\n",
        encoding="utf-8")
    r = runner.invoke(app, ["disparity", "--indicator", "rd_fte", "--groups", str(groups),
                            "--years", "2020:2021", "--out", str(tmp_path / "g")])
    assert r.exit_code == 0, r.output
    disp = pd.read_csv(tmp_path / "g" / "dispersion.csv")
    assert set(disp["group"].dropna()) == {"north", "south"}

    r = runner.invoke(app, ["disparity", "--indicator", "rd_fte", "--years", "2030:2040",
                            "--out", str(tmp_path / "none")])
    assert r.exit_code == 2 and "Traceback" not in r.output
    lines = [ln for ln in r.output.splitlines() if ln.startswith("error:")]
    assert len(lines) == 1 and "2030–2040" in lines[0]
    assert not (tmp_path / "none").exists()

    r = runner.invoke(app, ["disparity", "--indicator", "clusters_digital", "--out", str(tmp_path / "z")])
    assert r.exit_code == 2 and "Theil needs values > 0" in r.output and "(北京), year 2021" in r.output

    r = runner.invoke(app, ["disparity", "--indicator", "rd_fte", "--years", "x:y", "--out", str(tmp_path / "y")])
    assert r.exit_code == 2 and "A:B" in r.output


def test_disparity_cluster_groups_and_weights(tmp_path):
    out = tmp_path / "c"
    r = runner.invoke(app, ["disparity", "--indicator", "rd_expenditure", "--groups", "cluster",
                            "--weights", "rd_fte", "--years", "2021:2021", "--out", str(out)])
    assert r.exit_code == 0, r.output
    disp = pd.read_csv(out / "dispersion.csv")
    assert {"京津冀", "长三角", "其他"} <= set(disp["group"].dropna())
    assert "cv_weighted" in set(disp["statistic"])
    conv = pd.read_csv(out / "convergence.csv")
    assert set(conv["test"]) == {"sigma"}  # one year: no β-convergence
