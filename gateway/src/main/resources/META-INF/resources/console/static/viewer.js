/* The before/after viewer: original, deblurred and their difference in linked viewports, an A/B flicker. */
"use strict";
(function () {
  var root = document.getElementById("viewer");
  if (!root) { return; }
  var d = root.dataset;
  var uid = d.uid, width = +d.width, height = +d.height, channels = +d.channels;
  var signed = d.signed === "true", invert = d.photometric === "MONOCHROME1";
  var frameSelect = document.getElementById("frame");
  var centreInput = document.getElementById("window-centre"), widthInput = document.getElementById("window-width");
  var flickerButton = document.getElementById("flicker");
  var labels = { a: document.getElementById("label-a"), b: document.getElementById("label-b"),
                 diff: document.getElementById("label-diff") };
  var status = document.getElementById("viewer-status");

  var group = new DGImaging.Group();
  var original = new DGImaging.Viewport(document.getElementById("canvas-original"), group);
  var derived = new DGImaging.Viewport(document.getElementById("canvas-derived"), group);
  var diff = new DGImaging.Viewport(document.getElementById("canvas-difference"), group);
  var frames = { a: null, b: null };
  var auto = null;
  var flicker = null;

  function sizeCanvases() {
    var panel = document.querySelector(".viewport");
    var w = Math.max(200, Math.floor(panel.clientWidth));
    // As tall as the image needs, but within the window below the views' top edge (the whole image in sight).
    var room = window.innerHeight - panel.getBoundingClientRect().top - 16;
    var h = Math.max(240, Math.min(Math.round(w * height / width), Math.round(room)));
    [original, derived, diff].forEach(function (vp) { vp.canvas.width = w; vp.canvas.height = h; });
  }

  // Original and deblurred share one window (the comparison is only fair that way); the difference has its own.
  function setSharedWindow(centre, w) {
    centreInput.value = Math.round(centre);
    widthInput.value = Math.round(w);
    original.window = { centre: centre, width: w };
    derived.window = { centre: centre, width: w };
    if (frames.a) { original.paintOffscreen(); original.draw(); derived.paintOffscreen(); derived.draw(); }
    labels.a.dataset.window = labels.b.dataset.window = "C " + Math.round(centre) + " W " + Math.round(w);
    refreshLabels();
  }
  original.onWindow = derived.onWindow = function (w) { setSharedWindow(w.centre, w.width); };
  diff.onWindow = function (w) { labels.diff.dataset.window = "C 0 W " + Math.round(w.width); refreshLabels(); };

  function refreshLabels() {
    var showingB = flicker && flicker.showing === "b";
    labels.a.textContent = (showingB ? "B: deblurred" : "A: original") + " · " + (labels.a.dataset.window || "");
    labels.b.textContent = "deblurred · " + (labels.b.dataset.window || "");
    labels.diff.textContent = "difference (deblurred − original) · " + (labels.diff.dataset.window || "");
  }

  function load(index) {
    var option = frameSelect.options[frameSelect.selectedIndex];
    status.textContent = "Loading frame " + (index + 1) + "…";
    var base = "/console/previews/" + uid + "/frames/" + index + "/";
    Promise.all([DGImaging.fetchSamples(base + "original", signed), DGImaging.fetchSamples(base + "derived", signed)])
      .then(function (pair) {
        frames.a = { width: width, height: height, channels: channels, values: pair[0], invert: invert };
        frames.b = { width: width, height: height, channels: channels, values: pair[1], invert: invert };
        auto = { centre: +option.dataset.centre, width: +option.dataset.width };
        original.image = frames.a;
        derived.image = frames.b;
        setSharedWindow(auto.centre, auto.width);
        var dd = DGImaging.difference(pair[0], pair[1]);
        // Same polarity as the images: for MONOCHROME1 (shown inverted) a raised value is darker, so is its difference.
        diff.show({ width: width, height: height, channels: channels, values: dd.values, invert: invert }, dd.window);
        diff.onWindow(diff.window);
        document.getElementById("score-frame").textContent = option.dataset.blurIn + " → " + option.dataset.blurOut;
        group.reset(width, height);
        status.textContent = "";
        root.dataset.drawn = "true";
      })
      .catch(function (e) { status.textContent = "Cannot load frame " + (index + 1) + ": " + e.message; });
  }

  function toggleFlicker() {
    if (flicker) {
      clearInterval(flicker.timer);
      flicker = null;
      original.image = frames.a;
      original.paintOffscreen();
      original.draw();
      flickerButton.setAttribute("aria-pressed", "false");
      flickerButton.textContent = "A/B flicker";
    } else {
      flicker = { showing: "a", timer: setInterval(function () {
        flicker.showing = flicker.showing === "a" ? "b" : "a";
        original.image = flicker.showing === "a" ? frames.a : frames.b;
        original.paintOffscreen();
        original.draw();
        root.dataset.flickerShowing = flicker.showing;
        refreshLabels();
      }, 600) };
      flickerButton.setAttribute("aria-pressed", "true");
      flickerButton.textContent = "Stop flicker";
    }
    root.dataset.flicker = flicker ? "on" : "off";
    refreshLabels();
  }

  frameSelect.addEventListener("change", function () { load(+frameSelect.value); });
  document.getElementById("window-form").addEventListener("submit", function (e) {
    e.preventDefault();
    setSharedWindow(+centreInput.value, Math.max(1, +widthInput.value));
  });
  document.getElementById("window-auto").addEventListener("click", function () {
    if (auto) { setSharedWindow(auto.centre, auto.width); }
  });
  document.getElementById("window-full").addEventListener("click", function () {
    var bits = +d.bits, lo = signed ? -(1 << (bits - 1)) : 0, hi = signed ? (1 << (bits - 1)) - 1 : (1 << bits) - 1;
    setSharedWindow((lo + hi + 1) / 2, hi - lo + 1);
  });
  document.getElementById("view-reset").addEventListener("click", function () { group.reset(width, height); });
  flickerButton.addEventListener("click", toggleFlicker);
  document.addEventListener("keydown", function (e) {
    if (e.target.tagName !== "INPUT" && (e.key === "f" || e.key === "F")) { toggleFlicker(); }
  });
  group.onView = function (view) {
    document.getElementById("zoom").textContent = Math.round(view.zoom * 100) + " %";
  };
  window.addEventListener("resize", function () { sizeCanvases(); group.drawAll(); });

  sizeCanvases();
  load(0);
})();
