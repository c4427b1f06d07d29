namespace Lifeline.Server.Apis;

/// <summary>The antiforgery token a cookie-authenticated client sends in <see cref="HeaderName"/> on every change.</summary>
public sealed record CsrfToken(string HeaderName, string Token);
