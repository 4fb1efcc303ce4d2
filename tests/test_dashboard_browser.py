"""The dashboard in a real browser (Debian chromium driven by Playwright): the page loads
offline, the map renders every region, a weight slider changes the ranking, a bad upload
shows the error table, and no request leaves this machine."""
from __future__ import annotations

import io
import shutil
import socket
import threading
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
TIMEOUT_MS = 60_000

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(),
                                reason="needs Debian chromium (apt-get install chromium)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server():
    import uvicorn

    from innoscope.dashboard import create_app

    app = create_app()
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    for _ in range(200):
        if srv.started:
            break
        time.sleep(0.05)
    assert srv.started
    yield f"http://127.0.0.1:{port}", app
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser, server):
    """A page that may only talk to the dashboard: any other request is counted and refused."""
    base, _ = server
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    outside: list[str] = []

    def guard(route):
        url = route.request.url
        if url.startswith(base + "/") or url.startswith("data:"):
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    context.route("**/*", guard)
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.set_default_timeout(TIMEOUT_MS)
    yield pg, base
    context.close()
    assert outside == [], f"requests left localhost: {outside}"
    assert errors == [], f"script errors: {errors}"


def _open(pg, base, query=""):
    pg.goto(f"{base}/{query}")
    pg.wait_for_selector("body[data-ready='1']")


def _ranking(pg) -> list[str]:
    return pg.eval_on_selector_all("#ranking tbody tr", "rows => rows.map(r => r.dataset.region)")


def test_map_renders_every_region(page, server):
    pg, base = page
    _, app = server
    _open(pg, base)
    n = pg.evaluate("() => window.__innoscope.charts['map-chart'].getOption().series[0].data"
                    ".filter(d => d.value !== null && d.value !== undefined).length")
    assert n == len(app.state.store.default.ev.regions) == 31
    png = pg.locator("#map-chart").screenshot()
    from PIL import Image

    img = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=float)
    colours = {tuple(c) for c in img.reshape(-1, 3)[::37].astype(int)}
    assert img.std() > 10 and len(colours) > 20  # not a blank canvas: many shades drawn
    # the dash line of the South China Sea is drawn (10 dashes)
    assert pg.evaluate("() => window.__innoscope.charts['map-chart'].getOption().series[1].data.length") == 10


def test_weight_slider_changes_the_ranking(page, server):
    pg, base = page
    _open(pg, base, "?tab=ranking")
    before = _ranking(pg)
    assert len(before) == 31 and before[0] == "440000"
    with pg.expect_response(lambda r: r.url.endswith("/api/whatif")) as resp:
        pg.locator("input[data-code='synergy']").fill("0")
    assert resp.value.status == 200
    body = resp.value.json()
    pg.wait_for_selector("#ranking th[data-key='base_rank']")
    after = _ranking(pg)
    assert after != before
    # the table is the server's ranking, in order
    want = [r["region"] for r in sorted(body["tiers"], key=lambda r: (r["rank"], r["region"]))]
    assert after == want
    # 创新主体协同度 to 0: its three siblings share its quarter in their proportions
    assert body["weights"]["synergy"] == 0
    assert [body["weights"][c] for c in ("richness", "agglomeration", "contribution")] == pytest.approx([1 / 3] * 3)
    pg.click("#reset")
    pg.wait_for_function("() => !document.querySelector(\"#ranking th[data-key='base_rank']\")")
    assert _ranking(pg) == before


def test_bad_upload_shows_the_error_table(page, tmp_path):
    pg, base = page
    _open(pg, base)
    from innoscope.errors import InnoscopeError
    from innoscope.evaluation import prepare

    bad = tmp_path / "bad.csv"
    bad.write_text("region,year,indicator,value\n北京,2021,rd_fte,1\n天津,2021,rd_fte,2\n"
                   "河北,2021,rd_fte,3\n火星,2021,rd_fte,1\n", encoding="utf-8")
    with pytest.raises(InnoscopeError) as cli:
        prepare(bad)
    pg.set_input_files("#upload", str(bad))
    pg.wait_for_selector("#errors:not([hidden]) #error-table tbody tr")
    rows = pg.eval_on_selector_all("#error-table tbody tr",
                                   "rows => rows.map(r => [...r.cells].map(c => c.textContent))")
    messages = [r[-1] for r in rows]
    assert messages == [p.replace(str(bad), "bad.csv") for p in cli.value.problems]
    assert any("火星" in m for m in messages)
    assert all(str(tmp_path) not in m for m in messages)
    assert pg.text_content("#errors-file") == "bad.csv"


def test_language_toggle(page):
    pg, base = page
    _open(pg, base, "?tab=ranking")
    assert "广东" in pg.text_content("#ranking tbody")
    pg.click("#lang")
    assert "Guangdong" in pg.text_content("#ranking tbody")
    assert pg.text_content("#tabs") .startswith("Map")
