using Lifeline.Core.Providers;
using Lifeline.Engine.Secrets;

namespace Lifeline.Engine.Incidents.Escalation;

/// <summary>Collects what a channel provider logs while it sends a notice, redacted.</summary>
internal sealed class NoticeLog(Redactor redactor) : IStepLog
{
    private readonly List<string> _lines = [];

    public IReadOnlyList<string> Lines => _lines;

    public void Write(string line) => _lines.Add(redactor.Redact(line));
}
