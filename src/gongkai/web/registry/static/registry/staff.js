// Registry staff pages: progressive enhancement only; every form works without it.
(function () {
  "use strict";

  // The draft form: the reason, legal basis and review date only when the item is not 主动公开; the validity
  // only for 规章 and 规范性文件; the interpreted policy only for 政策解读.
  function toggleItemForm(form) {
    var attribute = form.querySelector("input[name=attribute]:checked");
    var withheld = attribute && attribute.value !== "active";
    ["withholding_reason", "withholding_basis", "attribute_review_on"].forEach(function (name) {
      var field = form.querySelector(".field-" + name);
      if (field) field.classList.toggle("is-hidden", !withheld && !field.classList.contains("has-error"));
    });
    var genre = form.querySelector("select[name=genre]");
    var validityGenres = (form.dataset.validityGenres || "").split(",");
    var hasValidity = genre && validityGenres.indexOf(genre.value) >= 0;
    ["validity"].forEach(function (name) {
      var field = form.querySelector(".field-" + name);
      if (field) field.classList.toggle("is-hidden", !hasValidity && !field.classList.contains("has-error"));
    });
    var interprets = form.querySelector(".field-interprets");
    if (interprets) {
      interprets.classList.toggle("is-hidden", !(genre && genre.value === "interpretation") &&
                                                !interprets.classList.contains("has-error"));
    }
  }

  document.querySelectorAll("form.js-item-form").forEach(function (form) {
    form.classList.add("js-ready");
    form.addEventListener("change", function () { toggleItemForm(form); });
    toggleItemForm(form);
  });

  // A filter box above long selects (policies, successors, gazette candidates): typing narrows the options
  // by title or 文号.
  document.querySelectorAll("select.js-searchable").forEach(function (select) {
    if (select.options.length < 8) return;
    var box = document.createElement("input");
    box.type = "search";
    box.className = "search-filter";
    box.placeholder = "输入标题或文号筛选";
    box.setAttribute("aria-label", "筛选选项");
    select.parentNode.insertBefore(box, select);
    box.addEventListener("input", function () {
      var needle = box.value.trim();
      Array.prototype.forEach.call(select.options, function (option) {
        option.hidden = needle !== "" && option.value !== "" && option.text.indexOf(needle) < 0;
      });
    });
  });
})();
