// Click-to-load video players: the page holds a link and a button; the third-party player (and
// whatever it loads) is requested only after the visitor presses the button.
(function () {
    "use strict";

    document.querySelectorAll("[data-video-src]").forEach(function (frame) {
        var button = frame.querySelector(".video-load");
        if (!button) {
            return;
        }

        button.hidden = false;
        button.addEventListener("click", function () {
            var iframe = document.createElement("iframe");
            iframe.src = frame.getAttribute("data-video-src");
            iframe.title = frame.getAttribute("data-video-title") || "Lecteur vidéo";
            iframe.allow = "fullscreen; picture-in-picture";
            iframe.setAttribute("allowfullscreen", "");
            iframe.loading = "lazy";
            iframe.referrerPolicy = "strict-origin-when-cross-origin";
            frame.replaceChildren(iframe);
            iframe.focus();
        });
    });
}());
