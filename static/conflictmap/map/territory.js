// Territory over time, for researchers: the ground each controller held over the period (a
// stacked area chart, and one of the people living there, from /api/territory.json), a line at
// the map date that follows the date control (a click on a chart moves the date), the figures
// on the map date, and the largest changes from the period's start to it. Loaded only while
// the panel is open.
import { getJSON } from "./api.js";
import { el } from "./dom.js";
import { chooseStep, seriesByController, stacked } from "./stack.js";

const CHARTS = [
  ["area_km2", "cm-chart-area", "Ground held, km² (stacked)"],
  ["population", "cm-chart-population", "People in it, estimate (stacked)"],
];
const LARGEST = 8;
const number = new Intl.NumberFormat("en", { maximumFractionDigits: 0 });

export class Territory {
  constructor(panel, { url, changesUrl, onDate }) {
    this.panel = panel;
    this.url = url;
    this.changesUrl = changesUrl;
    this.onDate = onDate;
    this.period = null;
    this.date = null;
    this.shown = null;
    this.plots = [];
    this.tickets = { series: 0, day: 0, changes: 0 };
    panel.addEventListener("toggle", () => { this.load(); this.showDay(); });
  }

  setPeriod(first, last) {
    this.period = first && last && first <= last ? [first, last] : null;
    this.load();
  }

  setDate(date) {
    this.date = date;
    this.panel.querySelectorAll("[data-testid^=chart-]").forEach((box) => { box.dataset.date = date; });
    this.plots.forEach((plot) => plot.redraw(false, false));
    this.showDay();
  }

  status(text) {
    this.panel.querySelector(".cm-territory-status").textContent = text;
  }

  async load() {
    if (!this.panel.open) return;
    if (!this.period) {
      this.status("No control zones are recorded yet.");
      return;
    }
    const [first, last] = this.period;
    const query = new URLSearchParams({ start: first, end: last, step: chooseStep(first, last) });
    if (this.shown === query.toString()) return;
    const ticket = ++this.tickets.series;
    this.status("Loading…");
    const { data, error } = await getJSON(this.url + "?" + query.toString());
    if (ticket !== this.tickets.series) return; // the period changed meanwhile
    this.plots.forEach((plot) => plot.destroy());
    this.plots = [];
    CHARTS.forEach(([, id]) => document.getElementById(id).replaceChildren());
    if (error) {
      this.status(error);
      return;
    }
    this.shown = query.toString();
    const held = data.series.some((item) => item.status === "held");
    this.status(held ? `By ${data.step}, from ${first} to ${last}.` : "No ground held in this period.");
    this.panel.querySelector(".cm-territory-method").textContent =
      `${data.method.area} Population: ${data.method.population}`;
    if (!held) return;
    CHARTS.forEach(([key, id, title]) => this.draw(document.getElementById(id), title, data, key));
  }

  draw(box, title, data, key) {
    const { dates, rows } = seriesByController(data, key);
    const times = dates.map((date) => Date.parse(date + "T00:00:00Z") / 1000);
    const sums = stacked(rows);
    // Drawn top of the stack first, so that each lower fill covers the one above it.
    const order = rows.map((_, index) => rows.length - 1 - index);
    const territory = this;
    // eslint-disable-next-line no-undef -- uPlot is the vendored script's global
    const plot = new uPlot({
      title,
      width: Math.max(300, box.clientWidth || this.panel.clientWidth - 32),
      height: 170,
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), "Etc/UTC"),
      scales: { x: { time: true } },
      axes: [{}, { size: 86, values: (u, ticks) => ticks.map((tick) => number.format(tick)) }],
      series: [
        { label: "date" },
        ...order.map((index) => ({
          label: rows[index].label || rows[index].name,
          stroke: rows[index].colour,
          fill: rows[index].colour + "99",
          width: 1,
          points: { show: false },
          // The legend says the controller's own figure, not the running sum drawn.
          value: (u, value, series, at) => (at == null ? "–" : number.format(rows[index].values[at])),
        })),
      ],
      hooks: {
        draw: [(u) => territory.drawDateLine(u)],
      },
    }, [times, ...order.map((index) => sums[index])], box);
    plot.over.addEventListener("click", () => {
      const at = plot.cursor.idx;
      if (at != null) this.onDate(dates[at]);
    });
    box.dataset.date = this.date || "";
    this.plots.push(plot);
  }

  // The map date as a vertical line across the chart.
  drawDateLine(u) {
    if (!this.date) return;
    const x = u.valToPos(Date.parse(this.date + "T00:00:00Z") / 1000, "x", true);
    if (x < u.bbox.left || x > u.bbox.left + u.bbox.width) return;
    const ctx = u.ctx;
    ctx.save();
    ctx.strokeStyle = "#111111";
    ctx.lineWidth = 2;
    ctx.setLineDash([4, 3]);
    ctx.beginPath();
    ctx.moveTo(x, u.bbox.top);
    ctx.lineTo(x, u.bbox.top + u.bbox.height);
    ctx.stroke();
    ctx.restore();
  }

  // The figures on the map date, and the largest changes since the period began.
  async showDay() {
    if (!this.panel.open || !this.date) return;
    const date = this.date;
    const ticket = ++this.tickets.day;
    const query = new URLSearchParams({ start: date, end: date, step: "day" });
    const { data, error } = await getJSON(this.url + "?" + query.toString());
    if (ticket !== this.tickets.day) return;
    document.getElementById("cm-territory-date").textContent = date;
    const body = this.panel.querySelector("#cm-territory-day tbody");
    body.replaceChildren();
    if (error) {
      body.appendChild(row([error]));
    } else {
      this.panel.querySelector(".cm-territory-country").textContent = data.country ? data.country.name : "the country";
      data.series.forEach((item) => {
        body.appendChild(row([
          (item.actor.label || item.actor.name) + (item.status === "contested" ? " (contested)" : ""),
          number.format(item.area_km2),
          item.share === null ? "–" : (item.share * 100).toFixed(1) + " %",
          number.format(item.population),
        ], item.actor.colour));
      });
      if (!data.series.length) body.appendChild(row(["No ground held on this date."]));
    }
    this.showChanges(date);
  }

  async showChanges(date) {
    const since = this.period ? this.period[0] : null;
    const body = this.panel.querySelector("#cm-territory-changes tbody");
    const ticket = ++this.tickets.changes;
    if (!since || since >= date) {
      body.replaceChildren(row(["Move the date past the period's start to compare."]));
      return;
    }
    const query = new URLSearchParams({ from: since, to: date });
    const { data, error } = await getJSON(this.changesUrl + "?" + query.toString());
    if (ticket !== this.tickets.changes) return;
    document.getElementById("cm-territory-since").textContent = since;
    body.replaceChildren();
    if (error) {
      body.appendChild(row([error]));
      return;
    }
    const largest = data.features
      .map((feature) => feature.properties)
      .sort((a, b) => b.area_km2 - a.area_km2)
      .slice(0, LARGEST);
    largest.forEach((p) => body.appendChild(row([p.controller, p.change, number.format(p.area_km2)], p.colour)));
    if (!largest.length) body.appendChild(row(["No ground changed hands."]));
  }
}

function row(cells, colour) {
  const tr = el("tr");
  cells.forEach((text, index) => {
    const td = el("td", text);
    if (index === 0 && colour) {
      const swatch = el("span", null, "cm-swatch");
      swatch.style.backgroundColor = colour;
      td.prepend(swatch);
    }
    tr.appendChild(td);
  });
  if (cells.length === 1) tr.firstChild.colSpan = 4;
  return tr;
}
