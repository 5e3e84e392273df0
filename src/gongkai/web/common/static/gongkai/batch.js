// Batch page (批量导入): ask the status endpoint once a second and update the counts, the progress bar and
// the per-file results until the batch is finished. Without JavaScript the page refreshes itself instead.
(function () {
  "use strict";
  var root = document.getElementById("batch");
  if (!root || !window.fetch || root.getAttribute("data-finished") === "1") return;
  var url = root.getAttribute("data-status-url");
  var bar = root.querySelector("progress");
  var actions = root.querySelector("[data-show-when=unfinished]");
  var rows = {};
  Array.prototype.forEach.call(root.querySelectorAll("tr[data-position]"), function (tr) {
    rows[tr.getAttribute("data-position")] = tr;
  });

  function field(name, value) {
    var el = root.querySelector("[data-field=" + name + "]");
    if (el) el.textContent = value;
    return el;
  }

  function showItem(item) {
    var tr = rows[item.position];
    if (!tr || tr.className === "st-" + item.status) return;
    tr.className = "st-" + item.status;
    var cell = tr.querySelector("td.result");
    cell.className = "result " + item.status;
    cell.textContent = "";
    if (item.url) {
      var a = document.createElement("a");
      a.href = item.url;
      a.textContent = item.message;
      cell.appendChild(a);
    } else if (item.status === "failed") {
      cell.textContent = "失败：" + item.message;
    } else if (item.status === "pending") {
      cell.textContent = "等待导入";
    } else {
      cell.textContent = item.message;
    }
  }

  function show(batch) {
    ["processed", "total", "created", "duplicate", "failed"].forEach(function (k) { field(k, batch[k]); });
    var label = field("status_label", batch.status_label);
    if (label) label.className = "batch-status bs-" + batch.status;
    var message = field("message", batch.message);
    if (message) message.hidden = !batch.message;
    bar.max = batch.total || 1;
    bar.value = batch.processed;
    bar.textContent = batch.percent + "%";
    batch.items.forEach(showItem);
    if (actions) actions.hidden = batch.finished && batch.status !== "failed";
  }

  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
      .then(function (batch) {
        show(batch);
        if (!batch.finished) window.setTimeout(poll, 1000);
      })
      .catch(function () {
        // Keep trying, more slowly: the import goes on in the background whatever happens to this page.
        field("message", "暂时无法获取进度（网络或登录状态问题），稍后自动重试；也可点击“刷新”。").hidden = false;
        window.setTimeout(poll, 5000);
      });
  }
  window.setTimeout(poll, 1000);
})();
