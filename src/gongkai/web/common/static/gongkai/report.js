// Report page: clicking a figure highlights its evidence in the source pane; clicking a finding highlights
// the cells it points at. Offsets from the server are UTF-16 units, the same as JavaScript string indexes.
(function () {
  "use strict";
  var pre = document.getElementById("source-text");
  var status = document.getElementById("source-status");
  if (!pre) return;
  var original = pre.textContent;
  var crop = document.getElementById("source-crop");

  // A figure read from a scanned page by OCR: its place on the page image is the evidence to check.
  function showCrop(cell) {
    if (!crop) return;
    var url = cell.getAttribute("data-ev-crop");
    if (!url) {
      crop.hidden = true;
      return;
    }
    var img = crop.querySelector("img");
    img.src = url;
    img.alt = "扫描原图中“" + (cell.getAttribute("data-ev-quote") || "") + "”所在的一行";
    crop.querySelector("figcaption").textContent =
      "扫描原图（红框为识别出的数字，识别置信度 " + cell.getAttribute("data-ev-conf") + "）";
    crop.hidden = false;
  }

  function clearMarks() {
    if (pre.querySelector("mark")) pre.textContent = original;
    document.querySelectorAll(".fig.active, .finding.active, .fig.flash").forEach(function (el) {
      el.classList.remove("active", "flash");
    });
  }

  function showEvidence(cell) {
    clearMarks();
    cell.classList.add("active");
    showCrop(cell);
    var start = parseInt(cell.getAttribute("data-ev-start"), 10);
    var len = parseInt(cell.getAttribute("data-ev-len"), 10);
    var quote = cell.getAttribute("data-ev-quote") || "";
    if (!(start >= 0) || original.substr(start, len) !== quote) {
      start = original.indexOf(quote); // offsets disagree with the text: fall back to the quote itself
      len = quote.length;
    }
    if (start < 0) {
      status.textContent = "原文中未找到出处：" + quote;
      return;
    }
    var node = pre.firstChild;
    var range = document.createRange();
    range.setStart(node, start);
    range.setEnd(node, start + len);
    var mark = document.createElement("mark");
    range.surroundContents(mark);
    status.textContent = "出处：" + quote;
    // Scroll only the pane (not the page) so the table stays where the reader is looking.
    pre.scrollTop = mark.offsetTop - pre.offsetTop - pre.clientHeight / 3;
    if (window.matchMedia("(max-width: 1100px)").matches) mark.scrollIntoView({ block: "center" });
  }

  document.addEventListener("click", function (ev) {
    var cell = ev.target.closest(".fig.has-ev");
    if (cell) {
      showEvidence(cell);
      return;
    }
    var btn = ev.target.closest(".finding button");
    if (btn) {
      clearMarks();
      var p = btn.getAttribute("data-pointer");
      btn.parentNode.classList.add("active");
      if (!p) return;
      var cells = Array.prototype.filter.call(document.querySelectorAll(".fig[data-pointer]"), function (c) {
        var cp = c.getAttribute("data-pointer");
        return cp === p || cp.indexOf(p.replace(/\/$/, "") + "/") === 0;
      });
      cells.forEach(function (c) { c.classList.add("flash"); });
      if (cells.length) cells[0].scrollIntoView({ behavior: "smooth", block: "center" });
      else status.textContent = "该问题涉及的数字未在表中列出";
    }
  });
  // A link to "#fig=/pointer" (from the comparison table) opens the page with that figure's source shown.
  var hash = decodeURIComponent(location.hash || "");
  if (hash.indexOf("#fig=") === 0) {
    var target = document.querySelector('.fig.has-ev[data-pointer="' + hash.slice(5).replace(/"/g, "") + '"]');
    if (target) {
      showEvidence(target);
      target.scrollIntoView({ block: "center" });
    }
  }

  document.addEventListener("keydown", function (ev) {
    if ((ev.key === "Enter" || ev.key === " ") && ev.target.matches && ev.target.matches(".fig.has-ev")) {
      ev.preventDefault();
      showEvidence(ev.target);
    }
  });
})();
