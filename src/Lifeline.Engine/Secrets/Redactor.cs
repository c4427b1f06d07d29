using Lifeline.Core.Expressions;

namespace Lifeline.Engine.Secrets;

/// <summary>
/// Masks every secret value resolved during a run wherever it appears in text that leaves the engine: outputs, logs,
/// errors, state rows and reports. Values shorter than <see cref="MinimumLength"/> are not masked, because masking
/// "1" or "on" would shred every message.
/// </summary>
public sealed class Redactor
{
    public const int MinimumLength = 4;
    private readonly Lock _gate = new();
    private string[] _values = [];

    public void Register(string value)
    {
        if (value.Length < MinimumLength)
        {
            return;
        }

        lock (_gate)
        {
            if (Array.IndexOf(_values, value) >= 0)
            {
                return;
            }

            // Longest first, so a secret that contains another is masked whole.
            _values = [.. _values.Append(value).OrderByDescending(v => v.Length)];
        }
    }

    public string Redact(string text)
    {
        var values = _values;
        foreach (var value in values)
        {
            if (text.Contains(value, StringComparison.Ordinal))
            {
                text = text.Replace(value, ExpressionEvaluator.Mask, StringComparison.Ordinal);
            }
        }

        return text;
    }

    public IReadOnlyDictionary<string, string> Redact(IReadOnlyDictionary<string, string> values)
    {
        if (_values.Length == 0)
        {
            return values;
        }

        return values.ToDictionary(kv => kv.Key, kv => Redact(kv.Value));
    }
}
