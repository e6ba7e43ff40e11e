/*
 * Admin, event form: where the event happened.
 * - Picking a Place moves the event's point to the place.
 * - "Resolve" turns the location as reported ("Bir Qassab area, 75 km SE of Damascus") into a
 *   point, a place, a precision and a note, through the gazetteer (events.geocoding), and shows
 *   the point on the map for the editor to accept or move.
 */
(function () {
  "use strict";

  var locationField = null;

  window.addEventListener("map:init", function (event) {
    event.detail.map.on("map:loadfield", function (e) {
      if (e.fieldid === "id_location") locationField = e.field;
    });
  });

  function moveMarker(lat, lon) {
    if (!locationField) return;
    var marker = L.marker([lat, lon]);
    locationField.drawnItems.clearLayers();
    locationField.drawnItems.addLayer(marker);
    locationField.store.save(locationField.drawnItems);
    locationField._map.setView([lat, lon], Math.max(locationField._map.getZoom(), 9));
  }

  function getJSON(url, form) {
    var options = { credentials: "same-origin" };
    if (form) {
      // A POST, with the admin form's CSRF token: resolving online may keep what it found.
      var token = document.querySelector("input[name=csrfmiddlewaretoken]");
      options.method = "POST";
      options.headers = { "X-CSRFToken": token ? token.value : "" };
      options.body = form;
    }
    return fetch(url, options).then(function (response) {
      return response.json().then(function (body) { return { status: response.status, body: body }; });
    });
  }

  // ---- the place picker --------------------------------------------------------------------
  var placeSelect = null;
  var movingFromResolve = false;

  function onPlaceChange() {
    if (movingFromResolve || !placeSelect.value) return;
    var url = placeSelect.dataset.locationUrl.replace(/\/0\/location\.json$/, "/" + placeSelect.value + "/location.json");
    getJSON(url)
      .then(function (answer) {
        if (answer.status !== 200) throw new Error(answer.body.error || "HTTP " + answer.status);
        moveMarker(answer.body.lat, answer.body.lon);
      })
      .catch(function (error) { console.warn("Place location not loaded:", error.message); });
  }

  function choosePlace(id, name) {
    if (!placeSelect) return;
    movingFromResolve = true;
    var $ = window.django && window.django.jQuery;
    if (!Array.prototype.some.call(placeSelect.options, function (o) { return o.value === String(id); })) {
      placeSelect.appendChild(new Option(name, id, false, false));
    }
    placeSelect.value = String(id);
    if ($) $(placeSelect).trigger("change"); else placeSelect.dispatchEvent(new Event("change"));
    movingFromResolve = false;
  }

  // ---- the Resolve button ------------------------------------------------------------------
  function show(box, text, isError) {
    box.textContent = text;
    box.className = "cm-resolve-status " + (isError ? "errornote" : "help");
  }

  function applyResolution(result, box) {
    if (!result.ok) {
      show(box, result.error, true);
      if (result.alternatives && result.alternatives.length) {
        var list = document.createElement("ul");
        result.alternatives.forEach(function (c) {
          var item = document.createElement("li");
          var button = document.createElement("button");
          button.type = "button";
          button.className = "button";
          button.textContent = c.name + " (" + (c.country || "?") + ") " + c.lat.toFixed(4) + ", " + c.lon.toFixed(4);
          button.addEventListener("click", function () {
            choosePlace(c.place_id, c.name);
            moveMarker(c.lat, c.lon);
            show(box, "Chose " + c.name + ": check the point on the map.", false);
          });
          item.appendChild(button);
          list.appendChild(item);
        });
        box.appendChild(list);
      }
      return;
    }
    if (result.place_id) choosePlace(result.place_id, result.place_name);
    moveMarker(result.lat, result.lon);
    var precision = document.getElementById("id_geo_precision");
    if (precision && result.geo_precision) precision.value = String(result.geo_precision);
    var note = document.getElementById("id_location_note");
    if (note && result.note) note.value = result.note.slice(0, 255);
    show(box, "Resolved (" + result.method + ", precision " + result.geo_precision +
      (result.place_name ? ", " + result.place_name : "") + "): check the point on the map." +
      (result.warnings.length ? " " + result.warnings.join(" ") : ""), false);
  }

  function addResolveButton(input) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button";
    button.id = "cm-resolve";
    button.textContent = "Resolve";
    var box = document.createElement("div");
    box.setAttribute("role", "status");
    box.id = "cm-resolve-status";
    input.insertAdjacentElement("afterend", button);
    button.insertAdjacentElement("afterend", box);
    var run = function () {
      if (!input.value.trim()) { show(box, "Type the location as reported first.", true); return; }
      show(box, "Resolving…", false);
      var form = new FormData();
      form.append("text", input.value);
      getJSON(input.dataset.resolveUrl, form)
        .then(function (answer) { applyResolution(answer.body, box); })
        .catch(function (error) { show(box, "Could not resolve: " + error.message, true); });
    };
    button.addEventListener("click", run);
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); run(); }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    placeSelect = document.getElementById("id_place");
    if (placeSelect && placeSelect.dataset.locationUrl) {
      // The admin's autocomplete (select2) announces changes through jQuery only.
      if (window.django && window.django.jQuery) window.django.jQuery(placeSelect).on("change", onPlaceChange);
      else placeSelect.addEventListener("change", onPlaceChange);
    }
    var input = document.getElementById("id_location_text");
    if (input && input.dataset.resolveUrl) addResolveButton(input);
  });
})();
