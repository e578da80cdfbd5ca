// Back-office enhancements. Every form works without this script; with it, uploads show a progress
// bar. Loaded only under /admin, from the site itself (CSP: script-src 'self').
(function () {
    "use strict";

    function megabytes(bytes) {
        return (Math.ceil(bytes * 10 / (1024 * 1024)) / 10).toString().replace(".", ",") + " Mo";
    }

    // Posts the form in the background, showing progress; calls done(request) when the server answers.
    function sendWithProgress(form, event, done) {
        var input = form.querySelector("input[type=file]");
        if (!input || input.files.length === 0 || !window.XMLHttpRequest || !window.FormData) {
            return;
        }

        event.preventDefault();
        var panel = form.querySelector(".upload-progress");
        var bar = form.querySelector("progress");
        var status = form.querySelector(".upload-status");
        var button = form.querySelector("button[type=submit]");
        panel.hidden = false;

        // Above the request's limit the server could only refuse it: say so before sending anything.
        var limit = Number(form.getAttribute("data-max-request-bytes")) || 0;
        var total = 0;
        for (var i = 0; i < input.files.length; i++) {
            total += input.files[i].size;
        }

        if (limit > 0 && total > limit) {
            bar.hidden = true;
            status.textContent = "L'envoi est trop volumineux (" + megabytes(total) + ") : " + megabytes(limit) + " au plus en tout. Choisissez moins de fichiers, ou des fichiers plus légers.";
            return;
        }

        bar.hidden = false;
        button.disabled = true;
        status.textContent = "Envoi de " + input.files.length + " fichier(s)…";

        var request = new XMLHttpRequest();
        request.open("POST", form.action);
        request.setRequestHeader("X-Requested-With", "XMLHttpRequest");
        request.upload.addEventListener("progress", function (e) {
            if (e.lengthComputable) {
                var percent = Math.round((e.loaded / e.total) * 100);
                bar.value = percent;
                bar.textContent = percent + " %";
                status.textContent = percent < 100 ? "Envoi : " + percent + " %" : "Fichier(s) reçu(s), vérification…";
            }
        });
        request.addEventListener("load", function () {
            if (!done(request)) {
                status.textContent = "L'envoi a échoué (" + request.status + "). Vérifiez la taille des fichiers et réessayez.";
                button.disabled = false;
            }
        });
        request.addEventListener("error", function () {
            status.textContent = "L'envoi a été interrompu : vérifiez votre connexion et réessayez.";
            button.disabled = false;
        });
        request.send(new FormData(form));
    }

    // Attachments: the server answers where to go next, and the page reloads there with its messages.
    document.querySelectorAll("form[data-upload]").forEach(function (form) {
        form.addEventListener("submit", function (event) {
            sendWithProgress(form, event, function (request) {
                var target = null;
                try {
                    target = JSON.parse(request.responseText).redirect;
                } catch (ignored) {
                    target = null;
                }

                if (request.status < 200 || request.status >= 300 || !target) {
                    return false;
                }

                var samePage = target.split("#")[0] === window.location.pathname;
                window.location.assign(target);
                if (samePage) {
                    // Only the fragment changed: assign() does not reload, and the new files must show.
                    window.location.reload();
                }

                return true;
            });
        });
    });

    // The import form: the server answers with the page holding the report, shown in place.
    document.querySelectorAll("form[data-upload-report]").forEach(function (form) {
        form.addEventListener("submit", function (event) {
            sendWithProgress(form, event, function (request) {
                var main = window.DOMParser ? new DOMParser().parseFromString(request.responseText, "text/html").querySelector("main") : null;
                if (!main) {
                    return false;
                }

                document.querySelector("main").replaceWith(main);
                var report = document.getElementById("titre-rapport") || document.querySelector(".error-summary");
                if (report) {
                    report.setAttribute("tabindex", "-1");
                    report.focus();
                }

                return true;
            });
        });
    });

    // The list's bulk actions: the links check or uncheck the page's rows in place (without script
    // they reload the page with every row checked, or none), and only the fields of the chosen action show.
    document.querySelectorAll("form[data-bulk-form]").forEach(function (form) {
        form.querySelectorAll("a[data-check]").forEach(function (link) {
            link.addEventListener("click", function (event) {
                event.preventDefault();
                var check = link.getAttribute("data-check") === "all";
                form.querySelectorAll("input[type=checkbox][name=ids]").forEach(function (box) {
                    box.checked = check;
                });
            });
        });

        var operation = form.querySelector("select[name=operation]");
        var fields = form.querySelectorAll("[data-for-operation]");
        function showFields() {
            fields.forEach(function (field) {
                var wanted = field.getAttribute("data-for-operation").split(" ");
                field.hidden = wanted.indexOf(operation.value) < 0 && !field.classList.contains("field-error");
            });
        }

        if (operation) {
            operation.addEventListener("change", showFields);
            showFields();
        }
    });
}());
