using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Lifeline.Engine.Calendar.Communications;

/// <summary>
/// The acknowledgement links of the communications tests in flight: one unguessable token per recipient, and when it was
/// first used. Shared by the process that sends the test and the server's acknowledgement endpoint; a token acknowledges
/// once, a second use changes nothing.
/// </summary>
public sealed class AcknowledgementBook
{
    private readonly ConcurrentDictionary<string, Expected> _tokens = new(StringComparer.Ordinal);

    /// <summary>A fresh token for <paramref name="contact"/> in <paramref name="round"/>.</summary>
    public string Issue(string round, string contact)
    {
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        _tokens[token] = new Expected(round, contact, null);
        return token;
    }

    /// <summary>Records the acknowledgement; null when the token is unknown (never issued, or its round forgotten).</summary>
    public Acknowledgement? Acknowledge(string token, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(token);
        while (_tokens.TryGetValue(token, out var expected))
        {
            if (expected.At is not null || _tokens.TryUpdate(token, expected with { At = at }, expected))
            {
                var first = _tokens[token];
                return new Acknowledgement(first.Round, first.Contact, first.At!.Value);
            }
        }

        return null;
    }

    /// <summary>When the token was first used; null when it was not (yet).</summary>
    public DateTimeOffset? AcknowledgedAt(string token) => _tokens.TryGetValue(token, out var expected) ? expected.At : null;

    /// <summary>Forgets a graded round's tokens, so its links stop working.</summary>
    public void Forget(string round)
    {
        foreach (var (token, expected) in _tokens)
        {
            if (expected.Round == round)
            {
                _tokens.TryRemove(token, out _);
            }
        }
    }

    private sealed record Expected(string Round, string Contact, DateTimeOffset? At);
}
