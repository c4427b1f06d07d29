using Lifeline.Core.Diagnostics;
using Lifeline.Core.Plans;

namespace Lifeline.Core.PlanFiles;

/// <summary>Where each part of a step was written, kept beside the model so later checks can point at it.</summary>
internal sealed class StepSyntax(string id, int phaseIndex, string? owner, SourceLocation location)
{
    public string Id => id;

    /// <summary>Index of the phase the step belongs to.</summary>
    public int PhaseIndex => phaseIndex;

    /// <summary>For a compensation, the id of the step it compensates.</summary>
    public string? Owner => owner;

    public SourceLocation Location => location;

    public Step? Step { get; set; }

    public StepBody? Body { get; set; }

    public KeyedLocation? Operation { get; set; }

    public KeyedLocation? Target { get; set; }

    public KeyedLocation? Channel { get; set; }

    public SourceLocation? Timeout { get; set; }

    public List<MapEntry> With { get; } = [];

    public List<MapEntry> Expect { get; } = [];

    public List<KeyedLocation> Needs { get; } = [];

    public List<KeyedLocation> Contacts { get; } = [];

    public List<TextSite> Texts { get; } = [];
}
