/* Try it: the file goes up as the request body (progress from XMLHttpRequest's upload events), the answer is JSON. */
"use strict";
(function () {
  var form = document.getElementById("try-form");
  if (!form) { return; }
  var fileInput = document.getElementById("try-file"), progress = document.getElementById("try-progress");
  var status = document.getElementById("try-status"), button = document.getElementById("try-run");
  var max = +form.dataset.max;
  var csrf = document.querySelector("meta[name=csrf-token]").content;
  var group = new DGImaging.Group();
  var before = new DGImaging.Viewport(document.getElementById("try-canvas-in"), group);
  var after = new DGImaging.Viewport(document.getElementById("try-canvas-out"), group);
  var auto = null, size = null;

  function setWindow(c, w) {
    document.getElementById("try-centre").value = Math.round(c);
    document.getElementById("try-width").value = Math.round(w);
    before.window = after.window = { centre: c, width: w };
    if (before.image) { before.paintOffscreen(); before.draw(); after.paintOffscreen(); after.draw(); }
  }
  before.onWindow = after.onWindow = function (w) { setWindow(w.centre, w.width); };

  function fail(message) {
    status.textContent = message;
    status.className = "error";
    progress.hidden = true;
    button.disabled = false;
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var file = fileInput.files[0];
    if (!file) { fail("Choose a file first."); return; }
    if (file.size > max) {
      fail(file.name + " is " + file.size + " bytes, more than the " + max + " Try it accepts.");
      return;
    }
    var url = "/console/try-it/runs?name=" + encodeURIComponent(file.name)
      + "&model=" + encodeURIComponent(document.getElementById("try-model").value)
      + "&keep=" + document.getElementById("try-keep").checked;
    var xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    xhr.setRequestHeader("Content-Type", "application/octet-stream");
    xhr.setRequestHeader("X-CSRF-TOKEN", csrf);
    xhr.responseType = "json";
    xhr.upload.onprogress = function (p) {
      if (p.lengthComputable) {
        progress.value = Math.round(100 * p.loaded / p.total);
        status.textContent = "Uploading " + progress.value + " %";
      }
    };
    xhr.upload.onload = function () { status.textContent = "Uploaded; deblurring…"; };
    xhr.onerror = function () { fail("The upload failed (connection lost?)."); };
    xhr.onload = function () {
      var body = xhr.response || {};
      if (xhr.status !== 200) { fail(body.error || ("HTTP " + xhr.status)); return; }
      show(body);
    };
    button.disabled = true;
    progress.hidden = false;
    progress.value = 0;
    status.className = "muted";
    status.textContent = "Uploading…";
    xhr.send(file);
  });

  function show(r) {
    var base = "/console/try-it/runs/" + r.id + "/";
    Promise.all([DGImaging.fetchSamples(base + "input.raw", r.signed), DGImaging.fetchSamples(base + "output.raw", r.signed)])
      .then(function (pair) {
        document.getElementById("try-result").hidden = false;
        document.getElementById("try-title").textContent = r.name + " · " + r.kind + " " + r.width + " × "
          + r.height + ", " + r.bitsStored + " bit" + (r.channels === 3 ? " RGB" : "") + " · " + r.model;
        document.getElementById("try-score-in").textContent = r.blurScoreIn.toFixed(3);
        document.getElementById("try-score-out").textContent = r.blurScoreOut.toFixed(3);
        document.getElementById("try-millis").textContent = r.networkMillis;
        document.getElementById("try-label-in").textContent = "original · blur score " + r.blurScoreIn.toFixed(3);
        document.getElementById("try-label-out").textContent = "deblurred (" + r.model + ") · blur score "
          + r.blurScoreOut.toFixed(3);
        document.getElementById("try-note").textContent = [r.note,
          r.bitsStored > 8 ? "16-bit PNG, values as stored" : "8-bit PNG",
          r.kind === "DICOM" ? "PNG only: the derived DICOM instance is what the pipeline writes" : ""]
          .filter(function (s) { return s; }).join(" · ");
        var link = document.getElementById("try-download");
        link.href = r.download;
        link.setAttribute("download", r.downloadName);
        var kept = document.getElementById("try-kept");
        kept.hidden = !r.kept;
        kept.textContent = r.kept ? "Kept: the upload and the deblurred PNG are in " + r.kept : "";
        size = { width: r.width, height: r.height };
        var panel = document.querySelector("#try-result .viewport");
        var w = Math.max(200, panel.clientWidth);
        // As tall as the image needs, but within the window below the views' top edge (the whole image in sight).
        var room = window.innerHeight - panel.getBoundingClientRect().top - 16;
        var h = Math.max(240, Math.min(Math.round(w * r.height / r.width), Math.round(room)));
        [before, after].forEach(function (vp) { vp.canvas.width = w; vp.canvas.height = h; });
        var img = function (values) {
          return { width: r.width, height: r.height, channels: r.channels, values: values, invert: r.invert };
        };
        before.image = img(pair[0]);
        after.image = img(pair[1]);
        auto = DGImaging.percentileWindow(pair[0]);
        setWindow(auto.centre, auto.width);
        group.reset(r.width, r.height);
        status.className = "muted";
        status.textContent = "Done in " + r.totalMillis + " ms on the server.";
        progress.hidden = true;
        button.disabled = false;
        document.body.dataset.tryItDone = r.id;
      })
      .catch(function (e) { fail("Cannot show the result: " + e.message); });
  }

  document.getElementById("try-window").addEventListener("submit", function (e) {
    e.preventDefault();
    setWindow(+document.getElementById("try-centre").value, Math.max(1, +document.getElementById("try-width").value));
  });
  document.getElementById("try-auto").addEventListener("click", function () { if (auto) { setWindow(auto.centre, auto.width); } });
  document.getElementById("try-fit").addEventListener("click", function () { if (size) { group.reset(size.width, size.height); } });
})();
