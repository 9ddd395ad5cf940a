// vmv's behaviour in the browser: onboarding checklists, the values
// self-check and its score, progress on Start here, filters of the question
// bank and the decision log, print buttons. Plain JavaScript, no framework;
// works with Material's instant navigation (document$) and without it. With
// JavaScript off the pages stay readable lists.
(function () {
  "use strict";

  // vmv's messages, in English. A page in another language (or with a company's own
  // words) carries its own as JSON in #vmv-labels (theme/main.html, theme_labels.py).
  var ENGLISH = {
    "a11y.search": "Search",
    "a11y.table_scrolls": "Table, scrolls sideways",
    "onboarding.tick_label": "Done: {step}",
    "question_bank.copy_address_bar": "Copy the address bar",
    "question_bank.link_copied": "Link copied",
    "self_check.feedback_best_answer": "The best answer: {answer}",
    "self_check.feedback_read_more": "Read more: {value}",
    "self_check.pick_first": "Pick an answer first.",
    "self_check.verdict_best": "That is the best answer.",
    "self_check.verdict_not_best": "Not the best answer.",
  };

  function labelOf(key) {
    var element = document.getElementById("vmv-labels");
    try {
      var labels = element ? JSON.parse(element.textContent) : {};
      if (typeof labels[key] === "string") return labels[key];
    } catch (error) {
      // Unreadable: vmv's English.
    }
    return ENGLISH[key];
  }

  // The label `key` as nodes: its text, each {name} replaced by parts[name] (a node, or
  // text), and {{ }} by braces. Never parsed as HTML.
  function labelNodes(key, parts) {
    var fragment = document.createDocumentFragment();
    labelOf(key).split(/(\{\{|\}\}|\{[A-Za-z_][A-Za-z0-9_]*\})/).forEach(function (piece) {
      var name = /^\{([A-Za-z_][A-Za-z0-9_]*)\}$/.exec(piece);
      var part = piece === "{{" ? "{" : piece === "}}" ? "}" : piece;
      if (name && parts && Object.prototype.hasOwnProperty.call(parts, name[1])) part = parts[name[1]];
      fragment.appendChild(typeof part === "string" ? document.createTextNode(part) : part);
    });
    return fragment;
  }

  function label(key, parts) {
    return labelNodes(key, parts).textContent;
  }

  // What a reader has done is kept in this browser only, one entry per company (its site
  // key) and kind: ticks of path steps, answers of the self-check. Each item keeps the
  // fingerprint of the content it was given for: a new edition asks again only where that
  // content changed.
  function load(kind, site) {
    try {
      return JSON.parse(localStorage.getItem("vmv:" + kind + ":" + site)) || {};
    } catch (error) {
      return {};
    }
  }

  function save(kind, site, entries) {
    try {
      localStorage.setItem("vmv:" + kind + ":" + site, JSON.stringify(entries));
    } catch (error) {
      // Storage may be full or disabled; the page still works for this visit.
    }
  }

  function isCurrent(entry, fingerprint) {
    return Boolean(entry) && entry.fingerprint === fingerprint;
  }

  // "id:fingerprint id:fingerprint", as Start here lists a path's steps or the situations.
  function itemsOf(text) {
    return (text || "").split(" ").filter(Boolean).map(function (pair) {
      var parts = pair.split(":");
      return { id: parts[0], fingerprint: parts[1] };
    });
  }

  function show(element, count) {
    element.querySelectorAll("[data-vmv-done], [data-vmv-best]").forEach(function (number) {
      number.textContent = String(count);
    });
    var bar = element.querySelector("progress");
    if (bar) bar.value = count;
    element.hidden = false;
  }

  function setUpChecklist(list) {
    if (list.dataset.vmvReady) return;
    list.dataset.vmvReady = "true";
    var progress = document.querySelector("[data-vmv-progress]");
    var steps = Array.prototype.slice.call(list.querySelectorAll(".vmv-step"));
    var ticks = load("onboarding", list.dataset.vmvSite);

    function update() {
      var done = steps.filter(function (step) {
        var tick = ticks[step.dataset.step];
        return isCurrent(ticks[step.dataset.step], step.dataset.fingerprint);
      });
      steps.forEach(function (step) {
        var box = step.querySelector("input.vmv-tick");
        box.checked = done.indexOf(step) !== -1;
        step.classList.toggle("vmv-step--done", box.checked);
      });
      if (progress) show(progress, done.length);
    }

    steps.forEach(function (step) {
      var title = step.querySelector(".vmv-step__title");
      var box = document.createElement("input");
      box.type = "checkbox";
      box.className = "vmv-tick";
      box.id = "tick-" + step.dataset.step;
      box.setAttribute(
        "aria-label",
        label("onboarding.tick_label", { step: title ? title.textContent.trim() : step.dataset.step })
      );
      box.addEventListener("change", function () {
        if (box.checked) {
          ticks[step.dataset.step] = {
            fingerprint: step.dataset.fingerprint,
            edition: list.dataset.vmvEdition,
          };
        } else {
          delete ticks[step.dataset.step];
        }
        save("onboarding", list.dataset.vmvSite, ticks);
        update();
      });
      step.insertBefore(box, step.firstChild);
    });

    if (progress) {
      progress.querySelector("[data-vmv-reset]").addEventListener("click", function () {
        steps.forEach(function (step) {
          delete ticks[step.dataset.step];
        });
        save("onboarding", list.dataset.vmvSite, ticks);
        update();
      });
    }
    update();
  }

  // The verdict on one answer, in Material's admonition style so that it reads well in
  // every colour scheme; the explanation is copied from the page's own answer key.
  function verdict(scenario, chosen) {
    // An answer is its number in the source; a kept one is read from storage, so checked.
    if (!/^[0-9]+$/.test(String(chosen))) return null;
    var key = scenario.querySelector(".vmv-answer-key");
    var entry = key.querySelector('[data-answer="' + chosen + '"]');
    if (!entry) return null;
    var best = entry.dataset.best === "true";
    var box = document.createElement("div");
    box.className = "admonition " + (best ? "success" : "failure");
    var title = document.createElement("p");
    title.className = "admonition-title";
    title.textContent = label(best ? "self_check.verdict_best" : "self_check.verdict_not_best");
    var why = document.createElement("p");
    why.innerHTML = entry.querySelector(".vmv-answer-feedback").innerHTML;
    box.appendChild(title);
    box.appendChild(why);
    if (!best) {
      var answer = key.querySelector('[data-best="true"] strong');
      if (answer) {
        var right = document.createElement("p");
        var text = document.createElement("strong");
        text.textContent = answer.textContent;
        right.appendChild(labelNodes("self_check.feedback_best_answer", { answer: text }));
        box.appendChild(right);
      }
    }
    var more = key.querySelector("a");
    if (more) {
      var link = document.createElement("p");
      link.appendChild(labelNodes("self_check.feedback_read_more", { value: more.cloneNode(true) }));
      box.appendChild(link);
    }
    return { box: box, best: best };
  }

  // The self-check keeps each situation's last checked answer, and so its score. A
  // company's own template without the score still checks answers, for this visit.
  function setUpSelfCheck() {
    var scenarios = Array.prototype.slice.call(document.querySelectorAll(".vmv-scenario"));
    if (!scenarios.length || scenarios[0].dataset.vmvReady) return;
    var score = document.querySelector("[data-vmv-score]");
    var site = score && score.dataset.vmvSite;
    var answers = site ? load("self-check", site) : {};

    function update() {
      if (!score) return;
      var answered = scenarios.filter(function (scenario) {
        return isCurrent(answers[scenario.dataset.scenario], scenario.dataset.fingerprint);
      });
      var best = answered.filter(function (scenario) {
        return answers[scenario.dataset.scenario].best;
      });
      score.querySelector("[data-vmv-answered]").textContent = String(answered.length);
      document.querySelectorAll(".vmv-score__summary").forEach(function (summary) {
        show(summary, best.length);
      });
      show(score, best.length);
    }

    function showAnswer(scenario, chosen) {
      var feedback = scenario.querySelector(".vmv-feedback");
      feedback.textContent = "";
      var result = verdict(scenario, chosen);
      if (result) feedback.appendChild(result.box);
      return result;
    }

    scenarios.forEach(function (scenario) {
      scenario.dataset.vmvReady = "true";
      var fieldset = scenario.querySelector(".vmv-answers");
      var id = scenario.dataset.scenario;
      fieldset.hidden = false;
      // The answer key is for readers without JavaScript; here it would give the answers away.
      scenario.querySelector(".vmv-answer-key").style.display = "none";
      var kept = answers[id];
      if (isCurrent(kept, scenario.dataset.fingerprint) && showAnswer(scenario, kept.answer)) {
        var radio = fieldset.querySelector('input[type=radio][value="' + kept.answer + '"]');
        if (radio) radio.checked = true;
      }
      fieldset.querySelector("[data-vmv-check]").addEventListener("click", function () {
        var chosen = fieldset.querySelector("input[type=radio]:checked");
        if (!chosen) {
          scenario.querySelector(".vmv-feedback").textContent = label("self_check.pick_first");
          return;
        }
        var result = showAnswer(scenario, chosen.value);
        if (!result) return;
        answers[id] = {
          answer: chosen.value,
          best: result.best,
          fingerprint: scenario.dataset.fingerprint,
          edition: score ? score.dataset.vmvEdition : "",
        };
        if (site) save("self-check", site, answers);
        update();
      });
    });

    if (score) {
      score.querySelector("[data-vmv-reset]").addEventListener("click", function () {
        scenarios.forEach(function (scenario) {
          delete answers[scenario.dataset.scenario];
          scenario.querySelectorAll("input[type=radio]").forEach(function (radio) {
            radio.checked = false;
          });
          scenario.querySelector(".vmv-feedback").textContent = "";
        });
        save("self-check", site, answers);
        update();
      });
    }
    update();
  }

  // Start here: how far the reader is on each path, and their self-check score.
  function showProgress(list) {
    var site = list.dataset.vmvSite;
    var ticks = load("onboarding", site);
    var answers = load("self-check", site);
    list.querySelectorAll("[data-vmv-steps]").forEach(function (progress) {
      var done = itemsOf(progress.dataset.vmvSteps).filter(function (step) {
        return isCurrent(ticks[step.id], step.fingerprint);
      });
      show(progress, done.length);
    });
    list.querySelectorAll("[data-vmv-score-of]").forEach(function (progress) {
      var best = itemsOf(progress.dataset.vmvScoreOf).filter(function (scenario) {
        var entry = answers[scenario.id];
        return isCurrent(entry, scenario.fingerprint) && entry.best;
      });
      show(progress, best.length);
    });
  }

  // A table wider than a phone scrolls inside its own box; keyboard users need to reach it.
  function letWideTablesScroll() {
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (wrap) {
      if (wrap.scrollWidth > wrap.clientWidth) {
        wrap.tabIndex = 0;
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", label("a11y.table_scrolls"));
      } else if (wrap.hasAttribute("tabindex")) {
        wrap.removeAttribute("tabindex");
        wrap.removeAttribute("role");
        wrap.removeAttribute("aria-label");
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
    if (search && !search.hasAttribute("aria-label")) search.setAttribute("aria-label", label("a11y.search"));
  }

  // The filters of a list (the question bank, the decision log): each select's name and the
  // attribute of a listed item it reads, a space-separated list of ids.
  var FILTERED_BY = { value: "vmvValues", area: "vmvArea", status: "vmvStatus" };

  function setUpFilters(form) {
    if (form.dataset.vmvReady) return;
    form.dataset.vmvReady = "true";
    var selects = Array.prototype.filter.call(form.querySelectorAll("select[name]"), function (select) {
      return Boolean(FILTERED_BY[select.name]);
    });
    var count = form.querySelector("[data-vmv-count]");
    var copy = form.querySelector("[data-vmv-copy-link]");
    var items = Array.prototype.slice.call(document.querySelectorAll(".vmv-questions > li, .vmv-decisions > li"));
    var headings = Array.prototype.slice.call(document.querySelectorAll("h2[data-vmv-area]"));
    var address = new URL(location.href);

    function choose(select, wanted) {
      var known = Array.prototype.some.call(select.options, function (option) {
        return option.value === wanted;
      });
      select.value = known ? wanted : "";
    }

    function matches(item, select) {
      var ids = (item.dataset[FILTERED_BY[select.name]] || "").split(" ");
      return !select.value || ids.indexOf(select.value) !== -1;
    }

    function apply() {
      var shown = 0;
      var areasShown = {};
      items.forEach(function (item) {
        var visible = selects.every(function (select) {
          return matches(item, select);
        });
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
      selects.forEach(function (select) {
        next.searchParams.delete(select.name);
        if (select.value) next.searchParams.set(select.name, select.value);
      });
      history.replaceState(history.state, "", next.href);
    }

    selects.forEach(function (select) {
      choose(select, address.searchParams.get(select.name) || "");
      select.addEventListener("change", apply);
    });
    copy.addEventListener("click", function () {
      var done = function () {
        copy.textContent = label("question_bank.link_copied");
      };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(location.href).then(done, function () {
          copy.textContent = label("question_bank.copy_address_bar");
        });
      } else {
        copy.textContent = label("question_bank.copy_address_bar");
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
    setUpSelfCheck();
    document.querySelectorAll(".vmv-paths").forEach(showProgress);
    letWideTablesScroll();
    setUpPrint();
  }

  window.addEventListener("resize", letWideTablesScroll);
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setUp);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
