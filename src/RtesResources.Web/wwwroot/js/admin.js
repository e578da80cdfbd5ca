// Back-office enhancements. Every form works without this script; with it, file uploads show a
// progress bar. Loaded only under /admin, from the site itself (CSP: script-src 'self').
(function () {
    "use strict";

    document.querySelectorAll("form[data-upload]").forEach(function (form) {
        form.addEventListener("submit", function (event) {
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
                    status.textContent = "Envoi : " + percent + " %";
                }
            });
            request.addEventListener("load", function () {
                var target = null;
                try {
                    target = JSON.parse(request.responseText).redirect;
                } catch (ignored) {
                    target = null;
                }

                if (request.status >= 200 && request.status < 300 && target) {
                    bar.value = 100;
                    status.textContent = "Envoi terminé.";
                    var samePage = target.split("#")[0] === window.location.pathname;
                    window.location.assign(target);
                    if (samePage) {
                        // Only the fragment changed: assign() does not reload, and the new files must show.
                        window.location.reload();
                    }
                } else {
                    status.textContent = "L'envoi a échoué (" + request.status + "). Vérifiez la taille des fichiers et réessayez.";
                    button.disabled = false;
                }
            });
            request.addEventListener("error", function () {
                status.textContent = "L'envoi a été interrompu : vérifiez votre connexion et réessayez.";
                button.disabled = false;
            });
            request.send(new FormData(form));
        });
    });

    // The import form: upload with progress, then show the report that the server sends back.
    document.querySelectorAll("form[data-upload-report]").forEach(function (form) {
        form.addEventListener("submit", function (event) {
            var input = form.querySelector("input[type=file]");
            if (!input || input.files.length === 0 || !window.XMLHttpRequest || !window.DOMParser) {
                return;
            }

            event.preventDefault();
            var panel = form.querySelector(".upload-progress");
            var bar = form.querySelector("progress");
            var status = form.querySelector(".upload-status");
            var button = form.querySelector("button[type=submit]");
            panel.hidden = false;
            button.disabled = true;
            status.textContent = "Envoi du fichier…";

            var request = new XMLHttpRequest();
            request.open("POST", form.action);
            request.upload.addEventListener("progress", function (e) {
                if (e.lengthComputable) {
                    var percent = Math.round((e.loaded / e.total) * 100);
                    bar.value = percent;
                    bar.textContent = percent + " %";
                    status.textContent = percent < 100 ? "Envoi : " + percent + " %" : "Fichier reçu, vérification des lignes…";
                }
            });
            request.addEventListener("load", function () {
                var page = new DOMParser().parseFromString(request.responseText, "text/html");
                var main = page.querySelector("main");
                if (main) {
                    document.querySelector("main").replaceWith(main);
                    var report = document.getElementById("titre-rapport") || document.querySelector(".error-summary");
                    if (report) {
                        report.setAttribute("tabindex", "-1");
                        report.focus();
                    }
                } else {
                    status.textContent = "L'envoi a échoué (" + request.status + ").";
                    button.disabled = false;
                }
            });
            request.addEventListener("error", function () {
                status.textContent = "L'envoi a été interrompu : vérifiez votre connexion et réessayez.";
                button.disabled = false;
            });
            request.send(new FormData(form));
        });
    });
}());
