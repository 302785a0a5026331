/* The public site's mailto forms (« Je peux aider », « Proposer une question »).
 *
 * Progressive enhancement: each page carries a prefilled mailto link that works
 * without JavaScript, and a <form hidden data-link="ID-of-that-link">. This script
 * shows the form, hides the link, and on submit composes the e-mail from the link
 * (recipient, subject, and the body's introduction: the body up to its last blank
 * line) and from the form's fields (one « data-line : value » line each, in order).
 * It must compose exactly what generator/mail.py composes for the same values:
 * the same cleaning, CRLF line breaks, encodeURIComponent (= Python's quote with
 * safe="!'()*"). What people type only ever lands in the body, percent-encoded,
 * so a line break, "%0A" or "&cc=" typed in a field can add no header or recipient.
 *
 * Nothing is fetched and nothing is sent: the mail client opens with the e-mail ready.
 */
(function () {
  "use strict";

  var NBSP = "\u00a0";
  var LINE_BREAKS = /\r\n|[\r\n\u000b\u000c\u0085\u2028\u2029]/g;
  var CONTROLS = /[\u0000-\u0008\u000e-\u001f\u007f-\u009f]/g;
  var LONE_SURROGATES = /[\ud800-\udbff](?![\udc00-\udfff])|(?:^|[^\ud800-\udbff])[\udc00-\udfff]/;
  var EDGE = "[ \\t\\n\\u00a0\\u1680\\u2000-\\u200a\\u202f\\u205f\\u3000\\ufeff]+";
  var EDGES = new RegExp("^" + EDGE + "|" + EDGE + "$", "g");

  /* A lone UTF-16 surrogate cannot be encoded (encodeURIComponent throws): U+FFFD. */
  function wellFormed(text) {
    if (typeof text.toWellFormed === "function") return text.toWellFormed();
    if (!LONE_SURROGATES.test(text)) return text;
    var out = "";
    for (var i = 0; i < text.length; i++) {
      var code = text.charCodeAt(i);
      if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length &&
          text.charCodeAt(i + 1) >= 0xdc00 && text.charCodeAt(i + 1) <= 0xdfff) {
        out += text[i] + text[i + 1];
        i++;
      } else {
        out += code >= 0xd800 && code <= 0xdfff ? "\ufffd" : text[i];
      }
    }
    return out;
  }

  /* generator.mail.field_value */
  function fieldValue(text) {
    text = wellFormed(text).replace(LINE_BREAKS, "\n").replace(CONTROLS, "");
    return text.replace(EDGES, "");
  }

  /* The value of one form line: a text field, a select, or the checked radio button
     of a fieldset ("" when none). */
  function lineValue(element) {
    if (element.tagName === "FIELDSET") {
      var checked = element.querySelector("input:checked");
      return checked ? checked.value : "";
    }
    return element.value;
  }

  /* generator.mail.body */
  function body(intro, form) {
    var lines = [];
    form.querySelectorAll("[data-line]").forEach(function (element) {
      var value = fieldValue(lineValue(element));
      lines.push(element.getAttribute("data-line") + NBSP + ":" + (value ? " " + value : ""));
    });
    return intro + "\n\n" + lines.join("\n") + "\n";
  }

  function decoded(query, name) {
    var pairs = query.split("&");
    for (var i = 0; i < pairs.length; i++) {
      var at = pairs[i].indexOf("=");
      if (at > 0 && pairs[i].slice(0, at).toLowerCase() === name) {
        return decodeURIComponent(pairs[i].slice(at + 1));
      }
    }
    return "";
  }

  /* The link's parts: the address as written, the subject, the body's introduction. */
  function template(href) {
    var question = href.indexOf("?") < 0 ? href.length : href.indexOf("?");
    var query = href.slice(question + 1);
    var prefilled = decoded(query, "body");
    return {
      to: href.slice(0, question),
      subject: decoded(query, "subject"),
      intro: prefilled.slice(0, prefilled.lastIndexOf("\r\n\r\n")),
    };
  }

  /* generator.mail.mailto */
  function compose(parts, form) {
    var text = wellFormed(body(parts.intro, form)).replace(LINE_BREAKS, "\n")
      .replace(/\n/g, "\r\n");
    return parts.to + "?subject=" + encodeURIComponent(wellFormed(parts.subject)) +
      "&body=" + encodeURIComponent(text);
  }

  function enhance(form) {
    var link = document.getElementById(form.getAttribute("data-link"));
    if (!link || form.getAttribute("data-ready") === "yes") return;
    form.setAttribute("data-ready", "yes");
    /* Read once: after a first submit the link carries the composed e-mail. */
    var parts = template(link.getAttribute("href"));
    (link.closest("p") || link).hidden = true;
    form.hidden = false;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      link.setAttribute("href", compose(parts, form));
      /* A click on the (hidden) link, not a location change: it opens the mail
         client the same way, and a page can watch which e-mail was composed. */
      link.click();
      var status = form.querySelector(".tandem-form__status");
      if (status) status.textContent = form.getAttribute("data-sent") || "";
    });
  }

  function init() {
    document.querySelectorAll("form.tandem-form[data-link]").forEach(enhance);
  }

  /* With Material's instant navigation, document$ emits for every page shown. */
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
