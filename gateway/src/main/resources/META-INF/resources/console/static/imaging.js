/* Deblur Gateway console: image viewports drawn on canvas from raw 16-bit samples, windowed in the browser.
   Viewports of one group share zoom and pan; nothing is loaded from elsewhere. */
"use strict";
var DGImaging = (function () {

  /** Fetches raw little-endian 16-bit samples (signed or not) as a typed array. */
  function fetchSamples(url, signed) {
    return fetch(url, { credentials: "same-origin" }).then(function (r) {
      if (!r.ok) { throw new Error(url + ": HTTP " + r.status); }
      return r.arrayBuffer();
    }).then(function (buffer) { return signed ? new Int16Array(buffer) : new Uint16Array(buffer); });
  }

  /** Centre and width spanning the 0.5 .. 99.5 percentiles of the values (sampled for speed). */
  function percentileWindow(values) {
    var step = Math.max(1, Math.floor(values.length / 200000));
    var sample = [];
    for (var i = 0; i < values.length; i += step) { sample.push(values[i]); }
    sample.sort(function (a, b) { return a - b; });
    var lo = sample[Math.floor(sample.length * 0.005)];
    var hi = sample[Math.min(sample.length - 1, Math.ceil(sample.length * 0.995) - 1)];
    var width = Math.max(1, hi - lo);
    return { centre: lo + width / 2, width: width };
  }

  /** derived - original, and the symmetric window around 0 that spans 99.5 % of its magnitudes. */
  function difference(a, b) {
    var d = new Int32Array(a.length);
    for (var i = 0; i < a.length; i++) { d[i] = b[i] - a[i]; }
    var step = Math.max(1, Math.floor(d.length / 200000));
    var mags = [];
    for (var j = 0; j < d.length; j += step) { mags.push(Math.abs(d[j])); }
    mags.sort(function (x, y) { return x - y; });
    var m = Math.max(1, mags[Math.min(mags.length - 1, Math.ceil(mags.length * 0.995) - 1)]);
    return { values: d, window: { centre: 0, width: 2 * m } };
  }

  /**
   * A viewport: one canvas showing one image. image = {width, height, channels, values, invert};
   * window = {centre, width}; DICOM's linear window (PS3.3 C.11.2.1.2), MONOCHROME1 shown inverted.
   */
  function Viewport(canvas, group) {
    this.canvas = canvas;
    this.group = group;
    this.image = null;
    this.window = { centre: 0, width: 1 };
    this.offscreen = document.createElement("canvas");
    this.onWindow = null;
    group.add(this);
  }

  Viewport.prototype.show = function (image, window) {
    this.image = image;
    if (window) { this.window = { centre: window.centre, width: window.width }; }
    this.paintOffscreen();
    this.draw();
  };

  Viewport.prototype.setWindow = function (centre, width) {
    this.window = { centre: centre, width: Math.max(1, width) };
    if (this.image) { this.paintOffscreen(); this.draw(); }
    if (this.onWindow) { this.onWindow(this.window); }
  };

  Viewport.prototype.paintOffscreen = function () {
    var img = this.image;
    this.offscreen.width = img.width;
    this.offscreen.height = img.height;
    var ctx = this.offscreen.getContext("2d");
    var out = ctx.createImageData(img.width, img.height);
    var px = out.data;
    var c = this.window.centre, w = Math.max(1, this.window.width);
    var low = c - 0.5 - (w - 1) / 2, span = w - 1 || 1;
    var v = img.values, n = img.width * img.height, ch = img.channels, invert = img.invert;
    for (var i = 0; i < n; i++) {
      for (var k = 0; k < 3; k++) {
        var s = v[i * ch + (ch === 3 ? k : 0)];
        var g = (s - low) / span;
        g = g <= 0 ? 0 : g >= 1 ? 255 : Math.round(g * 255);
        px[i * 4 + k] = invert ? 255 - g : g;
      }
      px[i * 4 + 3] = 255;
    }
    ctx.putImageData(out, 0, 0);
  };

  Viewport.prototype.draw = function () {
    var canvas = this.canvas, ctx = canvas.getContext("2d"), img = this.image, view = this.group.view;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.fillStyle = "#000";
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    if (!img) { return; }
    var fit = Math.min(canvas.width / img.width, canvas.height / img.height);
    var scale = fit * view.zoom;
    ctx.imageSmoothingEnabled = scale < 2;
    // view.x, view.y: the image point (in pixels) at the canvas centre.
    ctx.setTransform(scale, 0, 0, scale, canvas.width / 2 - view.x * scale, canvas.height / 2 - view.y * scale);
    ctx.drawImage(this.offscreen, 0, 0);
  };

  /** Viewports that zoom and pan together; mouse: wheel zooms at the cursor, drag pans, right- or shift-drag windows. */
  function Group() {
    this.viewports = [];
    this.view = { zoom: 1, x: 0, y: 0 };
    this.onView = null;
  }

  Group.prototype.add = function (vp) {
    var group = this;
    this.viewports.push(vp);
    var canvas = vp.canvas;
    canvas.addEventListener("contextmenu", function (e) { e.preventDefault(); });
    canvas.addEventListener("wheel", function (e) {
      e.preventDefault();
      if (!vp.image) { return; }
      var p = group.imagePoint(vp, e);
      var factor = e.deltaY < 0 ? 1.25 : 0.8;
      var zoom = Math.min(64, Math.max(0.25, group.view.zoom * factor));
      var k = group.view.zoom / zoom;
      // Keep the image point under the cursor where it is.
      group.view.x = p.x - (p.x - group.view.x) * k;
      group.view.y = p.y - (p.y - group.view.y) * k;
      group.view.zoom = zoom;
      group.drawAll();
    }, { passive: false });
    canvas.addEventListener("mousedown", function (e) {
      if (!vp.image) { return; }
      var windowing = e.button === 2 || e.shiftKey;
      var start = { x: e.clientX, y: e.clientY, view: Object.assign({}, group.view),
                    centre: vp.window.centre, width: vp.window.width };
      var scale = group.scaleOf(vp);
      function move(m) {
        var dx = m.clientX - start.x, dy = m.clientY - start.y;
        if (windowing) {
          // Drag right: wider window; drag down: higher centre (darker), as on reading workstations.
          var unit = Math.max(start.width, 1) / 200;
          vp.setWindow(start.centre + dy * unit, Math.max(1, start.width + dx * unit));
        } else {
          group.view.x = start.view.x - dx / scale;
          group.view.y = start.view.y - dy / scale;
          group.drawAll();
        }
      }
      function up() { window.removeEventListener("mousemove", move); window.removeEventListener("mouseup", up); }
      window.addEventListener("mousemove", move);
      window.addEventListener("mouseup", up);
      e.preventDefault();
    });
  };

  Group.prototype.scaleOf = function (vp) {
    var img = vp.image, canvas = vp.canvas;
    return Math.min(canvas.width / img.width, canvas.height / img.height) * this.view.zoom;
  };

  Group.prototype.imagePoint = function (vp, e) {
    var rect = vp.canvas.getBoundingClientRect();
    var sx = (e.clientX - rect.left) * vp.canvas.width / rect.width;
    var sy = (e.clientY - rect.top) * vp.canvas.height / rect.height;
    var scale = this.scaleOf(vp);
    return { x: this.view.x + (sx - vp.canvas.width / 2) / scale, y: this.view.y + (sy - vp.canvas.height / 2) / scale };
  };

  Group.prototype.reset = function (width, height) {
    this.view = { zoom: 1, x: width / 2, y: height / 2 };
    this.drawAll();
  };

  Group.prototype.drawAll = function () {
    this.viewports.forEach(function (vp) { vp.draw(); });
    if (this.onView) { this.onView(this.view); }
  };

  return { fetchSamples: fetchSamples, percentileWindow: percentileWindow, difference: difference,
           Viewport: Viewport, Group: Group };
})();
