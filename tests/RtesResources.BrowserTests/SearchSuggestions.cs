using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace RtesResources.BrowserTests;

/// <summary>The search box's suggestions (wwwroot/js/suggestions.js), driven with the keyboard as a screen reader user would.</summary>
[Collection(BrowserTests.Name)]
public class SearchSuggestions(BrowserSite site)
{
    [ChromiumFact]
    public async Task KeyboardUserPicksASuggestedTitleAndLandsOnItsPage()
    {
        var page = await site.NewPageAsync();
        await page.GotoAsync("/ressources");
        var box = page.Locator("#q");

        await box.FocusAsync();
        // On a busy machine the list may first show a shorter prefix's answer: the keys below are for
        // the whole word's list, as a person reads the list before moving through it.
        await page.RunAndWaitForResponseAsync(() => page.Keyboard.TypeAsync("métro"), r => r.Url.EndsWith("q=m%C3%A9tro", StringComparison.Ordinal));
        var listbox = page.GetByRole(AriaRole.Listbox, new() { Name = "Suggestions" });
        await Assertions.Expect(listbox).ToBeVisibleAsync();
        // The answer is shown once the list is no longer busy (the response arrives before it is drawn).
        await Assertions.Expect(listbox).Not.ToHaveAttributeAsync("aria-busy", "true");
        await Assertions.Expect(box).ToHaveAttributeAsync("role", "combobox");
        await Assertions.Expect(box).ToHaveAttributeAsync("aria-expanded", "true");
        await Assertions.Expect(box).ToHaveAttributeAsync("aria-controls", await listbox.GetAttributeAsync("id") ?? "");
        var options = listbox.GetByRole(AriaRole.Option);
        var count = await options.CountAsync();
        Assert.InRange(count, 2, 8);
        await Assertions.Expect(page.Locator(".suggest [role=status]")).ToHaveTextAsync($"{count} suggestions");

        await page.Keyboard.PressAsync("ArrowDown");
        await page.Keyboard.PressAsync("ArrowDown");
        await page.Keyboard.PressAsync("ArrowUp");
        var first = options.First;
        await Assertions.Expect(box).ToHaveAttributeAsync("aria-activedescendant", await first.GetAttributeAsync("id") ?? "");
        await Assertions.Expect(first).ToHaveAttributeAsync("aria-selected", "true");
        await Assertions.Expect(options.Nth(1)).ToHaveAttributeAsync("aria-selected", "false");
        await Assertions.Expect(box).ToBeFocusedAsync();
        var title = await first.Locator(".suggest-label").TextContentAsync();
        Assert.Equal("Ressource", await first.Locator(".suggest-kind").TextContentAsync());

        var before = page.Url;
        await page.Keyboard.PressAsync("Enter");

        // The page's own load, not its images' and frames': the whole suite shares two cores meanwhile.
        // Any navigation first, then where it went: a failure names the address reached (a plain search
        // would mean Enter was not taken by the list).
        await page.WaitForURLAsync(url => url != before, new() { WaitUntil = WaitUntilState.DOMContentLoaded, Timeout = 30_000 });
        Assert.Matches("^/ressources/[a-z0-9-]+$", new Uri(page.Url).PathAndQuery);
        Assert.Equal(title, await page.Locator("h1").TextContentAsync());
    }

    [ChromiumFact]
    public async Task EscapeClosesThenClearsAndTabLeavesTheBox()
    {
        var page = await site.NewPageAsync(width: 320, height: 640);
        await page.GotoAsync("/");
        var box = page.GetByLabel("Rechercher une ressource");

        await box.PressSequentiallyAsync("copp");
        var option = page.GetByRole(AriaRole.Option, new() { Name = "Mahel Coppey" });
        await Assertions.Expect(option).ToBeVisibleAsync();
        // At 320 px the list stays within the page.
        var bounds = await page.GetByRole(AriaRole.Listbox).BoundingBoxAsync();
        Assert.True(bounds!.X >= 0 && bounds.X + bounds.Width <= 320, $"Listbox at {bounds.X} + {bounds.Width}");

        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(page.GetByRole(AriaRole.Listbox)).ToBeHiddenAsync();
        await Assertions.Expect(box).ToHaveAttributeAsync("aria-expanded", "false");
        await Assertions.Expect(box).ToHaveValueAsync("copp");
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(box).ToHaveValueAsync("");

        await box.PressSequentiallyAsync("copp");
        await Assertions.Expect(option).ToBeVisibleAsync();
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(page.GetByRole(AriaRole.Listbox)).ToBeHiddenAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Rechercher" })).ToBeFocusedAsync();
    }

    [ChromiumFact]
    public async Task OnASmallScreenTheOpenSuggestionsLeaveTheSearchButtonClickable()
    {
        var page = await site.NewPageAsync(width: 375, height: 800);
        await page.GotoAsync("/");

        await page.GetByLabel("Rechercher une ressource").PressSequentiallyAsync("copp");
        await Assertions.Expect(page.GetByRole(AriaRole.Option, new() { Name = "Mahel Coppey" })).ToBeVisibleAsync();
        // A click the list intercepted would time out here.
        await page.GetByRole(AriaRole.Button, new() { Name = "Rechercher" }).ClickAsync(new() { Timeout = 5_000 });

        await page.WaitForURLAsync("**/ressources?q=copp");
    }

    [ChromiumFact]
    public async Task MouseUserClicksASuggestedSpeaker()
    {
        var page = await site.NewPageAsync();
        await page.GotoAsync("/");

        await page.GetByLabel("Rechercher une ressource").PressSequentiallyAsync("coppey");
        await page.GetByRole(AriaRole.Option, new() { Name = "Mahel Coppey" }).ClickAsync();

        await page.WaitForURLAsync("**/ressources?intervenant=mahel-coppey");
    }

    [ChromiumFact]
    public async Task WithoutScriptTheFormSearchesAsBefore()
    {
        var page = await site.NewPageAsync();
        // The script's URL carries its fingerprint: /js/suggestions.{hash}.js.
        await page.Context.RouteAsync("**/js/suggestions*.js*", route => route.AbortAsync());
        await page.GotoAsync("/ressources");

        await page.Locator("#q").FillAsync("metropoles");
        await page.Locator("#q").PressAsync("Enter");

        await page.WaitForURLAsync("**/ressources?q=metropoles*");
        Assert.Null(await page.Locator("#q").GetAttributeAsync("role"));
        Assert.Equal(0, await page.GetByRole(AriaRole.Listbox).CountAsync());
    }

    [ChromiumFact]
    public async Task OpenSuggestionsHaveNoAxeViolations()
    {
        foreach (var (url, width) in new[] { ("/ressources", 1280), ("/", 320) })
        {
            var page = await site.NewPageAsync(width: width);
            await page.GotoAsync(url);
            await page.Locator("input[data-suggestions]").PressSequentiallyAsync("me");
            await Assertions.Expect(page.GetByRole(AriaRole.Listbox)).ToBeVisibleAsync();
            await page.Keyboard.PressAsync("ArrowDown");

            var results = await page.RunAxe();

            Assert.NotEmpty(results.Passes);
            Assert.True(results.Violations.Length == 0, $"{url} at {width}px: " + string.Join(Environment.NewLine, results.Violations.Select(v => $"{v.Id}: {v.Help} — {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}")));
            await page.Context.CloseAsync();
        }
    }
}
