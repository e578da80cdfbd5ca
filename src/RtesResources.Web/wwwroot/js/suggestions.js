// Search suggestions as the visitor types: the WAI-ARIA 1.2 combobox pattern with a listbox popup.
// The page holds a plain search form; everything here (roles, listbox, live region) is added by
// this script, so without it the form works as before.
(function () {
    "use strict";

    var DEBOUNCE_MS = 150;
    var KIND_LABELS = {
        "titre": "Ressource",
        "thématique": "Thématique",
        "intervenant": "Intervenant·e",
        "synonyme": "Recherche"
    };

    document.querySelectorAll("input[data-suggestions]").forEach(function (input, inputIndex) {
        var endpoint = input.getAttribute("data-suggestions");
        var listId = (input.id || "recherche-" + inputIndex) + "-suggestions";

        var wrap = document.createElement("div");
        wrap.className = "suggest";
        input.parentNode.insertBefore(wrap, input);
        wrap.appendChild(input);

        var list = document.createElement("ul");
        list.id = listId;
        list.className = "suggest-list";
        list.setAttribute("role", "listbox");
        list.setAttribute("aria-label", "Suggestions");
        list.hidden = true;
        wrap.appendChild(list);

        // Present before any change, so that screen readers pick up what is written into it.
        var status = document.createElement("div");
        status.className = "visually-hidden";
        status.setAttribute("role", "status");
        status.setAttribute("aria-live", "polite");
        wrap.appendChild(status);

        input.setAttribute("role", "combobox");
        input.setAttribute("aria-autocomplete", "list");
        input.setAttribute("aria-expanded", "false");
        input.setAttribute("aria-controls", listId);

        var items = [];
        var active = -1;
        var timer = 0;
        var pending = null;
        var lastQuery = null;

        function open() {
            if (items.length === 0) {
                return;
            }

            list.hidden = false;
            input.setAttribute("aria-expanded", "true");
        }

        function close() {
            list.hidden = true;
            input.setAttribute("aria-expanded", "false");
            setActive(-1);
        }

        function isOpen() {
            return !list.hidden;
        }

        function setActive(index) {
            var options = list.children;
            if (active >= 0 && options[active]) {
                options[active].setAttribute("aria-selected", "false");
            }

            active = index;
            if (active >= 0 && options[active]) {
                options[active].setAttribute("aria-selected", "true");
                input.setAttribute("aria-activedescendant", options[active].id);
                options[active].scrollIntoView({ block: "nearest" });
            } else {
                input.removeAttribute("aria-activedescendant");
            }
        }

        function follow(index) {
            var item = items[index];
            if (item) {
                close();
                window.location.assign(item.url);
            }
        }

        function render(suggestions) {
            // A slower answer for the latest keystroke can arrive while the visitor is already moving
            // through the list: the option they reached stays chosen if the new list still has it.
            var chosen = active >= 0 && items[active] ? items[active].url : null;
            items = suggestions;
            active = -1;
            input.removeAttribute("aria-activedescendant");
            list.replaceChildren();
            suggestions.forEach(function (suggestion, index) {
                var option = document.createElement("li");
                option.id = listId + "-" + index;
                option.className = "suggest-option";
                option.setAttribute("role", "option");
                option.setAttribute("aria-selected", "false");
                var label = document.createElement("span");
                label.className = "suggest-label";
                label.textContent = suggestion.label;
                var kind = document.createElement("span");
                kind.className = "suggest-kind";
                kind.textContent = KIND_LABELS[suggestion.kind] || suggestion.kind;
                option.append(label, " ", kind);
                list.appendChild(option);
            });

            status.textContent = suggestions.length === 0 ? "Aucune suggestion"
                : suggestions.length === 1 ? "1 suggestion"
                : suggestions.length + " suggestions";
            if (suggestions.length === 0) {
                close();
            } else if (document.activeElement === input) {
                open();
                if (chosen !== null) {
                    setActive(suggestions.findIndex(function (suggestion) { return suggestion.url === chosen; }));
                }
            }
        }

        function fetchSuggestions() {
            var query = input.value.trim();
            if (query === lastQuery) {
                open();
                return;
            }

            if (pending) {
                pending.abort();
            }

            lastQuery = query;
            if (query.length < 2) {
                pending = null;
                list.removeAttribute("aria-busy");
                items = [];
                list.replaceChildren();
                status.textContent = "";
                close();
                return;
            }

            var controller = new AbortController();
            pending = controller;
            // Until the answer is shown, the list on screen is an earlier word's.
            list.setAttribute("aria-busy", "true");
            fetch(endpoint + "?q=" + encodeURIComponent(query), {
                headers: { "Accept": "application/json" },
                signal: controller.signal
            })
                .then(function (response) {
                    return response.ok ? response.json() : [];
                })
                .then(function (suggestions) {
                    if (pending === controller) {
                        pending = null;
                        render(Array.isArray(suggestions) ? suggestions : []);
                        list.removeAttribute("aria-busy");
                    }
                })
                .catch(function () {
                    // Aborted by a newer keystroke, or offline: the form still searches on submit.
                    if (pending === controller) {
                        pending = null;
                        lastQuery = null;
                        list.removeAttribute("aria-busy");
                    }
                });
        }

        input.addEventListener("input", function () {
            window.clearTimeout(timer);
            timer = window.setTimeout(fetchSuggestions, DEBOUNCE_MS);
        });

        input.addEventListener("keydown", function (event) {
            if (event.altKey && event.key === "ArrowDown") {
                open();
                event.preventDefault();
                return;
            }

            switch (event.key) {
                case "ArrowDown":
                    if (items.length > 0) {
                        open();
                        setActive(active + 1 >= items.length ? 0 : active + 1);
                        event.preventDefault();
                    }
                    break;
                case "ArrowUp":
                    if (items.length > 0) {
                        open();
                        setActive(active <= 0 ? items.length - 1 : active - 1);
                        event.preventDefault();
                    }
                    break;
                case "Enter":
                    if (isOpen() && active >= 0) {
                        event.preventDefault();
                        follow(active);
                    }
                    break;
                case "Escape":
                    // First Escape closes the list; the next one clears the box (browsers clear search boxes on Escape anyway).
                    event.preventDefault();
                    if (isOpen()) {
                        close();
                    } else if (input.value !== "") {
                        input.value = "";
                        lastQuery = null;
                        items = [];
                        list.replaceChildren();
                        status.textContent = "";
                    }
                    break;
                case "Tab":
                    close();
                    break;
            }
        });

        input.addEventListener("blur", function () {
            close();
        });

        // A press on an option must not move focus off the box before the click is handled.
        list.addEventListener("mousedown", function (event) {
            event.preventDefault();
        });

        list.addEventListener("click", function (event) {
            var option = event.target.closest("[role=option]");
            if (option) {
                follow(Array.prototype.indexOf.call(list.children, option));
            }
        });
    });
}());
