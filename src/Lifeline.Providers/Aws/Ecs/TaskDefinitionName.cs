namespace Lifeline.Providers.Aws.Ecs;

/// <summary>family:revision, from a task definition ARN (arn:aws:ecs:…:task-definition/family:7) or the short form.</summary>
internal sealed record TaskDefinitionName(string Family, int Revision)
{
    public override string ToString() => $"{Family}:{Revision.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    public static TaskDefinitionName? Parse(string text)
    {
        var name = text.Contains('/', StringComparison.Ordinal) ? text[(text.LastIndexOf('/') + 1)..] : text;
        var colon = name.LastIndexOf(':');
        return colon > 0 && int.TryParse(name[(colon + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var revision)
            ? new TaskDefinitionName(name[..colon], revision)
            : null;
    }
}
