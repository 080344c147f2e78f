// frontline map: the page script of `frontline map` (inlined into every page; see src/map/mod.rs).
//
// Reads the data from the JSON script element #frontline-data, draws the base layer,
// the claims, the precomputed state of control for the chosen day and the zones, and wires the time
// slider, the play button and the filters. Every string that comes from the data is put into the
// page with textContent or createTextNode, never as HTML.
(function () {
  'use strict';

  var data = JSON.parse(document.getElementById('frontline-data').textContent);

  // ---- small DOM helpers (text only) ----
  function h(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function isSet(v) {
    return v !== undefined && v !== null && v !== '';
  }
  function label(id) {
    return isSet(id) ? String(id).replace(/_/g, ' ') : 'unknown';
  }
  // Leaflet takes attributions as HTML: escape our text for it
  function escapeHtml(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }
  function classToken(s) {
    return String(s).toLowerCase().replace(/[^a-z0-9_-]/g, '-');
  }
  function colourOf(actor) {
    return (isSet(actor) && Object.prototype.hasOwnProperty.call(data.colours, actor))
      ? data.colours[actor] : data.no_controller_colour;
  }
  function latlng(f) {
    var c = f.geometry.coordinates;
    return L.latLng(c[1], c[0]);
  }
  function actorKey(p) {
    return isSet(p.actor) ? p.actor : 'unknown';
  }
  function certaintyKey(p) {
    return isSet(p.certainty) ? p.certainty : 'unknown';
  }
  function colourKey(p) {
    return isSet(p.controller) ? p.controller : p.actor;
  }

  // ---- marker styles by certainty ----
  var CERTAINTY_STYLE = {
    reported: { fillOpacity: 0.9, dashArray: null, note: 'the outlet says it' },
    claimed: { fillOpacity: 0.6, dashArray: null, note: 'a party says it' },
    hedged: { fillOpacity: 0.25, dashArray: '3 3', note: 'possible, unconfirmed' },
    denied: { fillOpacity: 0, dashArray: '1 3', note: 'a party denies it' }
  };
  function certaintyStyle(c) {
    return CERTAINTY_STYLE[c] || { fillOpacity: 0.5, dashArray: '6 2', note: '' };
  }

  // ---- the map and its panes ----
  var map = L.map('map', { zoomSnap: 0.25, worldCopyJump: false });
  map.attributionControl.addAttribution(
    'Boundaries: Natural Earth (public domain) · claims: frontline');
  var panes = [['fl-base', 360], ['fl-zones', 380], ['fl-precision', 410],
    ['fl-states', 420], ['fl-claims', 450]];
  panes.forEach(function (p) {
    map.createPane(p[0]).style.zIndex = String(p[1]);
  });
  map.getPane('fl-precision').style.pointerEvents = 'none';

  if (isSet(data.tiles)) {
    L.tileLayer(data.tiles, {
      maxZoom: 19,
      attribution: escapeHtml(isSet(data.tiles_attribution) ? data.tiles_attribution : 'map tiles')
    }).addTo(map);
    document.body.classList.add('fl-has-tiles');
  }

  var base = data.base || {};
  var countries = L.geoJSON(base.countries || [], {
    pane: 'fl-base', interactive: false,
    style: function (f) {
      var id = f.properties && f.properties.country;
      // Iraq and Syria light, their neighbours a shade darker
      return { color: '#7a7a7a', weight: 1.2,
        fillColor: id === 'IQ' || id === 'SY' ? '#f7f4ec' : '#e6e2d8',
        fillOpacity: isSet(data.tiles) ? 0 : 1 };
    }
  }).addTo(map);
  var admin1 = L.geoJSON(base.admin1 || [], {
    pane: 'fl-base', interactive: false,
    style: function () {
      return { color: '#9a9a9a', weight: 0.8, dashArray: '4 3', fill: false };
    }
  }).addTo(map);
  var border = L.geoJSON(base.border || [], {
    pane: 'fl-base', interactive: false,
    style: function () {
      return { color: '#2b2b2b', weight: 2.5, dashArray: '10 4 2 4', className: 'fl-border' };
    }
  }).addTo(map);

  // ---- claims ----
  var claims = data.claims || [];
  var markers = [];
  var circles = [];
  var visible = [];
  var stacks = {};
  function stackKey(c) {
    var xy = c.geometry.coordinates;
    return xy[0].toFixed(5) + ',' + xy[1].toFixed(5);
  }
  claims.forEach(function (c, i) {
    var p = c.properties;
    var colour = colourOf(colourKey(p));
    var key = stackKey(c);
    (stacks[key] = stacks[key] || []).push(i);
    visible.push(false);
    var st = certaintyStyle(p.certainty);
    var m = L.circleMarker(latlng(c), {
      pane: 'fl-claims', radius: 7, weight: 2, color: '#222222', opacity: 0.9,
      fillColor: colour, fillOpacity: st.fillOpacity, dashArray: st.dashArray,
      className: 'fl-claim fl-cert-' + classToken(certaintyKey(p))
    });
    m.bindPopup(function () { return popupFor(c, i); }, {
      maxWidth: 380, minWidth: 240, autoPanPaddingTopLeft: L.point(60, 20),
      autoPanPaddingBottomRight: L.point(20, 20)
    });
    m.bindTooltip(function () { return tooltipFor(c); }, { direction: 'top', offset: [0, -6] });
    m.on('add', function () {
      var e = m.getElement();
      if (e) e.setAttribute('data-claim-id', isSet(c.id) ? String(c.id) : '');
    });
    markers.push(m);
    var km = typeof p.precision_km === 'number' ? p.precision_km : 0;
    if (isSet(p.relation) && p.relation !== 'at' && km > 0) {
      circles.push(L.circle(latlng(c), {
        pane: 'fl-precision', radius: km * 1000, interactive: false,
        color: colour, weight: 1.5, dashArray: '5 4', fillColor: colour, fillOpacity: 0.08,
        className: 'fl-precision'
      }));
    } else {
      circles.push(null);
    }
  });

  function addRow(dl, name, value, extra) {
    if (!isSet(value) && !isSet(extra)) return;
    dl.appendChild(h('dt', null, name));
    var dd = h('dd', null, isSet(value) ? value : '');
    if (isSet(extra)) dd.appendChild(h('span', 'fl-extra', ' (' + extra + ')'));
    dl.appendChild(dd);
  }

  function placePhrase(p) {
    var place = isSet(p.place_name) ? p.place_name : (isSet(p.place_text) ? p.place_text : '?');
    if (!isSet(p.relation) || p.relation === 'at') return place;
    var rel = label(p.relation);
    var dist = typeof p.distance_km === 'number' ? p.distance_km + ' km ' : '';
    return dist + rel + ' ' + place;
  }

  function swatch(colour) {
    var s = h('span', 'fl-swatch');
    s.style.backgroundColor = colour;
    return s;
  }

  // the claim's details: place, claim, parties, certainty, date, source, evidence
  function claimDetails(c, box) {
    var p = c.properties;
    var dl = h('dl');
    if (isSet(p.place_text) && p.place_text !== p.place_name) addRow(dl, 'As written', p.place_text);
    addRow(dl, 'Place', p.place_name, p.place_id);
    addRow(dl, 'Precision', typeof p.precision_km === 'number' ? p.precision_km + ' km' : null);
    addRow(dl, 'Claim', p.claim_type);
    addRow(dl, 'Actor', label(p.actor), isSet(p.actor_text) ? p.actor_text : null);
    if (isSet(p.from_actor)) addRow(dl, 'From', label(p.from_actor));
    addRow(dl, 'Controller', isSet(p.controller) ? label(p.controller) : 'not stated');
    addRow(dl, 'Claimed by', isSet(p.claimed_by) ? label(p.claimed_by) : null);
    addRow(dl, 'Certainty', p.certainty);
    addRow(dl, 'Date', p.date, isSet(p.date_text) ? p.date_text : null);
    addRow(dl, 'Confidence', typeof p.confidence === 'number' ? p.confidence.toFixed(2) : null);
    addRow(dl, 'Source', isSet(p.source) ? p.source : 'unknown',
      isSet(p.published) ? 'published ' + p.published : null);
    addRow(dl, 'Article', p.article_id);
    box.appendChild(dl);
    if (isSet(p.evidence)) {
      box.appendChild(h('blockquote', 'fl-evidence', p.evidence));
    }
    box.appendChild(h('div', 'fl-claim-id', isSet(c.id) ? c.id : p.claim_id));
  }

  var MAX_STACKED = 25;
  function popupFor(c, i) {
    var p = c.properties;
    var box = h('div', 'fl-popup');
    var head = h('div', 'fl-popup-title');
    head.appendChild(swatch(colourOf(colourKey(p))));
    head.appendChild(document.createTextNode(placePhrase(p)));
    box.appendChild(head);
    claimDetails(c, box);
    // the other claims drawn at the same point (their markers lie under this one), newest first
    var others = (stacks[stackKey(c)] || []).filter(function (j) {
      return j !== i && visible[j];
    }).reverse();
    if (others.length) {
      var more = h('div', 'fl-stack');
      more.appendChild(h('div', 'fl-stack-title', others.length === 1
        ? '1 other claim at this point' : others.length + ' other claims at this point'));
      others.slice(0, MAX_STACKED).forEach(function (j) {
        var o = claims[j];
        var q = o.properties;
        var d = h('details', 'fl-stacked');
        d.setAttribute('data-claim-id', isSet(o.id) ? String(o.id) : '');
        var sum = h('summary');
        sum.appendChild(swatch(colourOf(colourKey(q))));
        sum.appendChild(document.createTextNode([q.date, q.claim_type, label(q.actor),
          q.certainty, q.source].filter(isSet).join(' · ')));
        d.appendChild(sum);
        claimDetails(o, d);
        more.appendChild(d);
      });
      if (others.length > MAX_STACKED) {
        more.appendChild(h('div', 'fl-note', 'and ' + (others.length - MAX_STACKED) +
          ' more (zoom in or filter)'));
      }
      box.appendChild(more);
    }
    return box;
  }

  function tooltipFor(c) {
    var p = c.properties;
    return h('span', null, placePhrase(p) + ': ' + (isSet(p.claim_type) ? p.claim_type : '?') +
      ' by ' + label(p.actor) + (isSet(p.date) ? ', ' + p.date : ''));
  }

  // ---- layers for the chosen day ----
  var claimLayer = L.layerGroup().addTo(map);
  var precisionLayer = L.layerGroup().addTo(map);
  var stateLayer = L.layerGroup().addTo(map);
  var zoneLayer = L.layerGroup().addTo(map);
  var dates = data.dates || [];
  var hasZones = (data.zones_table || []).length > 0;
  // states and zones of a day: indexes into their tables
  function ofDay(table, byDay, day) {
    return ((byDay || {})[day] || []).map(function (i) { return table[i]; });
  }

  var actors = (data.actors || []).slice();
  var certainties = (data.certainties || []).slice();
  claims.forEach(function (c) {
    var a = actorKey(c.properties);
    if (actors.indexOf(a) < 0) actors.push(a);
    var k = certaintyKey(c.properties);
    if (certainties.indexOf(k) < 0) certainties.push(k);
  });
  var activeActors = {};
  actors.forEach(function (a) { activeActors[a] = true; });
  var activeCertainty = {};
  certainties.forEach(function (k) { activeCertainty[k] = true; });
  var show = { precision: true, states: true, zones: true, admin1: true, countries: true };

  function stateMarker(s) {
    var p = s.properties;
    var colour = colourOf(p.controller);
    var faint = p.status === 'stale' || p.status === 'unconfirmed';
    var m = L.circleMarker(latlng(s), {
      pane: 'fl-states', radius: 14, weight: 4, color: colour, opacity: faint ? 0.45 : 0.95,
      fillColor: colour, fillOpacity: faint ? 0.05 : 0.12,
      dashArray: p.status === 'disputed' ? '6 4' : null,
      className: 'fl-state fl-status-' + classToken(isSet(p.status) ? p.status : 'none')
    });
    m.bindTooltip(function () {
      var place = isSet(p.place_name) ? p.place_name : (isSet(p.place_text) ? p.place_text : p.place_id);
      if (isSet(p.relation) && p.relation !== 'at') place = label(p.relation) + ' ' + place;
      var text = place + ': ' +
        (isSet(p.controller) ? 'held by ' + label(p.controller) : 'controller unknown') +
        (isSet(p.since) ? ' since ' + p.since : '') +
        (isSet(p.status) ? ' (' + label(p.status) + ')' : '');
      return h('span', null, text);
    }, { direction: 'right', offset: [12, 0] });
    return m;
  }

  function zoneLayerFor(list) {
    return L.geoJSON(list, {
      pane: 'fl-zones', interactive: false,
      style: function (f) {
        var colour = colourOf(f.properties && f.properties.controller);
        return { color: colour, weight: 1, fillColor: colour, fillOpacity: 0.22,
          className: 'fl-zone' };
      }
    });
  }

  var current = dates.length ? dates.length - 1 : -1;
  var status = h('div', 'fl-status');
  var dateOut = h('output', 'fl-date');

  function update() {
    var day = current >= 0 ? dates[current] : null;
    claimLayer.clearLayers();
    precisionLayer.clearLayers();
    var shown = 0;
    var today = 0;
    claims.forEach(function (c, i) {
      var p = c.properties;
      visible[i] = false;
      if (day !== null && isSet(p.day) && p.day > day) return;
      if (!activeActors[actorKey(p)] || !activeCertainty[certaintyKey(p)]) return;
      visible[i] = true;
      var m = markers[i];
      var isToday = day !== null && p.day === day;
      m.setStyle({ weight: isToday ? 3.5 : 1.5, color: isToday ? '#000000' : '#444444' });
      claimLayer.addLayer(m);
      if (show.precision && circles[i]) precisionLayer.addLayer(circles[i]);
      shown += 1;
      if (isToday) today += 1;
    });
    stateLayer.clearLayers();
    var states = day !== null ? ofDay(data.states_table || [], data.states, day) : [];
    if (show.states) states.forEach(function (s) { stateLayer.addLayer(stateMarker(s)); });
    zoneLayer.clearLayers();
    if (show.zones && hasZones && day !== null) {
      zoneLayer.addLayer(zoneLayerFor(ofDay(data.zones_table, data.zones, day)));
    }
    dateOut.textContent = day !== null ? day : 'no dates';
    status.textContent = shown + (shown === 1 ? ' claim' : ' claims') +
      (day !== null ? ' up to ' + day + ' (' + today + ' on this day)' : '') +
      ' · ' + states.length + (states.length === 1 ? ' place' : ' places') + ' with a state';
    document.body.setAttribute('data-shown-claims', String(shown));
  }

  // ---- time control ----
  var slider = h('input', 'fl-slider');
  slider.type = 'range';
  slider.id = 'fl-slider';
  slider.min = '0';
  slider.max = String(Math.max(0, dates.length - 1));
  slider.step = '1';
  slider.value = String(Math.max(0, current));
  slider.disabled = dates.length < 2;
  slider.setAttribute('aria-label', 'Day');
  var fitButton = h('button', 'fl-fit', 'All claims');
  fitButton.type = 'button';
  fitButton.id = 'fl-fit';
  fitButton.title = 'Zoom to all claims';
  fitButton.addEventListener('click', function () { map.closePopup(); fitAll(); });
  var play = h('button', 'fl-play', 'Play');
  play.type = 'button';
  play.id = 'fl-play';
  play.disabled = dates.length < 2;
  var timer = null;

  function setIndex(i) {
    current = Math.max(0, Math.min(dates.length - 1, i));
    slider.value = String(current);
    update();
  }
  function stop() {
    if (timer !== null) window.clearInterval(timer);
    timer = null;
    play.textContent = 'Play';
    play.setAttribute('aria-pressed', 'false');
  }
  slider.addEventListener('input', function () { stop(); setIndex(parseInt(slider.value, 10)); });
  play.addEventListener('click', function () {
    if (timer !== null) { stop(); return; }
    if (current >= dates.length - 1) setIndex(0);
    play.textContent = 'Pause';
    play.setAttribute('aria-pressed', 'true');
    timer = window.setInterval(function () {
      if (current >= dates.length - 1) { stop(); return; }
      setIndex(current + 1);
    }, 900);
  });

  var TimeControl = L.Control.extend({
    options: { position: 'bottomleft' },
    onAdd: function () {
      var box = h('div', 'fl-panel fl-time');
      box.appendChild(h('div', 'fl-title', data.title));
      var row = h('div', 'fl-row');
      row.appendChild(play);
      row.appendChild(slider);
      row.appendChild(dateOut);
      row.appendChild(fitButton);
      box.appendChild(row);
      box.appendChild(status);
      if (dates.length) {
        box.appendChild(h('div', 'fl-range', dates[0] + ' – ' + dates[dates.length - 1] +
          ' · ' + dates.length + (dates.length === 1 ? ' day' : ' days')));
      }
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      return box;
    }
  });

  // ---- legend and filters ----
  function checkbox(id, checked, onChange) {
    var input = h('input');
    input.type = 'checkbox';
    input.id = id;
    input.checked = checked;
    input.addEventListener('change', function () { onChange(input.checked); });
    return input;
  }
  function section(title) {
    var d = h('details', 'fl-section');
    d.open = true;
    d.appendChild(h('summary', null, title));
    return d;
  }

  var LegendControl = L.Control.extend({
    options: { position: 'topright' },
    onAdd: function () {
      var box = h('div', 'fl-panel fl-legend');

      var who = section('Controller or actor');
      actors.forEach(function (a, i) {
        var row = h('label', 'fl-row fl-actor');
        row.appendChild(checkbox('fl-actor-' + i, true, function (on) {
          activeActors[a] = on;
          update();
        }));
        row.appendChild(swatch(colourOf(a)));
        row.appendChild(document.createTextNode(label(a)));
        row.setAttribute('data-actor', a);
        who.appendChild(row);
      });
      var none = h('div', 'fl-row fl-note');
      none.appendChild(swatch(data.no_controller_colour));
      none.appendChild(document.createTextNode('controller not stated'));
      who.appendChild(none);
      who.appendChild(h('div', 'fl-note',
        'Dot colour: controller after the claim, else the actor. Filters apply to the actor.'));
      box.appendChild(who);

      var sure = section('Certainty');
      certainties.forEach(function (k, i) {
        var row = h('label', 'fl-row fl-certainty');
        row.appendChild(checkbox('fl-cert-' + i, true, function (on) {
          activeCertainty[k] = on;
          update();
        }));
        var st = certaintyStyle(k);
        var sample = h('span', 'fl-sample');
        sample.style.opacity = String(Math.max(0.15, st.fillOpacity));
        if (st.dashArray) sample.style.borderStyle = 'dashed';
        if (st.fillOpacity === 0) sample.style.backgroundColor = 'transparent';
        row.appendChild(sample);
        row.appendChild(document.createTextNode(k));
        if (st.note) row.appendChild(h('span', 'fl-extra', ' ' + st.note));
        row.setAttribute('data-certainty', k);
        sure.appendChild(row);
      });
      box.appendChild(sure);

      var layers = section('Layers');
      function layerRow(key, text, enabled, onChange) {
        var row = h('label', 'fl-row');
        var cb = checkbox('fl-layer-' + key, enabled, onChange);
        cb.disabled = !enabled;
        row.appendChild(cb);
        row.appendChild(document.createTextNode(text));
        layers.appendChild(row);
      }
      layerRow('states', 'State of control on the day (rings)', true, function (on) {
        show.states = on; update();
      });
      layerRow('precision', 'Precision of relative locations', true, function (on) {
        show.precision = on; update();
      });
      layerRow('zones', hasZones ? 'Zones of control' : 'Zones of control (none in data)',
        hasZones, function (on) { show.zones = on; update(); });
      layerRow('admin1', 'Governorates', true, function (on) {
        if (on) admin1.addTo(map); else map.removeLayer(admin1);
      });
      layerRow('countries', 'Countries', true, function (on) {
        if (on) countries.addTo(map); else map.removeLayer(countries);
        if (on) border.bringToFront();
      });
      layers.appendChild(h('div', 'fl-note',
        'Ring: who held the place on the chosen day, by the timeline rules (dashed when ' +
        'disputed, faint when stale or unconfirmed). Shaded areas: estimated zones. Dot: a ' +
        'claim up to that day; bold outline: on that day. Dashed circle: where a relative ' +
        'location (“15 km west of …”) lies.'));
      box.appendChild(layers);

      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      return box;
    }
  });

  var timeControl = new TimeControl().addTo(map);
  var legendControl = new LegendControl().addTo(map);
  L.control.scale({ imperial: false, position: 'bottomright' }).addTo(map);

  // ---- initial view: every claim, clear of the panels where the window is wide enough ----
  function fitAll() {
    var bounds = L.latLngBounds([]);
    claims.forEach(function (c) { bounds.extend(latlng(c)); });
    if (!bounds.isValid()) bounds = border.getBounds();
    if (!bounds.isValid()) bounds = L.latLngBounds([[32, 36], [38, 46]]);
    var size = map.getSize();
    var right = legendControl.getContainer().offsetWidth + 50;
    var bottom = timeControl.getContainer().offsetHeight + 50;
    var fit = { paddingTopLeft: [60, 50], paddingBottomRight: [50, 50], maxZoom: 10,
      animate: false };
    if (size.x - right > 360) fit.paddingBottomRight[0] = right;
    if (size.y - bottom > 300) fit.paddingBottomRight[1] = bottom;
    map.fitBounds(bounds.pad(0.1), fit);
  }
  fitAll();
  document.addEventListener('keydown', function (e) {
    if (e.key === 'Escape') map.closePopup();
  });

  update();
  document.body.setAttribute('data-ready', 'true');
})();
