// Staff pages: the decision form's suggested basis, the fee amount preview, the receipt rule of a channel.
(function () {
  "use strict";
  var dataNode = document.getElementById("outcome-data");
  var outcomes = dataNode ? JSON.parse(dataNode.textContent) : {};

  document.querySelectorAll("form[data-decide]").forEach(function (form) {
    var outcome = form.querySelector("[name=outcome]");
    var variant = form.querySelector("[name=variant]");
    var basis = form.querySelector("[name=basis]");
    var lastSuggested = basis.value;
    function suggested() {
      var o = outcomes[outcome.value];
      if (!o) return "";
      var v = variant.value;
      return (v && o.variants[v] !== undefined) ? o.variants[v] : o.basis;
    }
    function sync() {
      var o = outcomes[outcome.value];
      // Offer only the variants this outcome has.
      Array.prototype.forEach.call(variant.options, function (opt) {
        opt.hidden = !!opt.value && !(o && o.variants[opt.value] !== undefined);
      });
      if (variant.selectedOptions[0] && variant.selectedOptions[0].hidden) variant.value = "";
      form.classList.toggle("show-other", variant.value === "not_this_agency");
      // Fill the suggestion unless staff have written their own basis.
      var s = suggested();
      if (!basis.value.trim() || basis.value === lastSuggested) basis.value = s;
      lastSuggested = s;
    }
    form.classList.add("js-ready");
    outcome.addEventListener("change", sync);
    variant.addEventListener("change", sync);
    lastSuggested = basis.value ? basis.value : "";
    if (!basis.value.trim()) sync(); else form.classList.toggle("show-other", variant.value === "not_this_agency");
  });

  document.querySelectorAll("form[data-fee-preview]").forEach(function (form) {
    var out = form.querySelector(".fee-preview");
    var timer = null;
    function update() {
      var method = form.querySelector("[name=method]:checked");
      var units = form.querySelector("[name=units]").value;
      if (!method || !units) { out.textContent = ""; return; }
      var url = form.dataset.feePreview + "?method=" + encodeURIComponent(method.value) + "&units=" + encodeURIComponent(units);
      fetch(url, {credentials: "same-origin"}).then(function (r) { return r.json(); }).then(function (d) {
        out.textContent = d.error ? d.error : "预计金额：" + d.text;
      }).catch(function () { out.textContent = ""; });
    }
    form.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(update, 250); });
    form.addEventListener("change", update);
  });

  var channel = document.querySelector(".register-form [name=channel]");
  if (channel) {
    var mark = function () {
      document.querySelectorAll(".rules li").forEach(function (li) {
        li.classList.toggle("active", li.dataset.channel === channel.value);
      });
    };
    channel.addEventListener("change", mark);
    mark();
  }
})();
