// Events and fatalities per week by event type for what the filters select (their whole period,
// as the exports take it), drawn with uPlot (static/vendor/uplot/) when the panel is opened.
// Types differ by dash as well as colour, as the markers differ by shape.
import { getJSON } from "./api.js";
import { TYPE_COLOURS } from "./dom.js";

const DASHES = {
  battles: [], explosions: [8, 3], vac: [2, 3], protests: [10, 3, 2, 3], riots: [1, 3], strategic: [14, 4],
};
const CHARTS = [
  ["events", "cm-chart-events", "Events per week"],
  ["fatalities", "cm-chart-fatalities", "Fatalities per week (best estimates, where known)"],
];

export class Charts {
  constructor(panel, { url, labels }) {
    this.panel = panel;
    this.url = url;
    this.labels = labels;
    this.query = null;
    this.ticket = 0;
    this.shown = null;
    panel.addEventListener("toggle", () => this.load());
  }

  setQuery(query) {
    this.query = query;
    this.load();
  }

  async load() {
    if (!this.panel.open || this.query === null || this.shown === this.query) return;
    const query = this.query;
    const ticket = ++this.ticket;
    const { data, error } = await getJSON(this.url + (query ? "?" + query : ""));
    if (ticket !== this.ticket) return; // the filters changed meanwhile
    const status = this.panel.querySelector(".cm-chart-status");
    status.textContent = error || (data.weeks.length ? "" : "No events for these filters.");
    this.shown = error ? null : query;
    CHARTS.forEach(([key, id, title]) => {
      const box = document.getElementById(id);
      box.replaceChildren();
      if (!error && data.weeks.length) this.draw(box, title, data, key);
    });
  }

  draw(box, title, data, key) {
    const types = Object.keys(data.types);
    const weeks = data.weeks.map((week) => Date.parse(week + "T00:00:00Z") / 1000);
    // eslint-disable-next-line no-undef -- uPlot is the vendored script's global
    new uPlot({
      title,
      width: Math.max(300, box.clientWidth || this.panel.clientWidth - 32),
      height: 170,
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), "Etc/UTC"),
      scales: { x: { time: true } },
      series: [
        { label: "week of" },
        ...types.map((type) => ({
          label: this.labels[type] || type, stroke: TYPE_COLOURS[type], width: 2, dash: DASHES[type],
          points: { show: weeks.length < 60 },
        })),
      ],
    }, [weeks, ...types.map((type) => data.types[type][key])], box);
  }
}
