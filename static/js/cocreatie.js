/* Cocreatie: progressive enhancement. Every page works without this file.
 *
 * Forms marked data-enhance="support" | "follow" | "comment" are posted with fetch
 * instead of reloading the page. The server answers such a request with JSON: the parts
 * of the page that changed, rendered by the same templates as the full page, and a
 * sentence that is announced through the page's polite live region (#live-region).
 *
 * Whatever goes wrong (no network, an error status, a validation error, a rate limit,
 * an expired session or CSRF token, an answer that is not ours), the form is submitted
 * again the ordinary way, so the person sees the server's page with its message and
 * keeps what they typed. Nothing is cleared before the server has accepted it. Should
 * an accepted change not fit the page, the script goes to `location`, where the ordinary
 * post would have led.
 */
(function () {
  "use strict";

  if (!window.fetch || !window.FormData || !("content" in document.createElement("template"))) {
    return; // an old browser: the plain forms do everything
  }

  var busy = new WeakSet();

  function announce(message) {
    var region = document.getElementById("live-region");
    if (!region || !message) {
      return;
    }
    // Empty first, then fill on the next task: the same sentence twice is read twice.
    region.textContent = "";
    window.setTimeout(function () {
      region.textContent = message;
    }, 100);
  }

  function parse(html) {
    var template = document.createElement("template");
    template.innerHTML = html;
    return template.content.firstElementChild;
  }

  /* Replace each element whose id a fragment's root element carries. Returns the new
     element that took the place of the one holding `form`, if any. */
  function replaceFragments(fragments, form) {
    var holder = null;
    (fragments || []).forEach(function (html) {
      var fresh = parse(html);
      var old = fresh && fresh.id ? document.getElementById(fresh.id) : null;
      if (!old) {
        return;
      }
      if (old.contains(form)) {
        holder = fresh;
      }
      old.replaceWith(fresh);
    });
    return holder;
  }

  /* A new reaction: at the end of its thread's replies, or of the page's list. The server
     sends it as a one-item list, which starts the list where there is none yet. */
  function insertComment(comment) {
    var list = parse(comment.html);
    var item = list && list.firstElementChild;
    if (!item) {
      return null;
    }
    var container = comment.parent
      ? document.getElementById("reactie-" + comment.parent)
      : document.getElementById("reacties");
    if (!container) {
      return null;
    }
    var existing = container.querySelector(":scope > ul.comment-list");
    if (existing) {
      existing.appendChild(item);
    } else if (!comment.parent && document.getElementById("reacties-geen")) {
      document.getElementById("reacties-geen").replaceWith(list);
    } else if (comment.parent) {
      container.appendChild(list);
    } else {
      return null;
    }
    return item;
  }

  function focusOn(element) {
    if (!element) {
      return;
    }
    if (!element.matches("a[href], button, input, select, textarea, summary, [tabindex]")) {
      element.setAttribute("tabindex", "-1");
    }
    element.focus();
  }

  function afterSupportOrFollow(form, data) {
    var holder = replaceFragments(data.fragments, form);
    // The button that was pressed is gone: focus its successor in the new markup.
    if (holder) {
      focusOn(holder.querySelector("form[data-enhance] button") || holder);
    }
    announce(data.message);
  }

  function afterComment(form, data) {
    if (!data.comment) {
      throw new Error("no reaction in the answer");
    }
    var item = insertComment(data.comment);
    if (!item) {
      throw new Error("no place for the reaction on this page");
    }
    replaceFragments(data.fragments, form);
    var textarea = form.querySelector("textarea");
    if (textarea) {
      textarea.value = "";
    }
    var reply = form.closest("details.reply");
    if (reply) {
      reply.open = false;
    }
    // The new reaction, so the person hears and sees that it is there.
    focusOn(item);
    announce(data.message);
  }

  var handlers = {
    support: afterSupportOrFollow,
    follow: afterSupportOrFollow,
    comment: afterComment
  };

  function fallBack(form) {
    // HTMLFormElement.submit() does not fire "submit" again, so this posts the ordinary
    // way; the prototype's method, in case a field is called "submit".
    busy.delete(form);
    HTMLFormElement.prototype.submit.call(form);
  }

  function csrfToken(form) {
    var field = form.querySelector("input[name='csrf_token']");
    return field ? field.value : "";
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement)) {
      return;
    }
    var handle = handlers[form.getAttribute("data-enhance")];
    if (!handle || event.defaultPrevented || (form.method || "").toLowerCase() !== "post") {
      return;
    }
    if (form.querySelector("[aria-invalid='true']")) {
      return; // a form showing the server's errors: its answer is a whole new page
    }
    event.preventDefault();
    if (busy.has(form)) {
      return; // one request per form at a time: a double click sends it once
    }
    busy.add(form);
    form.setAttribute("aria-busy", "true");

    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      redirect: "manual",
      headers: {
        "Accept": "application/json",
        "X-Requested-With": "fetch",
        "X-CSRFToken": csrfToken(form)
      }
    })
      .then(function (response) {
        var type = response.headers.get("Content-Type") || "";
        if (!response.ok || type.indexOf("application/json") === -1) {
          throw new Error("answered " + response.status);
        }
        return response.json();
      })
      .then(
        function (data) {
          busy.delete(form);
          form.removeAttribute("aria-busy");
          try {
            handle(form, data);
          } catch (error) {
            // Saved, but this page cannot show it in place: go where the ordinary post
            // would have gone. Never post again what the server already accepted.
            window.location.assign(data.location || window.location.pathname);
          }
        },
        function () {
          fallBack(form);
        }
      );
  });
})();

/* Draft texts (co-writing): a paragraph's reactions, amendments and reaction form open in
 * place, under the paragraph, instead of on the paragraph's own page. The link still leads
 * to that page when anything goes wrong; the forms in the panel post the ordinary way and
 * come back on the paragraph's page. One panel is open at a time (its ids are the page's). */
(function () {
  "use strict";

  if (!window.fetch || !window.DOMParser) {
    return;
  }

  var open = null;

  function close() {
    if (open) {
      open.link.setAttribute("aria-expanded", "false");
      open.panel.remove();
      open = null;
    }
  }

  document.addEventListener("click", function (event) {
    var link = event.target instanceof Element ? event.target.closest("a[data-paragraph-link]") : null;
    if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey) {
      return;
    }
    event.preventDefault();
    var same = open && open.link === link;
    close();
    if (same) {
      return;
    }
    fetch(link.href, { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("answered " + response.status);
        }
        return response.text();
      })
      .then(function (html) {
        var page = new DOMParser().parseFromString(html, "text/html");
        var parts = page.querySelectorAll("main section.amendments, main section.comments");
        if (!parts.length) {
          throw new Error("not a paragraph page");
        }
        var panel = document.createElement("div");
        panel.className = "draft-paragraph__panel";
        panel.id = "alinea-paneel";
        panel.setAttribute("tabindex", "-1");
        parts.forEach(function (part) {
          panel.appendChild(document.importNode(part, true));
        });
        link.closest("section").appendChild(panel);
        link.setAttribute("aria-controls", panel.id);
        link.setAttribute("aria-expanded", "true");
        open = { link: link, panel: panel };
        panel.focus();
      })
      .catch(function () {
        window.location.assign(link.href);
      });
  });
})();
