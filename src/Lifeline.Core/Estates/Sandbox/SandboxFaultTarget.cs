namespace Lifeline.Core.Estates.Sandbox;

/// <summary>What a fault word is aimed at.</summary>
public enum SandboxFaultTarget
{
    /// <summary>Nothing: the word names its victim (primary-site, primary-db, ...).</summary>
    None,

    /// <summary>A sandbox site (kill-site primary, partition-site primary).</summary>
    Site,

    /// <summary>A resource, process, process service or component (kill db-primary, pause pg-primary).</summary>
    Resource,
}
