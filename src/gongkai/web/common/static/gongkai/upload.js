// Upload page: send the chosen files one at a time to the JSON endpoint, showing the transfer progress and
// then the library's answer for each. Without JavaScript the form posts all files to the page itself.
(function () {
  "use strict";
  var form = document.getElementById("upload-form");
  var queue = document.getElementById("upload-queue");
  if (!form || !window.FormData || !window.XMLHttpRequest) return;
  var api = form.getAttribute("data-api");
  var maxBytes = parseInt(form.getAttribute("data-max-bytes"), 10);
  var maxMb = form.getAttribute("data-max-mb");
  var token = form.querySelector("input[name=csrfmiddlewaretoken]").value;

  function item(file) {
    var li = document.createElement("li");
    li.className = "queued";
    var name = document.createElement("span");
    name.className = "filename";
    name.textContent = file.name;
    var bar = document.createElement("progress");
    bar.max = 100;
    bar.value = 0;
    var result = document.createElement("span");
    result.className = "result";
    result.textContent = "等待上传";
    li.appendChild(name);
    li.appendChild(bar);
    li.appendChild(result);
    queue.appendChild(li);
    return { li: li, bar: bar, result: result };
  }

  function show(row, status, text, url) {
    row.li.className = "st-" + status;
    row.result.className = "result " + status;
    row.result.textContent = "";
    if (url) {
      var a = document.createElement("a");
      a.href = url;
      a.textContent = text;
      row.result.appendChild(a);
    } else {
      row.result.textContent = text;
    }
  }

  function send(file, row, agency) {
    return new Promise(function (resolve) {
      if (file.size > maxBytes) {
        row.bar.style.visibility = "hidden"; // keep the grid column so the reason lines up
        show(row, "failed", "失败：文件超过 " + maxMb + " MB 上限。");
        return resolve();
      }
      var data = new FormData();
      data.append("file", file);
      data.append("agency", agency);
      var xhr = new XMLHttpRequest();
      xhr.open("POST", api);
      xhr.setRequestHeader("X-CSRFToken", token);
      xhr.setRequestHeader("Accept", "application/json");
      xhr.upload.onprogress = function (e) {
        if (e.lengthComputable) row.bar.value = Math.round((e.loaded / e.total) * 100);
        row.result.textContent = row.bar.value < 100 ? "上传中 " + row.bar.value + "%" : "正在读取和检查…";
      };
      xhr.onload = function () {
        row.bar.value = 100;
        var body = null;
        try { body = JSON.parse(xhr.responseText); } catch (e) { body = null; }
        if (body && (body.status === "created" || body.status === "duplicate" || body.status === "queued")) {
          // The server words the outcome (a duplicate says whether it is the same file or the same report).
          show(row, body.status, body.message, body.url);
        } else if (body && body.message) {
          show(row, "failed", "失败：" + body.message);
        } else if (xhr.status === 403) {
          show(row, "failed", "失败：安全校验未通过或登录已过期，请刷新页面后重试。");
        } else if (xhr.status === 413) {
          show(row, "failed", "失败：文件过大，服务器拒绝接收。");
        } else {
          show(row, "failed", "失败：服务器错误（" + xhr.status + "），请稍后重试。");
        }
        resolve();
      };
      xhr.onerror = function () {
        show(row, "failed", "失败：网络中断，文件未上传。");
        resolve();
      };
      xhr.send(data);
    });
  }

  form.addEventListener("submit", function (ev) {
    var input = form.querySelector("input[type=file]");
    if (!input.files.length) return;
    ev.preventDefault();
    var files = Array.prototype.slice.call(input.files);
    var agency = form.querySelector("input[name=agency]").value;
    var button = form.querySelector("button[type=submit]");
    button.disabled = true;
    var rows = files.map(item);
    // One at a time: parsing is CPU-bound on the server and each answer arrives in order.
    files.reduce(function (p, file, i) {
      return p.then(function () { return send(file, rows[i], agency); });
    }, Promise.resolve()).then(function () {
      button.disabled = false;
      input.value = "";
    });
  });
})();
