using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Lifeline.Browser.Tests.Dashboard;

/// <summary>
/// Debian's Chromium driven by Playwright's bundled driver. Never downloads a browser: the executable is
/// <c>/usr/bin/chromium</c> (./test.sh installs it when root).
/// </summary>
internal sealed class BrowserSession : IAsyncDisposable
{
    public const string Executable = "/usr/bin/chromium";

    private static readonly string[] Args =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    private static readonly TimeSpan SignInTimeout = TimeSpan.FromSeconds(90);

    private readonly IPlaywright _playwright;

    private BrowserSession(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        Browser = browser;
    }

    public IBrowser Browser { get; }

    public static async Task<BrowserSession> LaunchAsync()
    {
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException($"{Executable} is missing; run ./test.sh as root or: apt-get install -y chromium");
        }

        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = Executable, Headless = true, Args = Args });
        return new BrowserSession(playwright, browser);
    }

    /// <summary>
    /// Signs in through the dashboard's form. When the browser does not arrive at the home page, the failure says where
    /// it is and what the page says.
    /// </summary>
    public static async Task SignInAsync(IPage page, string site, string user, string password)
    {
        await page.GotoAsync($"{site}/login");
        await page.FillAsync("#username", user);
        await page.FillAsync("#password", password);
        await page.ClickAsync("button[type=submit]");
        try
        {
            await WaitForAddressAsync(page, new Regex($"^{Regex.Escape(site)}/$"), SignInTimeout);
        }
        catch (PlaywrightException ex)
        {
            var text = await page.InnerTextAsync("body", new PageInnerTextOptions { Timeout = 5_000 });
            throw new InvalidOperationException($"signing in as {user} did not reach {site}/: the page is {page.Url}, saying: {text}", ex);
        }
    }

    /// <summary>
    /// Waits until the page's address matches, and for nothing else. Not <c>WaitForURLAsync</c>: once the address
    /// matches, that waits for the page's load event as the client saw it, and twice in CI (120 s and 180 s) it ran out
    /// on a home page that had rendered, its log showing "networkidle" fired and no "load". These tests check where the
    /// browser went; the locators after this wait for the elements they read.
    /// </summary>
    public static Task WaitForAddressAsync(IPage page, Regex address, TimeSpan timeout) =>
        Assertions.Expect(page).ToHaveURLAsync(address, new PageAssertionsToHaveURLOptions { Timeout = (float)timeout.TotalMilliseconds });

    public async ValueTask DisposeAsync()
    {
        await Browser.CloseAsync();
        _playwright.Dispose();
    }
}
