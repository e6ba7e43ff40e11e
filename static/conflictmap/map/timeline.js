// Events per day (per week over long spans) as bars; drag to choose a period, click or use
// the arrow keys to move the map date.
import { addDays, daysBetween, monthTicks } from "./dates.js";

const SVG = "http://www.w3.org/2000/svg";
const PAD = { left: 8, right: 8, top: 6, bottom: 18 };

function node(tag, attrs) {
  const n = document.createElementNS(SVG, tag);
  Object.entries(attrs).forEach(([k, v]) => n.setAttribute(k, v));
  return n;
}

export class Timeline {
  constructor(el, { first, last, onPeriod, onDate }) {
    this.el = el;
    this.first = first;
    this.last = last;
    this.onPeriod = onPeriod;
    this.onDate = onDate;
    this.days = [];
    this.period = { start: "", end: "" };
    this.date = last;
    this.drag = null;
    el.addEventListener("pointerdown", (e) => this.pointerDown(e));
    el.addEventListener("pointermove", (e) => this.pointerMove(e));
    el.addEventListener("pointerup", (e) => this.pointerUp(e));
    el.addEventListener("keydown", (e) => this.key(e));
    window.addEventListener("resize", () => this.render());
  }

  get span() { return daysBetween(this.first, this.last) + 1; }
  get bucket() { return this.span > 240 ? 7 : 1; }
  get width() { return this.el.clientWidth || 600; }
  get height() { return this.el.clientHeight || 90; }

  xOf(iso) {
    const inner = this.width - PAD.left - PAD.right;
    return PAD.left + (daysBetween(this.first, iso) / this.span) * inner;
  }

  dateAt(x) {
    const inner = this.width - PAD.left - PAD.right;
    const offset = Math.floor(((x - PAD.left) / inner) * this.span);
    return addDays(this.first, Math.max(0, Math.min(this.span - 1, offset)));
  }

  setCounts(days) { this.days = days; this.render(); }
  setPeriod(start, end) { this.period = { start, end }; this.render(); }
  setDate(date) { this.date = date; this.render(); }

  render() {
    const svg = node("svg", { role: "img", "aria-label": "Events per " + (this.bucket === 7 ? "week" : "day") });
    const bins = new Map();
    this.days.forEach(({ date, count }) => {
      if (date < this.first || date > this.last) return;
      const index = Math.floor(daysBetween(this.first, date) / this.bucket);
      bins.set(index, (bins.get(index) || 0) + count);
    });
    const max = Math.max(1, ...bins.values());
    const inner = this.height - PAD.top - PAD.bottom;
    const barWidth = Math.max(1, ((this.width - PAD.left - PAD.right) / this.span) * this.bucket - 1);
    bins.forEach((count, index) => {
      const start = addDays(this.first, index * this.bucket);
      const h = Math.max(2, (count / max) * inner);
      const inPeriod = (!this.period.start || start >= this.period.start) &&
        (!this.period.end || start <= this.period.end);
      const bar = node("rect", {
        class: "bar" + (inPeriod && (this.period.start || this.period.end) ? " in-period" : ""),
        x: this.xOf(start), y: PAD.top + inner - h, width: barWidth, height: h,
      });
      const title = node("title", {});
      title.textContent = start + ": " + count + " event" + (count === 1 ? "" : "s");
      bar.appendChild(title);
      svg.appendChild(bar);
    });
    if (this.period.start || this.period.end) {
      const x0 = this.xOf(this.period.start || this.first);
      const x1 = this.xOf(addDays(this.period.end || this.last, 1));
      svg.appendChild(node("rect", { class: "brush", x: x0, y: 1, width: Math.max(2, x1 - x0), height: this.height - PAD.bottom }));
    }
    if (this.drag && Math.abs(this.drag.x1 - this.drag.x0) > 3) {
      const x = Math.min(this.drag.x0, this.drag.x1);
      svg.appendChild(node("rect", { class: "brush", x, y: 1, width: Math.abs(this.drag.x1 - this.drag.x0), height: this.height - PAD.bottom }));
    }
    const base = this.height - PAD.bottom;
    monthTicks(this.first, this.last, this.width - PAD.left - PAD.right).forEach((tick) => {
      const x = this.xOf(tick.iso);
      svg.appendChild(node("line", { class: "tick" + (tick.major ? " major" : ""), x1: x, x2: x, y1: base, y2: base + (tick.major ? 6 : 4) }));
      const label = node("text", { class: "axis", x: x + 2, y: this.height - 3 });
      label.textContent = tick.label;
      svg.appendChild(label);
    });
    // The map date: a red line with its date on a flag, never mistaken for the period's band.
    const dx = this.xOf(this.date);
    svg.appendChild(node("line", { class: "today", x1: dx, x2: dx, y1: 0, y2: base }));
    const flag = node("text", {
      class: "today-label", x: dx + (dx > this.width - 130 ? -4 : 4), y: 11,
      "text-anchor": dx > this.width - 130 ? "end" : "start",
    });
    flag.textContent = "map date " + this.date;
    svg.appendChild(flag);
    this.el.replaceChildren(svg);
  }

  localX(event) { return event.clientX - this.el.getBoundingClientRect().left; }

  pointerDown(event) {
    this.el.setPointerCapture(event.pointerId);
    this.drag = { x0: this.localX(event), x1: this.localX(event) };
  }

  pointerMove(event) {
    if (!this.drag) return;
    this.drag.x1 = this.localX(event);
    this.render();
  }

  pointerUp(event) {
    if (!this.drag) return;
    const { x0 } = this.drag;
    const x1 = this.localX(event);
    this.drag = null;
    if (Math.abs(x1 - x0) <= 3) {
      this.onDate(this.dateAt(x1));
    } else {
      this.onPeriod(this.dateAt(Math.min(x0, x1)), this.dateAt(Math.max(x0, x1)));
    }
    this.render();
  }

  key(event) {
    const steps = { ArrowLeft: -1, ArrowRight: 1, PageUp: -7, PageDown: 7 };
    if (!(event.key in steps)) return;
    event.preventDefault();
    this.onDate(addDays(this.date, steps[event.key]));
  }
}
