using Fluid;
using Fluid.Ast;

namespace Lifeline.Providers.Communications.Templates;

/// <summary>
/// Walks a parsed template and names every variable it reads that is not on <see cref="MessageModelMembers"/>'s
/// allow-list — a step output, a patient's name — so such a template is refused when it is loaded, not after it has
/// been sent.
/// </summary>
internal sealed class AllowListChecker : AstVisitor
{
    private readonly Dictionary<string, string> _locals = new(StringComparer.Ordinal);
    private readonly List<string> _errors = [];
    private bool _collecting;

    public static IReadOnlyList<string> Check(IFluidTemplate template)
    {
        var checker = new AllowListChecker { _collecting = true };
        checker.VisitTemplate(template);
        checker._collecting = false;
        checker.VisitTemplate(template);
        return checker._errors.Distinct(StringComparer.Ordinal).ToList();
    }

    protected override Statement VisitForStatement(ForStatement forStatement)
    {
        if (_collecting)
        {
            var source = forStatement.Source is MemberExpression { Segments: [IdentifierSegment only] } ? only.Identifier : "";
            _locals[forStatement.Identifier] = source switch
            {
                "phases" => "phase",
                "services" => "service",
                _ => "value",
            };
            _locals["forloop"] = "forloop";
        }

        return base.VisitForStatement(forStatement);
    }

    protected override Statement VisitAssignStatement(AssignStatement assignStatement)
    {
        if (_collecting)
            _locals.TryAdd(assignStatement.Identifier, "value");
        return base.VisitAssignStatement(assignStatement);
    }

    protected override Statement VisitCaptureStatement(CaptureStatement captureStatement)
    {
        if (_collecting)
            _locals.TryAdd(captureStatement.Identifier, "value");
        return base.VisitCaptureStatement(captureStatement);
    }

    protected override Expression VisitMemberExpression(MemberExpression memberExpression)
    {
        if (!_collecting)
            Check(memberExpression);
        return base.VisitMemberExpression(memberExpression);
    }

    private void Check(MemberExpression member)
    {
        var names = member.Segments.Select(s => s is IdentifierSegment id ? id.Identifier : null).ToList();
        if (names.Count == 0 || names[0] is not { } root)
            return;
        var path = string.Join('.', names.Select(n => n ?? "[]"));
        var second = names.Count > 1 ? names[1] : null;
        if (_locals.TryGetValue(root, out var kind))
        {
            var allowed = kind switch
            {
                "phase" => second is null || MessageModelMembers.Phase.ContainsKey(second),
                "service" => second is null,
                _ => true,
            };
            if (!allowed)
                _errors.Add($"'{path}' is not allowed: a phase has only {string.Join(", ", MessageModelMembers.Phase.Keys)}");
            return;
        }

        if (!MessageModelMembers.Model.ContainsKey(root))
        {
            _errors.Add($"'{path}' is not a message field; templates may use only {string.Join(", ", MessageModelMembers.Model.Keys)}");
            return;
        }

        if (second is not null && !(MessageModelMembers.Lists.Contains(root) && MessageModelMembers.ListMembers.Contains(second)))
        {
            _errors.Add($"'{path}' is not allowed: '{root}' is a plain value");
            return;
        }

        if (root == "phases" && second is "first" or "last" && names.Count > 2 && names[2] is { } field && !MessageModelMembers.Phase.ContainsKey(field))
            _errors.Add($"'{path}' is not allowed: a phase has only {string.Join(", ", MessageModelMembers.Phase.Keys)}");
    }
}
