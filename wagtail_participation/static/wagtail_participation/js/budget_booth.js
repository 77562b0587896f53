/* The voting booth, enhanced: a live basket while choosing. Without this script the booth works
   the same through "Update my basket" (the server recomputes it). The status line is an
   aria-live region, so screen readers hear what is left after each change (debounced). */
(function () {
  "use strict";
  var form = document.querySelector("[data-booth]");
  var basket = document.getElementById("wp-basket");
  if (!form || !basket) { return; }
  var status = document.getElementById("wp-basket-status");
  var spentLine = document.getElementById("wp-basket-spent");
  var bar = basket.querySelector(".wp-meter__bar");
  var kind = basket.dataset.kind;
  var budget = parseInt(basket.dataset.budget, 10) || 0;
  var points = parseInt(basket.dataset.points, 10) || 0;
  var limit = parseInt(basket.dataset.limit, 10) || 0;
  // Money is written the server's way (wagtail_participation.money), not Intl's, so the live
  // basket and the server-rendered page never show one amount two ways.
  var moneyPattern = basket.dataset.moneyPattern || "{amount}";
  var moneyGroup = basket.dataset.moneyGroup || "";
  var euro = {
    format: function (amount) {
      var digits = String(Math.abs(Math.round(amount))).replace(/\B(?=(\d{3})+(?!\d))/g, moneyGroup);
      return (amount < 0 ? "-" : "") + moneyPattern.replace("{amount}", digits);
    }
  };
  var timer = null;

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (match, key) { return key in values ? values[key] : match; });
  }

  function measure() {
    var spent = 0, count = 0, used = 0;
    form.querySelectorAll(".wp-booth__project").forEach(function (item) {
      var input = item.querySelector("input");
      if (!input) { return; }
      var chosen, value = 0;
      if (input.type === "checkbox") { chosen = input.checked; }
      else { value = parseInt(input.value, 10); chosen = !isNaN(value) && value > 0; }
      item.classList.toggle("wp-booth__project--chosen", chosen);
      if (chosen) {
        count += 1;
        spent += parseInt(item.dataset.cost, 10) || 0;
        if (kind === "cumulative") { used += value; }
      }
    });
    return { spent: spent, count: count, used: used };
  }

  function text(m) {
    var d = basket.dataset;
    if (kind === "cumulative") { return fill(d.tPoints, { left: points - m.used, total: points }); }
    if (kind === "knapsack") {
      if (m.spent > budget) { return fill(d.tOver, { over: euro.format(m.spent - budget), total: euro.format(budget) }); }
      return fill(d.tLeft, { left: euro.format(budget - m.spent), total: euro.format(budget) });
    }
    if (limit) { return fill(d.tCount, { count: m.count, limit: limit }); }
    return fill(m.count === 1 ? d.tCountOpenOne : d.tCountOpen, { count: m.count });
  }

  function update() {
    var m = measure();
    if (bar) {
      var share = kind === "cumulative" ? (points ? m.used / points : 0) : (budget ? m.spent / budget : 0);
      // The length is a wp-len-N class (charts.css), as the server renders it: no style attribute.
      var length = "wp-len-" + Math.max(0, Math.min(100, Math.round(share * 100)));
      Array.prototype.slice.call(bar.classList).forEach(function (name) {
        if (/^wp-len-\d+$/.test(name) && name !== length) { bar.classList.remove(name); }
      });
      bar.classList.add(length);
      bar.classList.toggle("wp-meter__bar--over", share > 1);
    }
    if (spentLine) {
      var template = m.count === 1 ? basket.dataset.tSpentOne : basket.dataset.tSpent;
      spentLine.textContent = fill(template, { count: m.count, spent: euro.format(m.spent) });
    }
    window.clearTimeout(timer);
    timer = window.setTimeout(function () { status.textContent = text(m); }, 350);
  }

  form.addEventListener("change", update);
  form.addEventListener("input", update);
})();
