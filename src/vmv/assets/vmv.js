// vmv's behaviour in the browser: onboarding checklists, the values
// self-check, print buttons. Plain JavaScript, no framework; works with
// Material's instant navigation (document$) and without it. With JavaScript
// off the pages stay readable lists.
(function () {
  "use strict";

  function storageKey(list) {
    return "vmv:onboarding:" + list.dataset.vmvSite;
  }

  function load(list) {
    try {
      return JSON.parse(localStorage.getItem(storageKey(list))) || {};
    } catch (error) {
      return {};
    }
  }

  function save(list, ticks) {
    try {
      localStorage.setItem(storageKey(list), JSON.stringify(ticks));
    } catch (error) {
      // Storage may be full or disabled; the checklist still works for this visit.
    }
  }

  function setUpChecklist(list) {
    if (list.dataset.vmvReady) return;
    list.dataset.vmvReady = "true";
    var progress = document.querySelector("[data-vmv-progress]");
    var steps = Array.prototype.slice.call(list.querySelectorAll(".vmv-step"));
    var ticks = load(list);

    function update() {
      var done = steps.filter(function (step) {
        var tick = ticks[step.dataset.step];
        return tick && tick.fingerprint === step.dataset.fingerprint;
      });
      steps.forEach(function (step) {
        var box = step.querySelector("input.vmv-tick");
        box.checked = done.indexOf(step) !== -1;
        step.classList.toggle("vmv-step--done", box.checked);
      });
      if (progress) {
        progress.querySelector("[data-vmv-done]").textContent = String(done.length);
        progress.querySelector("progress").value = done.length;
      }
    }

    steps.forEach(function (step) {
      var title = step.querySelector(".vmv-step__title");
      var box = document.createElement("input");
      box.type = "checkbox";
      box.className = "vmv-tick";
      box.id = "tick-" + step.dataset.step;
      box.setAttribute("aria-label", "Done: " + (title ? title.textContent.trim() : step.dataset.step));
      box.addEventListener("change", function () {
        if (box.checked) {
          ticks[step.dataset.step] = {
            fingerprint: step.dataset.fingerprint,
            edition: list.dataset.vmvEdition,
          };
        } else {
          delete ticks[step.dataset.step];
        }
        save(list, ticks);
        update();
      });
      step.insertBefore(box, step.firstChild);
    });

    if (progress) {
      progress.hidden = false;
      progress.querySelector("[data-vmv-reset]").addEventListener("click", function () {
        steps.forEach(function (step) {
          delete ticks[step.dataset.step];
        });
        save(list, ticks);
        update();
      });
    }
    update();
  }

  function setUpScenario(scenario) {
    if (scenario.dataset.vmvReady) return;
    scenario.dataset.vmvReady = "true";
    var answers = scenario.querySelector(".vmv-answers");
    var key = scenario.querySelector(".vmv-answer-key");
    var feedback = scenario.querySelector(".vmv-feedback");
    var more = key.querySelector("a");
    answers.hidden = false;
    // The answer key is for readers without JavaScript; here it would give the answers away.
    key.style.display = "none";
    answers.querySelector("[data-vmv-check]").addEventListener("click", function () {
      var chosen = answers.querySelector("input[type=radio]:checked");
      feedback.textContent = "";
      if (!chosen) {
        feedback.textContent = "Pick an answer first.";
        return;
      }
      var entry = key.querySelector('[data-answer="' + chosen.value + '"]');
      var best = entry.dataset.best === "true";
      var verdict = document.createElement("p");
      verdict.className = best ? "vmv-feedback__best" : "vmv-feedback__other";
      verdict.textContent = best ? "That is the best answer." : "Not the best answer.";
      var why = document.createElement("p");
      why.innerHTML = entry.querySelector(".vmv-answer-feedback").innerHTML;

      feedback.appendChild(verdict);
      feedback.appendChild(why);
      if (!best) {
        var answer = key.querySelector('[data-best="true"] strong');
        if (answer) {
          var right = document.createElement("p");
          right.appendChild(document.createTextNode("The best answer: "));
          var text = document.createElement("strong");
          text.textContent = answer.textContent;
          right.appendChild(text);
          feedback.appendChild(right);
        }
      }
      if (more) {

        var link = document.createElement("p");
        link.appendChild(document.createTextNode("Read more: "));
        link.appendChild(more.cloneNode(true));
        feedback.appendChild(link);
      }
    });
  }

  function showScriptedParts() {
    document.querySelectorAll("[data-vmv-needs-script]").forEach(function (part) {
      part.hidden = false;
    });
  }

  function setUpPrint() {
    document.querySelectorAll("[data-vmv-print]").forEach(function (button) {
      if (button.dataset.vmvReady) return;
      button.dataset.vmvReady = "true";
      button.addEventListener("click", function () {
        window.print();
      });
    });
  }

  function nameTheSearchDialog() {
    // Material's search box is a dialog without a name, which screen readers need.
    var search = document.querySelector(".md-search[role=dialog]");
    if (search && !search.hasAttribute("aria-label")) search.setAttribute("aria-label", "Search");
  }

  function setUpFilters(form) {
    if (form.dataset.vmvReady) return;
    form.dataset.vmvReady = "true";
    var value = form.querySelector("select[name=value]");
    var area = form.querySelector("select[name=area]");
    var count = form.querySelector("[data-vmv-count]");
    var copy = form.querySelector("[data-vmv-copy-link]");
    var items = Array.prototype.slice.call(document.querySelectorAll(".vmv-questions > li"));
    var headings = Array.prototype.slice.call(document.querySelectorAll("h2[data-vmv-area]"));
    var address = new URL(location.href);

    function choose(select, wanted) {
      var known = Array.prototype.some.call(select.options, function (option) {
        return option.value === wanted;
      });
      select.value = known ? wanted : "";
    }

    function apply() {
      var shown = 0;
      var areasShown = {};
      items.forEach(function (item) {
        var values = (item.dataset.vmvValues || "").split(" ");
        var visible = (!value.value || values.indexOf(value.value) !== -1) &&
          (!area.value || item.dataset.vmvArea === area.value);
        item.hidden = !visible;
        if (visible) {
          shown += 1;
          areasShown[item.dataset.vmvArea] = true;
        }
      });
      headings.forEach(function (heading) {
        var visible = Boolean(areasShown[heading.dataset.vmvArea]);
        heading.hidden = !visible;
        var list = heading.nextElementSibling;
        if (list) list.hidden = !visible;
      });
      count.textContent = String(shown);
      var next = new URL(location.href);
      next.searchParams.delete("value");
      next.searchParams.delete("area");
      if (value.value) next.searchParams.set("value", value.value);
      if (area.value) next.searchParams.set("area", area.value);
      history.replaceState(history.state, "", next.href);
    }

    choose(value, address.searchParams.get("value") || "");
    choose(area, address.searchParams.get("area") || "");
    value.addEventListener("change", apply);
    area.addEventListener("change", apply);
    copy.addEventListener("click", function () {
      var done = function () {
        copy.textContent = "Link copied";
      };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(location.href).then(done, function () {
          copy.textContent = "Copy the address bar";
        });
      } else {
        copy.textContent = "Copy the address bar";
      }
    });
    form.hidden = false;
    apply();
  }

  function setUp() {
    nameTheSearchDialog();
    showScriptedParts();

    document.querySelectorAll("[data-vmv-filters]").forEach(setUpFilters);


    document.querySelectorAll("ol.vmv-steps").forEach(setUpChecklist);
    document.querySelectorAll(".vmv-scenario").forEach(setUpScenario);
    setUpPrint();
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setUp);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
