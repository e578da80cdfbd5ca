namespace RtesResources.Tests.Infrastructure;

/// <summary>
/// What a local TLS-terminating proxy does for a Production site process that a test reaches at
/// http://127.0.0.1: says the visitor came over HTTPS (<c>X-Forwarded-Proto</c>, trusted from
/// loopback), and keeps the cookies the site sets and sends them back, Secure ones included, which a
/// <see cref="System.Net.CookieContainer"/> would hold back over http. Outside Development the site's
/// cookies are all Secure, and its antiforgery refuses to work on a request it sees as plain http.
/// </summary>
public sealed class PlainHttpCookies : DelegatingHandler
{
    private readonly Dictionary<string, string> _cookies = new(StringComparer.Ordinal);

    public PlainHttpCookies()
        : base(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false })
    {
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Add("X-Forwarded-Proto", "https");
        lock (_cookies)
        {
            if (_cookies.Count > 0)
            {
                request.Headers.Add("Cookie", string.Join("; ", _cookies.Select(c => c.Key + "=" + c.Value)));
            }
        }

        var response = await base.SendAsync(request, cancellationToken);
        if (response.Headers.TryGetValues("Set-Cookie", out var values))
        {
            lock (_cookies)
            {
                foreach (var pair in values.Select(v => v.Split(';')[0]))
                {
                    var equals = pair.IndexOf('=', StringComparison.Ordinal);
                    var (name, value) = (pair[..equals].Trim(), pair[(equals + 1)..].Trim());
                    if (value.Length == 0)
                    {
                        _cookies.Remove(name);
                    }
                    else
                    {
                        _cookies[name] = value;
                    }
                }
            }
        }

        return response;
    }
}
