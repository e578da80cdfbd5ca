using Microsoft.Playwright;

namespace RtesResources.BrowserTests;

/// <summary>
/// The site with the keyboard only, on a small screen, with large text, without motion and in forced
/// colours (WCAG 2.1.1, 2.4.1, 2.4.7, 1.4.4, 1.4.10, 2.3.3 and Windows' high contrast).
/// </summary>
[Collection(BrowserTests.Name)]
public class KeyboardAndDisplay(BrowserSite site)
{
    /// <summary>Pages people read most, which must reflow without a horizontal scroll bar.</summary>
    private static readonly string[] MainPages =
    [
        "/",
        "/ressources",
        "/ressources?q=%C3%A9conomie+sociale+et+solidaire",
        "/ressources?type=fiche&thematique=metropoles",
        "/ressources/" + PageTour.PublicSlug,
        "/ressources/" + PageTour.PrivateSlug,
        "/ressources/" + PageTour.VideoSlug,
        "/ressources/etude-metropoles-ess-et-innovation-sociale",
        "/compte/connexion",
        "/compte/demander-un-acces",
        "/compte/mot-de-passe-oublie",
        "/accessibilite",
        "/mentions-legales",
        "/donnees-personnelles",
        "/plan-du-site",
    ];

    [ChromiumFact]
    public async Task KeyboardOnlyVisitorSearchesFiltersDownloadsAndPlaysAVideo()
    {
        await PageTour.EnsureVideoAsync(site);
        var page = await site.NewPageAsync(acceptDownloads: true);
        await page.GotoAsync("/ressources");

        // The skip link comes first, is visible, and takes the focus to the content.
        await page.Keyboard.PressAsync("Tab");
        await AssertFocusVisibleAsync(page, "the skip link");
        Assert.Equal("skip-link", await page.EvaluateAsync<string>("document.activeElement.className"));
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForFunctionAsync("document.activeElement && document.activeElement.id === 'contenu'");

        // From the content: the search box, then each filter, then the button.
        await TabToAsync(page, "#q");
        await page.Keyboard.TypeAsync("économie");
        await Assertions.Expect(page.GetByRole(AriaRole.Listbox, new() { Name = "Suggestions" })).ToBeVisibleAsync();
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(page.GetByRole(AriaRole.Listbox)).ToBeHiddenAsync();
        await AssertFocusVisibleAsync(page, "the search box");
        await TabToAsync(page, "#type");
        await page.Keyboard.PressAsync("ArrowDown");
        var kind = await page.Locator("#type").InputValueAsync();
        Assert.NotEqual("", kind);
        foreach (var filter in new[] { "#thematique", "#annee", "#acces" })
        {
            await TabToAsync(page, filter);
        }

        await TabToAsync(page, "form.filters button[type=submit]");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(url => url.Contains("q=%C3%A9conomie", StringComparison.Ordinal) && url.Contains("type=" + kind, StringComparison.Ordinal));

        // The suggestion box: arrows reach a title, Enter opens it.
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForFunctionAsync("document.activeElement && document.activeElement.id === 'contenu'");
        await TabToAsync(page, "#q");
        await page.Keyboard.PressAsync("Control+A");
        await page.Keyboard.TypeAsync("fiche 3");
        var option = page.GetByRole(AriaRole.Option).Filter(new() { HasText = "Fiche n°3" }).First;
        await Assertions.Expect(option).ToBeVisibleAsync();
        while (await option.GetAttributeAsync("aria-selected") != "true")
        {
            await page.Keyboard.PressAsync("ArrowDown");
            await AssertFocusNotLostAsync(page, "the suggestions");
        }

        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync("**/ressources/" + PageTour.PublicSlug);

        // A file, downloaded with Enter on its link.
        await TabToAsync(page, "a[href^='/fichiers/']");
        var download = await page.RunAndWaitForDownloadAsync(() => page.Keyboard.PressAsync("Enter"));
        Assert.EndsWith(".pdf", download.SuggestedFilename, StringComparison.Ordinal);

        // A video: its button is reached and pressed with the keyboard, then the player has the focus.
        await page.GotoAsync("/ressources/" + PageTour.VideoSlug);
        await TabToAsync(page, "button.video-load");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForFunctionAsync("document.activeElement && document.activeElement.tagName === 'IFRAME'");
    }

    [ChromiumFact]
    public async Task MainPagesReflowAt320PixelsWithoutHorizontalScroll()
    {
        await PageTour.EnsureVideoAsync(site);
        var page = await site.NewPageAsync(width: 320, height: 640);
        var failures = new List<string>();
        foreach (var url in MainPages)
        {
            await page.GotoAsync(url);
            var (scroll, client) = await WidthsAsync(page);
            if (scroll > client)
            {
                failures.Add($"{url}: {scroll}px of content in {client}px");
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [ChromiumFact]
    public async Task BackOfficeListsAndTheEditFormReflowAt320PixelsWithoutHorizontalScroll()
    {
        // An admin sees the resources and the members lists; one signed-in page for all of them.
        var page = await new PageTour(site, "reflow").SignInAsync("admin-reflow@rtes.fr", RtesResources.Web.Authorization.Roles.Admin, null, (_, _, _) => Task.CompletedTask);
        await page.SetViewportSizeAsync(320, 640);
        await page.GotoAsync("/admin/ressources");
        var edit = await page.Locator("main a[href$='/modifier']").First.GetAttributeAsync("href");
        var failures = new List<string>();
        foreach (var url in new[] { "/admin/ressources", edit!, "/admin/collectivites", "/admin/comptes", "/admin/demandes" })
        {
            await page.GotoAsync(url);
            var (scroll, client) = await WidthsAsync(page);
            if (scroll > client)
            {
                var widest = await page.EvaluateAsync<string[]>("""
                    [...document.querySelectorAll('body *')]
                      .filter(e => e.getBoundingClientRect().right > document.scrollingElement.clientWidth + 1 && (getComputedStyle(e).position !== 'static' || !e.closest('.table-wrap')))
                      .slice(0, 4).map(e => e.tagName + '.' + e.className + '#' + e.id + ' ' + getComputedStyle(e).position + ' ' + Math.round(e.getBoundingClientRect().right) + 'px')
                    """);
                failures.Add($"{url}: {scroll}px of content in {client}px ({string.Join(", ", widest)})");
            }

            // A table wider than the screen scrolls in its own container, which the keyboard reaches and which is named.
            var unreachable = await page.EvaluateAsync<string[]>("""
                [...document.querySelectorAll('main table')]
                  .filter(t => t.scrollWidth > document.scrollingElement.clientWidth)
                  .map(t => t.closest('[tabindex="0"]'))
                  .filter(c => !c || getComputedStyle(c).overflowX !== 'auto' || !(c.getAttribute('aria-label') || c.getAttribute('aria-labelledby')))
                  .map(c => c ? c.outerHTML.slice(0, 80) : 'a table without a scrolling container')
                """);
            failures.AddRange(unreachable.Select(u => $"{url}: {u}"));
        }

        await page.Context.CloseAsync();
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [ChromiumFact]
    public async Task MainPagesReflowWithTextAt200Percent()
    {
        await PageTour.EnsureVideoAsync(site);
        var page = await site.NewPageAsync(width: 1280, height: 900);
        var failures = new List<string>();
        foreach (var url in MainPages)
        {
            await page.GotoAsync(url);
            var before = await page.EvaluateAsync<double>("parseFloat(getComputedStyle(document.querySelector('main p, main li, main label')).fontSize)");
            // Text-only zoom, as the browser's "text size" setting does: every rem and em grows.
            await page.EvaluateAsync("document.documentElement.style.fontSize = '200%'");
            var after = await page.EvaluateAsync<double>("parseFloat(getComputedStyle(document.querySelector('main p, main li, main label')).fontSize)");
            Assert.True(after >= before * 1.9, $"{url}: text went from {before}px to {after}px only");
            var (scroll, client) = await WidthsAsync(page);
            if (scroll > client)
            {
                failures.Add($"{url}: {scroll}px of content in {client}px");
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [ChromiumFact]
    public async Task ReducedMotionStopsAnimationsAndTransitions()
    {
        var page = await site.NewPageAsync();
        await page.GotoAsync("/ressources");
        await page.Locator("#q").PressSequentiallyAsync("métro");
        var list = page.GetByRole(AriaRole.Listbox, new() { Name = "Suggestions" });
        await Assertions.Expect(list).ToBeVisibleAsync();
        // Without the preference the list does appear with its small animation: the check below can fail.
        Assert.Equal("suggest-appear", await list.EvaluateAsync<string>("e => getComputedStyle(e).animationName"));

        await page.EmulateMediaAsync(new() { ReducedMotion = ReducedMotion.Reduce });

        var moving = await page.EvaluateAsync<string[]>(
            """
            [...document.querySelectorAll('*')].flatMap(e => {
                const s = getComputedStyle(e);
                const durations = (s.transitionDuration + ',' + s.animationDuration).split(',').map(d => parseFloat(d));
                return s.animationName !== 'none' || durations.some(d => d > 0.01) ? [e.tagName + '.' + e.className] : [];
            })
            """);
        Assert.Empty(moving);
    }

    [ChromiumFact]
    public async Task ForcedColorsKeepFocusAndButtonsVisible()
    {
        await PageTour.EnsureVideoAsync(site);
        var page = await site.NewPageAsync();
        await page.EmulateMediaAsync(new() { ForcedColors = ForcedColors.Active });
        foreach (var (url, button) in new[]
        {
            ("/ressources", "form.filters button[type=submit]"),
            ("/", ".search-form button[type=submit]"),
            ("/compte/connexion", "main button[type=submit]"),
            ("/ressources/" + PageTour.VideoSlug, "button.video-load"),
        })
        {
            await page.GotoAsync(url);
            Assert.True(await page.EvaluateAsync<bool>("matchMedia('(forced-colors: active)').matches"), "forced colours are not emulated");

            // A button keeps a border, which forced colours draw in ButtonText: backgrounds alone vanish.
            var border = await page.Locator(button).First.EvaluateAsync<string>("e => { const s = getComputedStyle(e); return s.borderTopStyle + ' ' + s.borderTopWidth; }");
            Assert.True(!border.StartsWith("none", StringComparison.Ordinal) && !border.EndsWith(" 0px", StringComparison.Ordinal), $"{url} {button}: border {border}");

            await page.Keyboard.PressAsync("Tab");
            await AssertFocusVisibleAsync(page, url + " skip link");
            await page.Locator(button).First.FocusAsync();
            await page.Keyboard.PressAsync("Shift+Tab");
            await page.Keyboard.PressAsync("Tab");
            await AssertFocusVisibleAsync(page, url + " " + button);
        }
    }

    private static Task<(int Scroll, int Client)> WidthsAsync(IPage page) =>
        page.EvaluateAsync<int[]>("[document.scrollingElement.scrollWidth, document.scrollingElement.clientWidth]")
            .ContinueWith(t => (t.Result[0], t.Result[1]), TaskScheduler.Default);

    /// <summary>Presses Tab until the element matching the selector has the focus, checking every stop on the way.</summary>
    private static async Task TabToAsync(IPage page, string selector)
    {
        for (var i = 0; i < 60; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            await AssertFocusVisibleAsync(page, $"on the way to {selector}");
            if (await page.EvaluateAsync<bool>("s => document.activeElement.matches(s)", selector))
            {
                return;
            }
        }

        Assert.Fail($"{selector} was not reached with 60 presses of Tab.");
    }

    private static async Task AssertFocusNotLostAsync(IPage page, string where)
    {
        var tag = await page.EvaluateAsync<string>("document.activeElement ? document.activeElement.tagName : 'none'");
        Assert.True(tag is not "BODY" and not "none" and not "HTML", $"Focus lost ({tag}) at {where}.");
    }

    /// <summary>The focused element is not the page itself, matches :focus-visible and draws an outline.</summary>
    private static async Task AssertFocusVisibleAsync(IPage page, string where)
    {
        await AssertFocusNotLostAsync(page, where);
        var state = await page.EvaluateAsync<string>(
            """
            (() => {
                const e = document.activeElement;
                const s = getComputedStyle(e);
                const visible = e.matches(':focus-visible') && s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
                return visible ? '' : `${e.tagName}#${e.id}.${e.className}: outline ${s.outlineStyle} ${s.outlineWidth}`;
            })()
            """);
        Assert.True(state.Length == 0, $"Focus not visible at {where}: {state}");
    }
}
