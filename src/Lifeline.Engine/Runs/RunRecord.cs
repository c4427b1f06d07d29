using Lifeline.Core.Providers;

namespace Lifeline.Engine.Runs;

/// <summary>
/// A run as stored. <see cref="Sources"/> is the snapshot of the estate and plan files the run started with, so a
/// resumed run executes exactly that plan even if the files changed since.
/// </summary>
public sealed record RunRecord(
    string Id,
    string Scenario,
    string EstateName,
    RunMode Mode,
    string Profile,
    RunStatus Status,
    DateTimeOffset StartedAt,
    DateTimeOffset ClockStart,
    DateTimeOffset? FinishedAt,
    long Epoch,
    bool AutoApprove,
    string StartedBy,
    string Sources,
    string Inputs,
    string? Reason);
