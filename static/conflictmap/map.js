/*
 * The researchers' map (first version): published events as circle markers, control zones
 * for the chosen date, a legend of the controllers shown. Text from the database is only
 * ever inserted with textContent, never as HTML.
 */
(function () {
  "use strict";

  var TYPE_COLOURS = {
    battles: "#d62728", explosions: "#ff7f0e", vac: "#9467bd",
    protests: "#2ca02c", riots: "#8c564b", strategic: "#1f77b4",
  };

  var root = document.querySelector("[data-events-url]");
  var dateInput = document.getElementById("cm-date");
  var legend = document.getElementById("cm-legend");
  var map, zonesLayer, eventsLayer;

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }

  function fatalities(f) {
    if (f.best === null && f.low === null && f.high === null) return "unknown";
    if (f.low !== null && f.high !== null && f.low !== f.high) {
      return f.low + "–" + f.high + (f.best !== null ? " (best " + f.best + ")" : "");
    }
    return String(f.best !== null ? f.best : (f.low !== null ? f.low : f.high));
  }

  function eventPopup(p) {
    var box = el("div", null, "cm-popup");
    box.appendChild(el("h3", p.title));
    var when = p.start_date + (p.end_date !== p.start_date ? " – " + p.end_date : "");
    box.appendChild(el("div", when + " (precision: " + p.date_precision.toLowerCase() + ")"));
    box.appendChild(el("div", p.event_type_label + " / " + p.sub_event_type));
    box.appendChild(el("div", "Where: " + (p.place || "?") + " — geo precision " +
      p.geo_precision + (p.location_note ? " (" + p.location_note + ")" : "")));
    box.appendChild(el("div", "Fatalities: " + fatalities(p.fatalities)));
    var actors = el("ul");
    p.actors.forEach(function (a) { actors.appendChild(el("li", a.name + " — " + a.role)); });
    box.appendChild(actors);
    box.appendChild(el("p", p.summary));
    p.sources.forEach(function (s) {
      var cite = el("div", null, "cm-source");
      var label = (s.publisher || "Unknown publisher") + ", " + (s.published_on || "undated") +
        ": " + s.title;
      if (s.url) {
        var a = el("a", label);
        a.href = s.url; a.target = "_blank"; a.rel = "noopener noreferrer";
        cite.appendChild(a);
      } else {
        cite.appendChild(el("span", label));
      }
      cite.appendChild(el("blockquote", "“" + s.quote + "”"));
      box.appendChild(cite);
    });
    return box;
  }

  function loadEvents() {
    fetch(root.dataset.eventsUrl)
      .then(function (r) { return r.json(); })
      .then(function (data) {
        eventsLayer.clearLayers();
        data.features.forEach(function (f) {
          var p = f.properties;
          var latlng = [f.geometry.coordinates[1], f.geometry.coordinates[0]];
          var colour = TYPE_COLOURS[p.event_type] || "#555";
          if (p.geo_precision > 1) {
            // An approximate location is drawn as an area, not as a pin-point.
            L.circle(latlng, {
              radius: p.geo_precision === 2 ? 10000 : 40000, color: colour, weight: 1,
              dashArray: "4 4", fillOpacity: 0.08, interactive: false,
            }).addTo(eventsLayer);
          }
          L.circleMarker(latlng, {
            radius: 6 + Math.min(10, Math.sqrt(p.fatalities.best || 0)),
            color: "#222", weight: 1, fillColor: colour, fillOpacity: 0.9,
          }).bindPopup(eventPopup(p), { maxWidth: 360 }).addTo(eventsLayer);
        });
        document.getElementById("cm-count").textContent = data.features.length;
      });
  }

  function loadZones() {
    var day = dateInput.value;
    var url = root.dataset.zonesUrl + "?date=" + encodeURIComponent(day);
    fetch(url)
      .then(function (r) { return r.json(); })
      .then(function (data) {
        zonesLayer.clearLayers();
        legend.replaceChildren();
        var seen = {};
        data.features.forEach(function (f) {
          var p = f.properties;
          L.geoJSON(f, {
            style: {
              color: p.colour, weight: p.status === "contested" ? 2 : 1,
              dashArray: p.status === "contested" ? "6 4" : null,
              fillColor: p.colour, fillOpacity: p.status === "contested" ? 0.15 : 0.3,
            },
          }).bindPopup(function () {
            var box = el("div", null, "cm-popup");
            box.appendChild(el("h3", p.controller + " (" + p.status + ")"));
            box.appendChild(el("div", p.valid_from + " – " + (p.valid_to || "")));
            box.appendChild(el("div", "Confidence: " + p.confidence));
            box.appendChild(el("p", p.note));
            return box;
          }).addTo(zonesLayer);
          var key = p.controller_id + ":" + p.status;
          if (seen[key]) return;
          seen[key] = true;
          var item = el("li");
          item.dataset.controller = p.controller;
          var swatch = el("span", null, "cm-swatch" + (p.status === "contested" ? " contested" : ""));
          swatch.style.backgroundColor = p.colour;
          item.appendChild(swatch);
          item.appendChild(el("span", p.controller_label + (p.status === "contested" ? " (contested)" : "")));
          legend.appendChild(item);
        });
        document.getElementById("cm-legend-date").textContent = day;
      });
  }

  function onDateChange() {
    var params = new URLSearchParams(window.location.search);
    params.set("date", dateInput.value);
    window.history.replaceState(null, "", "?" + params.toString());
    loadZones();
  }

  window.conflictmapInit = function (leafletMap) {
    map = leafletMap;
    zonesLayer = L.featureGroup().addTo(map);
    eventsLayer = L.featureGroup().addTo(map);
    dateInput.addEventListener("change", onDateChange);
    loadZones();
    loadEvents();
  };
})();
