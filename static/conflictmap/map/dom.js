// Database text reaches the page only through textContent: nothing in it is ever parsed as HTML.
export function el(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (className) node.className = className;
  return node;
}

export const TYPE_COLOURS = {
  battles: "#d62728",
  explosions: "#ff7f0e",
  vac: "#9467bd",
  protests: "#2ca02c",
  riots: "#8c564b",
  strategic: "#1f77b4",
};

// Indicative only: ACLED's precision codes give no radius.
export const HALO_METRES = { 2: 10000, 3: 40000 };
