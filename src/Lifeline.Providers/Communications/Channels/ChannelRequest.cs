using Lifeline.Core.Providers;

namespace Lifeline.Providers.Communications.Channels;

/// <summary>The checks every channel makes before it sends: the operation, the required settings and inputs.</summary>
internal static class ChannelRequest
{
    /// <summary>Returns why <paramref name="request"/> cannot be sent by <paramref name="channel"/>, or null when it can.</summary>
    public static string? Problem(string channel, OperationRequest request, OperationDescriptor operation, params string[] requiredSettings)
    {
        if (request.Operation != operation.Name)
            return $"{channel} does not support operation '{request.Operation}'.";
        var settings = requiredSettings.Where(s => string.IsNullOrWhiteSpace(request.Settings.GetValueOrDefault(s))).ToList();
        if (settings.Count > 0)
            return $"{channel} needs the setting(s) {string.Join(", ", settings)}.";
        var inputs = operation.Inputs.Where(i => i.IsRequired && !request.Inputs.ContainsKey(i.Name)).Select(i => i.Name).ToList();
        return inputs.Count > 0 ? $"{operation.Name} needs the input(s) {string.Join(", ", inputs)}." : null;
    }

    /// <summary>The <c>url</c> setting as an absolute http(s) URI, or the reason it is not one.</summary>
    public static (Uri? Url, string? Error) Url(string channel, IReadOnlyDictionary<string, string> settings, string? fallback = null)
    {
        var text = settings.GetValueOrDefault("url") is { Length: > 0 } url ? url : fallback;
        if (text is null)
            return (null, $"{channel} needs the setting url.");
        return Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? (uri, null)
            : (null, $"{channel}: '{text}' is not an http(s) URL.");
    }
}
