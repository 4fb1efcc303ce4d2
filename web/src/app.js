// innoscope dashboard: renders the JSON of the backend; every number comes from the API.
import * as echarts from "echarts";
import { T } from "./i18n.js";

const state = {
  lang: "zh", dataset: "default", meta: null, base: null, cur: null, eff: null, hubs: null,
  rob: null, cities: null, mapLevel: "province", cityNode: null, year: null, colourBy: "score", mapNode: null, selected: [], tab: "map",
  change: { weights: {}, normalise: null, aggregate: null }, sort: { key: "rank", asc: true },
  seq: 0,
};
const charts = {};
window.__innoscope = { state, charts };

const $ = (id) => document.getElementById(id);
const t = (key) => (T[state.lang][key] ?? key);
const esc = (s) => String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
const join = (items) => items.join(state.lang === "zh" ? "、" : ", ");
const fmt = (v, d = 2) => (v === null || v === undefined || Number.isNaN(v) ? "–" : Number(v).toFixed(d));

async function api(path, opts) {
  const r = await fetch(path, opts);
  const body = await r.json().catch(() => ({}));
  if (!r.ok) { const e = new Error(body.detail || r.statusText); e.status = r.status; e.body = body; throw e; }
  return body;
}

// ---------------------------------------------------------------- labels
function node(code) { return state.meta.framework.find((n) => n.code === code); }
function nodeName(code, withMarker = true) {
  const n = node(code);
  if (!n) return code;
  const name = state.lang === "zh" ? n.name_zh : n.name_en;
  return withMarker && n.marker ? name + n.marker : name;
}
// marker of an aggregate: the markers of the indicators under it (as the report marks them)
function nodeMarkers(code) {
  const out = new Set();
  const walk = (c) => {
    const n = node(c);
    if (!n) return;
    if (n.indicator) { if (n.marker) out.add(n.marker); return; }
    state.meta.framework.filter((k) => k.parent === c).forEach((k) => walk(k.code));
  };
  walk(code);
  return [...out].sort().join("");
}
function aggName(code) { const n = node(code); if (!n) return code; return (state.lang === "zh" ? n.name_zh : n.name_en) + (n.indicator ? n.marker : nodeMarkers(code)); }
function regionName(r) {
  const x = state.meta.regions.find((q) => q.region === r);
  if (!x) return r;
  return (state.lang === "zh" ? x.name_zh : x.name_en) || r;
}
function tierName(k) {
  if (k === null || k === undefined) return t("below_median");
  return state.lang === "zh" ? `第${"一二三四五六七八九十"[k - 1] || k}梯队` : `Tier ${k}`;
}
const rootCode = () => state.meta.root;
const firstLevel = () => state.meta.framework.filter((n) => n.parent === rootCode()).map((n) => n.code);
const secondLevel = () => firstLevel().flatMap((f) => state.meta.framework.filter((n) => n.parent === f && !n.indicator).map((n) => n.code));

// ---------------------------------------------------------------- data slices
function yearRows(payload, code) {
  return payload.scores.filter((r) => r.year === state.year && r.code === code);
}
function tiersOf(payload) { return payload.tiers.filter((r) => r.year === state.year); }
function scoreMap(payload) {
  const m = {};
  for (const r of payload.scores) if (r.year === state.year) (m[r.region] ||= {})[r.code] = r;
  return m;
}
function meanOf(payload, code) {
  const r = payload.mean.find((x) => x.year === state.year && x.code === code);
  return r ? r.mean : null;
}

// ---------------------------------------------------------------- static text
function applyText() {
  document.documentElement.lang = state.lang === "zh" ? "zh-CN" : "en";
  document.querySelectorAll("[data-t]").forEach((el) => { el.textContent = t(el.dataset.t); });
  $("lang").textContent = state.lang === "zh" ? "English" : "中文";
  $("title").textContent = t("title");
  document.title = t("title");
  const ml = $("map-level");
  ml.options[0].textContent = t("level_province"); ml.options[1].textContent = t("level_city");
  const cb = $("colour-by");
  cb.options[0].textContent = t("by_score"); cb.options[1].textContent = t("by_tier");
  const tabs = ["map", "ranking", "radar", "efficiency", "tiers", "hubs", "robustness", "indicators"];
  $("tabs").innerHTML = tabs.map((k) => `<button type="button" data-tab="${k}" class="${k === state.tab ? "active" : ""}">${esc(t("tab_" + k))}</button>`).join("");
  $("tabs").querySelectorAll("button").forEach((b) => b.addEventListener("click", () => showTab(b.dataset.tab)));
  $("legend").innerHTML = `${esc(t("legend_markers"))}<br>${esc(t("legend_source"))} ${esc(state.meta ? sourceText() : "")}`;
}
function sourceText() {
  const d = state.meta.dataset;
  return `${t("data")}: ${d.embedded ? t("embedded") : d.name} · ${t("study")}: ${d.study} · ${t("evaluated_year")}: ${d.year} · innoscope ${state.meta.version}`;
}

function showTab(k) {
  state.tab = k;
  document.querySelectorAll(".view").forEach((v) => v.classList.toggle("active", v.id === "view-" + k));
  $("tabs").querySelectorAll("button").forEach((b) => b.classList.toggle("active", b.dataset.tab === k));
  render();
  Object.values(charts).forEach((c) => c.resize());
}

// ---------------------------------------------------------------- controls
function buildControls() {
  const m = state.meta;
  const years = m.dataset.years;
  const y = $("year");
  y.min = 0; y.max = years.length - 1; y.value = years.indexOf(state.year);
  $("dataset").innerHTML = m.datasets.map((d) => `<option value="${esc(d.id)}" ${d.id === state.dataset ? "selected" : ""}>${esc(d.id === "default" && m.datasets[0].name === "embedded" ? t("embedded") : d.name)}</option>`).join("");
  $("normalise").innerHTML = m.choices.normalise.map((x) => `<option value="${x}">${esc(t("norm_" + x))}</option>`).join("");
  $("aggregate").innerHTML = m.choices.aggregate.map((x) => `<option value="${x}">${esc(t("agg_" + x))}</option>`).join("");
  if (!m.choices.normalise.includes(m.settings.normalise)) $("normalise").insertAdjacentHTML("afterbegin", `<option value="${esc(m.settings.normalise)}">${esc(m.settings.normalise)}</option>`);
  if (!m.choices.aggregate.includes(m.settings.aggregate)) $("aggregate").insertAdjacentHTML("afterbegin", `<option value="${esc(m.settings.aggregate)}">${esc(m.settings.aggregate)}</option>`);
  $("normalise").value = state.change.normalise ?? m.settings.normalise;
  $("aggregate").value = state.change.aggregate ?? m.settings.aggregate;
  const nodes = [rootCode(), ...firstLevel(), ...secondLevel()];
  $("map-node").innerHTML = nodes.map((c) => `<option value="${c}">${esc(c === rootCode() ? t("overall") : aggName(c))}</option>`).join("");
  $("map-node").value = state.mapNode || rootCode();
  const ci = state.cities?.indicators || [];
  $("map-level").disabled = ci.length === 0;
  $("city-node").innerHTML = ci.map((x) => `<option value="${x.code}">${esc((state.lang === "zh" ? x.name_zh : x.name_en) + (x.marker || ""))}</option>`).join("");
  if (ci.length && !ci.some((x) => x.code === state.cityNode)) state.cityNode = ci[0].code;
  $("city-node").value = state.cityNode || "";
  $("map-level").value = state.mapLevel;
  buildSliders();
}

function buildSliders() {
  const w = state.cur.weights;
  const rows = [];
  for (const f of firstLevel()) {
    rows.push(sliderHtml(f, w[f], 1));
    for (const s of state.meta.framework.filter((n) => n.parent === f && !n.indicator)) rows.push(sliderHtml(s.code, w[s.code], 2));
  }
  $("sliders").innerHTML = `<p class="note">${esc(t("slider_note"))}</p>` + rows.join("");
  $("sliders").querySelectorAll("input").forEach((inp) => {
    inp.addEventListener("input", () => { inp.closest(".slider").querySelector(".val").textContent = fmt(inp.value / 100, 2); });
    inp.addEventListener("change", () => {
      setWeight(inp.dataset.code, Number(inp.value) / 100);
      runWhatIf();
    });
  });
}
// A slider sets a node's weight within its parent; its siblings share the rest in their
// current proportions. All of them go to the server as raw weights, which it renormalises.
function setWeight(code, v) {
  const parent = node(code).parent;
  const sibs = state.meta.framework.filter((n) => n.parent === parent && n.code !== code).map((n) => n.code);
  const cur = state.cur.weights;
  const rest = sibs.reduce((a, c) => a + (cur[c] ?? 0), 0);
  state.change.weights[code] = v;
  for (const c of sibs) state.change.weights[c] = rest > 0 ? ((cur[c] ?? 0) / rest) * (1 - v) : (1 - v) / sibs.length;
}
function sliderHtml(code, w, level) {
  const changed = code in state.change.weights;
  return `<div class="slider level${level} ${changed ? "changed" : ""}" title="${esc(code)}"><div class="row"><span>${esc(aggName(code))}</span><span class="val">${fmt(w, 2)}</span></div>` +
    `<input type="range" min="0" max="100" step="1" value="${Math.round((w ?? 0) * 100)}" data-code="${esc(code)}" aria-label="${esc(aggName(code))}"></div>`;
}

let pending = null;
async function runWhatIf() {
  const ch = state.change;
  if (!isChanged()) {
    state.seq += 1;
    state.cur = state.base;
    $("whatif-status").textContent = "";
    buildSliders(); updateLinks(); render();
    return;
  }
  const body = { dataset: state.dataset, weights: ch.weights, year: state.year };
  if (ch.normalise !== null) body.normalise = ch.normalise;
  if (ch.aggregate !== null) body.aggregate = ch.aggregate;
  const seq = ++state.seq;
  const t0 = performance.now();
  $("whatif-status").textContent = t("computing");
  try {
    const res = await api("/api/whatif", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
    if (seq !== state.seq) return;
    state.cur = res;
    const ms = Math.round(performance.now() - t0);
    $("whatif-status").textContent = isChanged() ? `${t("whatif_active")} (${ms} ms)` : "";
    hideErrors();
  } catch (e) {
    if (seq !== state.seq) return;
    $("whatif-status").textContent = "";
    showErrors(e.body?.problems || [{ n: 1, message: e.message }], t("whatif_failed"));
  }
  buildSliders();
  updateLinks();
  render();
}
function isChanged() {
  const c = state.change;
  return Object.keys(c.weights).length > 0 || c.normalise !== null || c.aggregate !== null;
}

function changeQuery() {
  const c = state.change;
  const q = new URLSearchParams({ dataset: state.dataset, lang: state.lang });
  if (c.normalise !== null) q.set("normalise", c.normalise);
  if (c.aggregate !== null) q.set("aggregate", c.aggregate);
  const w = Object.entries(c.weights).map(([k, v]) => `${k}:${v}`).join(",");
  if (w) q.set("weights", w);
  return q;
}
function updateLinks() {
  const q = changeQuery();
  q.set("format", "xlsx"); $("dl-xlsx").href = "/api/download?" + q;
  q.set("format", "csv"); $("dl-csv").href = "/api/download?" + q;
}

// ---------------------------------------------------------------- errors
function showErrors(problems, title, file) {
  $("errors").hidden = false;
  $("errors").querySelector("h2").textContent = title || t("errors_title");
  $("errors-file").textContent = file || "";
  $("error-table").querySelector("thead").innerHTML = `<tr>${["#", t("col_row"), t("col_region"), t("col_year"), t("col_indicator"), t("col_problem")].map((h) => `<th class="text">${esc(h)}</th>`).join("")}</tr>`;
  $("error-table").querySelector("tbody").innerHTML = problems.map((p) => `<tr><td>${p.n}</td><td>${esc(p.row)}</td><td>${esc(p.region)}</td><td>${esc(p.year)}</td><td>${esc(p.indicator)}</td><td class="text">${esc(p.message)}</td></tr>`).join("");
}
function hideErrors() { $("errors").hidden = true; }

// ---------------------------------------------------------------- views
function render() {
  if (!state.meta) return;
  $("year-label").textContent = String(state.year);
  const comp = state.meta.dataset.comparable_years;
  $("comparable").textContent = comp.includes(state.year) ? "" : t("not_comparable");
  const banner = [];
  if (isChanged()) banner.push(t("whatif_banner"));
  if (state.meta.dataset.dropped.length) banner.push(`${t("dropped")}: ${state.meta.dataset.dropped.map((d) => (state.lang === "zh" ? d.name_zh : d.name_en) + (d.marker || "")).join(state.lang === "zh" ? "、" : ", ")}`);
  $("banner").hidden = banner.length === 0;
  $("banner").textContent = banner.join(" ");
  const views = { map: renderMap, ranking: renderRanking, radar: renderRadar, efficiency: renderEfficiency, tiers: renderTiers, hubs: renderHubs, robustness: renderRobustness, indicators: renderIndicators };
  views[state.tab]();
}

function chart(id) {
  if (!charts[id]) charts[id] = echarts.init($(id), null, { renderer: "canvas" });
  return charts[id];
}

function renderCityMap(c) {
  const rows = state.cities.rows.filter((r) => r.indicator === state.cityNode);
  const ind = state.cities.indicators.find((x) => x.code === state.cityNode);
  const name = ind ? (state.lang === "zh" ? ind.name_zh : ind.name_en) + (ind.marker || "") : state.cityNode;
  const values = rows.map((r) => r.value).filter((v) => v !== null);
  c.setOption({
    title: { text: `${name} · ${t("level_city")} · ${state.cities.year}`, subtext: `${t("map_sketch")} · ${t("city_note")}`, left: "center" },
    tooltip: { trigger: "item", formatter: (p) => p.data ? `${esc(state.lang === "zh" ? p.data.name_zh : p.data.name_en)}<br>${esc(name)}: ${p.data.value}†` : `${esc(state.cityGeoNames[p.name] || p.name)}<br>${t("no_data")}` },
    visualMap: { type: "continuous", seriesIndex: 0, min: 0, max: Math.max(1, ...values), calculable: true, inRange: { color: ["#eef3f9", "#a9c6e8", "#5b8fc7", "#17406d"] }, text: [t("high"), t("low")], left: 20, bottom: 40 },
    geo: { map: "china-cities", roam: true, layoutCenter: ["50%", "55%"], layoutSize: "95%",
      itemStyle: { areaColor: "#f3f4f6", borderColor: "#b5c0cc", borderWidth: 0.3 }, emphasis: { itemStyle: { areaColor: "#f6c667" }, label: { show: false } }, label: { show: false } },
    series: [
      { type: "map", name: "cities", geoIndex: 0, data: rows.map((r) => ({ name: r.region, value: r.value, name_zh: r.name_zh, name_en: r.name_en })) },
      { type: "lines", name: "dash", coordinateSystem: "geo", polyline: true, silent: true, lineStyle: { color: "#5e6d82", width: 1.2 }, data: state.dash },
    ],
  }, true);
}

async function ensureCityMap() {
  if (state.cityGeoNames) return;
  const geo = await api("/api/geo/cities");
  echarts.registerMap("china-cities", geo);
  state.cityGeoNames = Object.fromEntries(geo.features.map((f) => [f.properties.name, f.properties.name_zh]));
}

function renderMap() {
  const c = chart("map-chart");
  const city = state.mapLevel === "city" && state.cities && state.cities.rows.length;
  $("city-node-label").hidden = !city;
  $("map-node").closest("label").hidden = !!city;
  $("colour-by").closest("label").hidden = !!city;
  if (city) {
    if (!state.cityGeoNames) { ensureCityMap().then(render); return; }
    renderCityMap(c);
    return;
  }
  if (!state.meta.has.map) { c.clear(); c.setOption({ title: { text: t("no_map"), left: "center", top: "middle" } }); return; }
  const code = state.mapNode || rootCode();
  const rows = yearRows(state.cur, code);
  const tiers = Object.fromEntries(tiersOf(state.cur).map((r) => [r.region, r]));
  const byTier = state.colourBy === "tier";
  const k = Math.max(1, ...tiersOf(state.cur).map((r) => r.tier || 0));
  // tier t is drawn as k + 1 - t (regions not tiered as 0), so that the legend lists tier 1 first
  const tierValue = (t) => (t ? k + 1 - t : 0);
  const data = rows.map((r) => ({ name: r.region, value: byTier ? tierValue(tiers[r.region]?.tier) : r.score, score: r.score, rank: r.rank, tier: tiers[r.region]?.tier }));
  const scores = rows.map((r) => r.score).filter((v) => v !== null);
  const visual = byTier
    ? { type: "piecewise", seriesIndex: 0, pieces: [...Array(k).keys()].map((i) => ({ value: tierValue(i + 1), label: tierName(i + 1), color: ["#17406d", "#5b8fc7", "#a9c6e8", "#d6e4f2"][i] || "#d6e4f2" })).concat([{ value: 0, label: tierName(null), color: "#eceff3" }]), left: 20, bottom: 40 }
    : { type: "continuous", seriesIndex: 0, min: Math.floor(Math.min(...scores)), max: Math.ceil(Math.max(...scores)), calculable: true, inRange: { color: ["#eef3f9", "#a9c6e8", "#5b8fc7", "#17406d"] }, text: [t("high"), t("low")], left: 20, bottom: 40 };
  const title = `${code === rootCode() ? t("overall") : aggName(code)} · ${state.year}${isChanged() ? " · " + t("whatif_short") : ""}`;
  c.setOption({
    title: { text: title, subtext: t("map_sketch"), left: "center" },
    tooltip: { trigger: "item", formatter: (p) => p.data ? `${esc(regionName(p.data.name))}<br>${t("score")}: ${fmt(p.data.score)}<br>${t("rank")}: ${p.data.rank ?? "–"}<br>${tierName(p.data.tier)}` : `${esc(state.geoNames[p.name] || p.name)}<br>${t("no_data")}` },
    visualMap: visual,
    geo: { map: "china-provinces", roam: true, layoutCenter: ["50%", "55%"], layoutSize: "95%",
      itemStyle: { areaColor: "#f3f4f6", borderColor: "#8796a8", borderWidth: 0.6 }, emphasis: { itemStyle: { areaColor: "#f6c667" }, label: { show: false } },
      label: { show: false } },
    series: [
      { type: "map", name: "regions", geoIndex: 0, data },
      { type: "lines", name: "dash", coordinateSystem: "geo", polyline: true, silent: true, lineStyle: { color: "#5e6d82", width: 1.2 }, data: state.dash },
    ],
  }, true);
}

function renderRanking() {
  const smap = scoreMap(state.cur);
  const first = firstLevel();
  const second = $("show-second").checked ? secondLevel() : [];
  const cols = [
    { key: "rank", label: t("rank") },
    { key: "region", label: t("region"), text: true },
    { key: "tier", label: t("tier"), text: true },
    { key: "score", label: t("score") },
    ...(isChanged() ? [{ key: "base_rank", label: t("base_rank") }] : []),
    ...first.map((c) => ({ key: c, label: aggName(c), node: true })),
    ...second.map((c) => ({ key: c, label: aggName(c), node: true })),
  ];
  const rows = tiersOf(state.cur).map((r) => {
    const o = { region: r.region, name: regionName(r.region), rank: r.rank, tier: r.tier, score: r.score, base_rank: r.base_rank };
    for (const c of [...first, ...second]) o[c] = smap[r.region]?.[c];
    return o;
  });
  const { key, asc } = state.sort;
  const val = (o) => (cols.find((c) => c.key === key)?.node ? o[key]?.score : key === "region" ? o.name : o[key]);
  rows.sort((a, b) => {
    const x = val(a), y = val(b);
    if (x === y) return a.rank - b.rank;
    if (x === null || x === undefined) return 1;
    if (y === null || y === undefined) return -1;
    return (x < y ? -1 : 1) * (asc ? 1 : -1);
  });
  const head = cols.map((c) => `<th class="${c.text ? "text" : ""}" data-key="${c.key}">${esc(c.label)}${key === c.key ? (asc ? " ▲" : " ▼") : ""}</th>`).join("");
  const tbl = $("ranking");
  tbl.querySelector("thead").innerHTML = `<tr>${head}</tr>`;
  tbl.querySelector("tbody").innerHTML = rows.map((o) => {
    const cells = cols.map((c) => {
      if (c.key === "region") return `<td class="text">${esc(o.name)}</td>`;
      if (c.key === "tier") return `<td class="text">${esc(tierName(o.tier))}</td>`;
      if (c.key === "score") return `<td>${fmt(o.score)}</td>`;
      if (c.key === "rank") return `<td>${o.rank ?? "–"}</td>`;
      if (c.key === "base_rank") {
        const d = (o.base_rank ?? 0) - (o.rank ?? 0);
        return `<td>${o.base_rank ?? "–"} ${d > 0 ? `<span class="up">↑${d}</span>` : d < 0 ? `<span class="down">↓${-d}</span>` : ""}</td>`;
      }
      const s = o[c.key];
      return `<td title="${t("rank")} ${s?.rank ?? "–"}">${fmt(s?.score)}</td>`;
    }).join("");
    return `<tr class="tier-${o.tier ?? 0}" data-region="${esc(o.region)}">${cells}</tr>`;
  }).join("");
  tbl.querySelectorAll("th").forEach((th) => th.addEventListener("click", () => {
    const k = th.dataset.key;
    state.sort = { key: k, asc: state.sort.key === k ? !state.sort.asc : ["rank", "region", "tier", "base_rank"].includes(k) };
    renderRanking();
  }));
}

function renderRadar() {
  const order = tiersOf(state.cur).map((r) => r.region);
  if (state.selected.length === 0 && order.length) state.selected = [order[0]];
  $("radar-regions").innerHTML = order.map((r) => `<label class="${state.selected.includes(r) ? "on" : ""}"><input type="checkbox" value="${esc(r)}" ${state.selected.includes(r) ? "checked" : ""}>${esc(regionName(r))}</label>`).join("");
  $("radar-regions").querySelectorAll("input").forEach((inp) => inp.addEventListener("change", () => {
    state.selected = inp.checked ? [...state.selected, inp.value] : state.selected.filter((x) => x !== inp.value);
    renderRadar();
  }));
  const second = secondLevel();
  const smap = scoreMap(state.cur);
  const values = second.flatMap((c) => state.selected.map((r) => smap[r]?.[c]?.score ?? 0)).concat(second.map((c) => meanOf(state.cur, c) ?? 0));
  const top = Math.max(10, Math.ceil(Math.max(...values) / 10) * 10);
  const palette = ["#17406d", "#c0392b", "#1e8449", "#d68910", "#7d3c98", "#117a8b"];
  const series = state.selected.map((r, i) => ({ name: regionName(r), value: second.map((c) => smap[r]?.[c]?.score ?? null), lineStyle: { color: palette[i % palette.length], width: 2 }, itemStyle: { color: palette[i % palette.length] }, areaStyle: state.selected.length === 1 ? { opacity: 0.15 } : undefined }));
  series.push({ name: t("national_mean"), value: second.map((c) => meanOf(state.cur, c)), lineStyle: { type: "dashed", color: "#7f8c8d" }, itemStyle: { color: "#7f8c8d" } });
  chart("radar-chart").setOption({
    title: { text: `${t("radar_title")} · ${state.year}`, left: "center" },
    legend: { bottom: 0, data: series.map((s) => s.name) },
    tooltip: { trigger: "item" },
    radar: { indicator: second.map((c) => ({ name: aggName(c), max: top })), radius: "65%", axisName: { color: "#1f2d3d", fontSize: 12 } },
    series: [{ type: "radar", data: series }],
  }, true);
  const head = `<tr><th class="text">${t("node")}</th>${state.selected.map((r) => `<th>${esc(regionName(r))}</th>`).join("")}<th>${t("national_mean")}</th></tr>`;
  const body = second.map((c) => `<tr><td class="text">${esc(aggName(c))}</td>${state.selected.map((r) => `<td title="${t("rank")} ${smap[r]?.[c]?.rank ?? "–"}">${fmt(smap[r]?.[c]?.score)}${smap[r]?.[c]?.rank ? ` <span class="note">(${smap[r][c].rank})</span>` : ""}</td>`).join("")}<td>${fmt(meanOf(state.cur, c))}</td></tr>`).join("");
  $("radar-table").querySelector("thead").innerHTML = head;
  $("radar-table").querySelector("tbody").innerHTML = body;
}

function renderEfficiency() {
  const e = state.eff;
  const c = chart("eff-chart");
  if (!e || e.rows.length === 0) {
    c.clear(); c.setOption({ title: { text: t("no_efficiency"), left: "center", top: "middle" } });
    $("eff-note").textContent = ""; $("eff-table").querySelector("tbody").innerHTML = ""; $("eff-table").querySelector("thead").innerHTML = "";
    return;
  }
  const sname = (x) => (state.lang === "zh" ? x.name_zh : x.name_en) + (x.marker || "");
  const proxies = e.outputs.filter((x) => e.proxy_outputs.includes(x.code)).map(sname);
  const sep = state.lang === "zh" ? "；" : "; ";
  $("eff-note").textContent = `${t("eff_note")} ${t("inputs")}: ${join(e.inputs.map(sname))}${sep}${t("outputs")}: ${join(e.outputs.map(sname))}${sep}` + (proxies.length ? `${t("proxy_outputs")}: ${join(proxies)}.` : "") + (state.year !== e.year ? ` ${t("eff_year")} ${e.year}.` : "") + (isChanged() ? ` ${t("eff_whatif")}` : "") + (e.rows.some((r) => r.extreme) ? ` ${t("extreme_note")}` : "");
  const groups = {};
  for (const r of e.rows) (groups[r.tier ?? 0] ||= []).push(r);
  const colours = { 1: "#17406d", 2: "#5b8fc7", 3: "#a9c6e8", 0: "#95a5a6" };
  c.setOption({
    title: { text: `${t("eff_title")} · ${e.year}`, left: "center" },
    tooltip: { trigger: "item", formatter: (p) => `${esc(regionName(p.data.region))}<br>${t("score")}: ${fmt(p.data.value[0])}<br>${t("efficiency")}: ${fmt(p.data.value[1], 3)}` },
    legend: { bottom: 0 },
    xAxis: { name: t("score"), nameLocation: "middle", nameGap: 28, scale: true },
    yAxis: { name: t("efficiency") + " (BCC)", max: 1, scale: true },
    series: Object.entries(groups).sort(([a], [b]) => (Number(a) || 99) - (Number(b) || 99)).map(([k, rows]) => ({
      type: "scatter", name: tierName(Number(k) || null), symbolSize: 10, itemStyle: { color: colours[k] || "#95a5a6" },
      data: rows.filter((r) => r.efficiency !== null).map((r) => ({ region: r.region, value: [r.score, r.efficiency] })),
      label: { show: true, formatter: (p) => regionName(p.data.region), position: "right", fontSize: 11, color: "#475669" },
      labelLayout: { hideOverlap: true },
    })),
  }, true);
  const cols = ["region", "score", "rank", "tier", "efficiency", "crs_efficiency", "scale_efficiency", "rts", "super_efficiency", "class"];
  $("eff-table").querySelector("thead").innerHTML = `<tr>${cols.map((k) => `<th class="${["region", "tier", "rts", "class"].includes(k) ? "text" : ""}">${esc(t("col_" + k))}</th>`).join("")}</tr>`;
  $("eff-table").querySelector("tbody").innerHTML = e.rows.map((r) => `<tr>${cols.map((k) => {
    if (k === "region") return `<td class="text">${esc(regionName(r.region))}</td>`;
    if (k === "tier") return `<td class="text">${esc(tierName(r.tier))}</td>`;
    if (k === "rts" || k === "class") return `<td class="text">${esc(r[k] ? t(k + "_" + r[k]) : "–")}</td>`;
    if (k === "rank") return `<td>${r.rank ?? "–"}</td>`;
    if (k === "super_efficiency" && r.super_status === "infeasible") return `<td>${esc(t("infeasible"))}</td>`;
    if (k === "efficiency" && r.extreme) return `<td title="${esc(r.extreme_reason)}">◇ ${fmt(r[k], 3)}</td>`;
    return `<td>${fmt(r[k], k === "score" ? 2 : 3)}</td>`;
  }).join("")}</tr>`).join("");
}

function renderTiers() {
  const rows = tiersOf(state.cur);
  const colours = ["#17406d", "#5b8fc7", "#a9c6e8", "#d6e4f2"];
  chart("tier-chart").setOption({
    title: { text: `${t("tier_title")} · ${state.year}${isChanged() ? " · " + t("whatif_short") : ""}`, left: "center" },
    tooltip: { trigger: "axis" },
    grid: { left: 60, right: 20, bottom: 90 },
    xAxis: { type: "category", data: rows.map((r) => regionName(r.region)), axisLabel: { rotate: 60, interval: 0 } },
    yAxis: { type: "value", name: t("score") },
    series: [{ type: "bar", data: rows.map((r) => ({ value: r.score, itemStyle: { color: r.tier ? colours[r.tier - 1] || "#d6e4f2" : "#cfd6de" } })) }],
  }, true);
  const byTier = {};
  for (const r of rows) (byTier[r.tier ?? 0] ||= []).push(r);
  const keys = Object.keys(byTier).map(Number).sort((a, b) => (a || 99) - (b || 99));
  $("tier-lists").innerHTML = `<p class="note">${esc(t("tier_rule"))}: ${esc(state.meta.settings.tiers)}</p>` + keys.map((k) => `<h3>${esc(tierName(k || null))} (${byTier[k].length})</h3><p>${join(byTier[k].map((r) => `${esc(regionName(r.region))} ${fmt(r.score)}`))}</p>`).join("");
}

function renderHubs() {
  const h = state.hubs;
  if (!h) return;
  const cname = (id) => { const c = h.clusters.find((x) => x.cluster === id); return c ? (state.lang === "zh" ? c.name_zh : c.name_en) : id; };
  const members = (id) => join(h.clusters.filter((x) => x.cluster === id).map((x) => regionName(x.region)));
  let html = "";
  if (h.problems) html += `<p class="note">${h.problems.map(esc).join("<br>")}</p>`;
  if (!h.typology.length) html += `<p>${esc(t("no_clusters"))}</p>`;
  else {
    html += `<h3>${esc(t("typology"))} · ${h.year}</h3><table><thead><tr><th class="text">${t("cluster")}</th><th class="text">${t("members")}</th><th class="text">${t("hub_type")}</th><th class="text">${t("evidence")}</th></tr></thead><tbody>` +
      h.typology.map((r) => `<tr><td class="text">${esc(cname(r.cluster))}</td><td class="text">${esc(members(r.cluster))}</td><td class="text">${esc(t("hub_" + r.type))}</td><td class="text wrap">${esc(r.evidence)}</td></tr>`).join("") + "</tbody></table>";
  }
  if (h.single_point.length) {
    html += `<h3>${esc(t("single_point"))}</h3><table><thead><tr><th class="text">${t("region")}</th><th class="text">${t("cluster")}</th><th class="text">${t("reason")}</th></tr></thead><tbody>` +
      h.single_point.map((r) => `<tr><td class="text">${esc(regionName(r.region))}</td><td class="text">${esc(cname(r.cluster))}</td><td class="text wrap">${esc(r.reason)}</td></tr>`).join("") + "</tbody></table>";
  }
  if (h.moran.length) {
    const m = Object.fromEntries(h.moran.map((r) => [r.statistic, r.value]));
    html += `<h3>${esc(t("moran"))}</h3><p>Moran's I = ${fmt(m.moran_i, 3)} (p<sub>norm</sub> = ${fmt(m.p_norm, 3)}, p<sub>sim</sub> = ${fmt(m.p_sim, 3)})</p>`;
  }
  if (h.lisa.length) {
    const sig = h.lisa.filter((r) => r.cluster && r.cluster !== "ns");
    html += `<h3>LISA</h3><p class="note">${esc(t("lisa_note").replace("{alpha}", h.alpha))}</p><p>${sig.length ? join(sig.map((r) => `${esc(regionName(r.region))} (${esc(r.cluster)}, p = ${fmt(r.p_sim, 3)})`)) : esc(t("lisa_none"))}</p>`;
  }
  html += `<p class="note">${esc(t("hubs_note"))}</p>`;
  $("hubs").innerHTML = html;
}

function renderRobustness() {
  const r = state.rob;
  if (!r || !r.available) { $("robustness").innerHTML = `<p>${esc(t("no_robustness"))}</p>`; return; }
  $("robustness").innerHTML = Object.entries(r.tables).map(([name, rows]) => {
    if (!rows.length) return "";
    const cols = Object.keys(rows[0]);
    return `<h3>${esc(name)}</h3><div class="table-wrap"><table><thead><tr>${cols.map((c) => `<th>${esc(c)}</th>`).join("")}</tr></thead><tbody>` +
      rows.map((o) => `<tr>${cols.map((c) => `<td class="${typeof o[c] === "number" ? "" : "text"}">${esc(c === "region" ? regionName(o[c]) : typeof o[c] === "number" ? fmt(o[c], 3) : o[c])}</td>`).join("")}</tr>`).join("") + "</tbody></table></div>";
  }).join("");
}

function renderIndicators() {
  $("caveat").textContent = state.meta.caveat[state.lang];
  const cov = Object.fromEntries(state.meta.coverage.map((r) => [r.indicator, r]));
  const w = state.cur.weights;
  const rows = [];
  const walk = (c) => state.meta.framework.filter((n) => n.parent === c).forEach((n) => { rows.push(n); walk(n.code); });
  walk(rootCode());
  $("indicators").querySelector("thead").innerHTML = `<tr>${["code", "name", "level", "weight", "status", "coverage", "series"].map((k) => `<th class="text">${esc(t("ind_" + k))}</th>`).join("")}</tr>`;
  $("indicators").querySelector("tbody").innerHTML = rows.map((n) => {
    const c = cov[n.code];
    const pad = "　".repeat(Math.max(0, firstLevelDepth(n)));
    return `<tr><td class="text">${esc(n.code)}</td><td class="text">${pad}${esc(state.lang === "zh" ? n.name_zh : n.name_en)}${esc(n.marker)}</td><td class="text">${esc(levelWord(firstLevelDepth(n) + 1))}</td><td>${fmt(w[n.code], 3)}</td><td class="text">${esc(n.status ? t("status_" + n.status) : "")}</td><td>${c ? `${c.n_regions}/${c.n_total}` : ""}</td><td class="text">${esc(state.lang === "zh" ? n.footnote_zh : n.footnote_en)}</td></tr>`;
  }).join("");
}
function levelWord(d) { return state.lang === "zh" ? `${"一二三四五六"[d - 1] || d}级指标` : `level ${d}`; }
function firstLevelDepth(n) { let d = 0, p = n.parent; while (p && p !== rootCode()) { d += 1; p = node(p)?.parent; } return d; }

// ---------------------------------------------------------------- loading
async function loadDataset(id) {
  state.dataset = id;
  state.change = { weights: {}, normalise: null, aggregate: null };
  const [meta, scores, eff, hubs, rob, cities] = await Promise.all([
    api(`/api/meta?dataset=${encodeURIComponent(id)}`), api(`/api/scores?dataset=${encodeURIComponent(id)}`),
    api(`/api/efficiency?dataset=${encodeURIComponent(id)}`), api(`/api/hubs?dataset=${encodeURIComponent(id)}`),
    api(`/api/robustness?dataset=${encodeURIComponent(id)}`), api(`/api/cities?dataset=${encodeURIComponent(id)}`)]);
  Object.assign(state, { meta, base: scores, cur: scores, eff, hubs, rob, cities, year: meta.dataset.year, selected: [], mapNode: null });
  if (!cities.rows.length) state.mapLevel = "province";
  $("whatif-status").textContent = "";
  applyText();
  buildControls();
  updateLinks();
  render();
}

async function loadGeo() {
  const [prov, dash] = await Promise.all([api("/api/geo/provinces"), api("/api/geo/dash_line")]);
  echarts.registerMap("china-provinces", prov);
  state.geoNames = Object.fromEntries(prov.features.map((f) => [f.properties.name, f.properties.name_zh]));
  state.dash = dash.features.flatMap((f) => (f.geometry.type === "MultiLineString" ? f.geometry.coordinates : [f.geometry.coordinates]).map((coords) => ({ coords })));
}

async function upload(file) {
  const fd = new FormData();
  fd.append("file", file);
  $("whatif-status").textContent = t("uploading");
  try {
    const res = await api("/api/upload", { method: "POST", body: fd });
    hideErrors();
    await loadDataset(res.id);
    if (res.notes.length) { $("banner").hidden = false; $("banner").textContent = res.notes.join(" "); }
  } catch (e) {
    showErrors(e.body?.problems || [{ n: 1, message: e.message, row: "", region: "", year: "", indicator: "" }], t("errors_title"), file.name);
  } finally {
    $("whatif-status").textContent = "";
    $("upload").value = "";
  }
}

function wire() {
  let timer = null;
  $("year").addEventListener("input", (e) => {
    state.year = state.meta.dataset.years[Number(e.target.value)];
    $("year-label").textContent = String(state.year);
    clearTimeout(timer);
    // a what-if result holds one year: ask the server for the new one
    if (isChanged()) timer = setTimeout(runWhatIf, 120); else render();
  });
  $("map-level").addEventListener("change", (e) => { state.mapLevel = e.target.value; render(); });
  $("city-node").addEventListener("change", (e) => { state.cityNode = e.target.value; render(); });
  $("colour-by").addEventListener("change", (e) => { state.colourBy = e.target.value; render(); });
  $("map-node").addEventListener("change", (e) => { state.mapNode = e.target.value; render(); });
  $("show-second").addEventListener("change", () => render());
  $("normalise").addEventListener("change", (e) => { state.change.normalise = e.target.value === state.meta.settings.normalise ? null : e.target.value; runWhatIf(); });
  $("aggregate").addEventListener("change", (e) => { state.change.aggregate = e.target.value === state.meta.settings.aggregate ? null : e.target.value; runWhatIf(); });
  $("reset").addEventListener("click", () => { state.change = { weights: {}, normalise: null, aggregate: null }; buildControls(); runWhatIf(); });
  $("lang").addEventListener("click", () => { state.lang = state.lang === "zh" ? "en" : "zh"; applyText(); buildControls(); updateLinks(); render(); });
  $("dataset").addEventListener("change", (e) => loadDataset(e.target.value));
  $("upload").addEventListener("change", (e) => { if (e.target.files[0]) upload(e.target.files[0]); });
  $("errors-close").addEventListener("click", hideErrors);
  window.addEventListener("resize", () => Object.values(charts).forEach((c) => c.resize()));
}

async function main() {
  const q = new URLSearchParams(location.search);
  if (q.get("lang") === "en") state.lang = "en";
  state.tab = q.get("tab") || "map";
  applyText();
  document.querySelectorAll(".view").forEach((v) => v.classList.toggle("active", v.id === "view-" + state.tab));
  wire();
  await loadGeo();
  await loadDataset("default");
  document.body.dataset.ready = "1";
}
main().catch((e) => { document.body.dataset.ready = "error"; showErrors([{ n: 1, message: String(e.message || e), row: "", region: "", year: "", indicator: "" }], "Error"); });
