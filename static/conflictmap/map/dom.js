// Database text reaches the page only through textContent: nothing in it is ever parsed as HTML.
export function el(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (className) node.className = className;
  return node;
}

// Okabe and Ito's palette, told apart by people with any common colour-vision deficiency; each
// type also has its own shape, so that colour is never the only cue.
export const TYPE_COLOURS = {
  battles: "#D55E00",
  explosions: "#E69F00",
  vac: "#CC79A7",
  protests: "#009E73",
  riots: "#F0E442",
  strategic: "#0072B2",
};

// Vertices on the unit circle's scale (x right, y down); "circle" is drawn as one.
export const TYPE_SHAPES = {
  battles: "circle",
  explosions: [[0, -1.25], [1.1, 0.7], [-1.1, 0.7]],
  vac: [[0, -1.25], [1.25, 0], [0, 1.25], [-1.25, 0]],
  protests: [[-0.95, -0.95], [0.95, -0.95], [0.95, 0.95], [-0.95, 0.95]],
  riots: [[-0.5, -1.1], [0.5, -1.1], [1.1, 0], [0.5, 1.1], [-0.5, 1.1], [-1.1, 0]],
  strategic: [[0, 1.25], [1.1, -0.7], [-1.1, -0.7]],
};

// The shape as a CSS clip-path, for the legend's swatches.
export function shapeClipPath(type) {
  const shape = TYPE_SHAPES[type];
  if (!Array.isArray(shape)) return "circle(50%)";
  const at = (v) => `${(50 + 40 * v).toFixed(1)}%`;
  return `polygon(${shape.map(([x, y]) => `${at(x)} ${at(y)}`).join(", ")})`;
}

// Indicative only: ACLED's precision codes give no radius.
export const HALO_METRES = { 2: 10000, 3: 40000 };
