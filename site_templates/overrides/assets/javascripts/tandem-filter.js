/* The instant filter of the calls page: themes, format and free text over the calls
   already on the page (id, title, themes, excerpt). Without JavaScript the form stays
   hidden and the theme pages (/appels/<theme>/) list the same calls.
   Text is compared folded: no accents, no case, one kind of apostrophe, « œ » as « oe »,
   so that « europeen » typed on a phone finds « européen ». */
(function () {
  "use strict";

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/œ/g, "oe").replace(/æ/g, "ae").replace(/[’‘`]/g, "'")
      .replace(/\s+/g, " ").trim();
  }

  function count(shown, total) {
    if (shown === total) {
      return total === 1 ? "1 appel ouvert." : total + "\u00a0appels ouverts.";
    }
    if (shown === 0) {
      return "Aucun appel ne correspond\u00a0: essayez d’autres mots ou un autre thème.";
    }
    return (shown === 1 ? "1 appel" : shown + "\u00a0appels") + " sur " + total + ".";
  }

  function setUp(form) {
    var calls = Array.prototype.slice.call(document.querySelectorAll(".tandem-call"));
    var folded = calls.map(function (call) { return fold(call.textContent || ""); });
    var text = form.querySelector("#tandem-filter-text");
    var theme = form.querySelector("#tandem-filter-theme");
    var format = form.querySelector("#tandem-filter-format");
    var status = form.querySelector(".tandem-filter-count");

    function apply() {
      var words = fold(text.value).split(" ").filter(Boolean);
      var shown = 0;
      calls.forEach(function (call, i) {
        var themes = (call.getAttribute("data-themes") || "").split(" ");
        var keep = (!theme.value || themes.indexOf(theme.value) >= 0)
          && (!format.value || call.getAttribute("data-format") === format.value)
          && words.every(function (word) { return folded[i].indexOf(word) >= 0; });
        call.hidden = !keep;
        if (keep) { shown += 1; }
      });
      status.textContent = count(shown, calls.length);
    }

    form.addEventListener("input", apply);
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.hidden = false;
    apply();
  }

  var form = document.querySelector("form.tandem-filter");
  if (form) { setUp(form); }
})();
