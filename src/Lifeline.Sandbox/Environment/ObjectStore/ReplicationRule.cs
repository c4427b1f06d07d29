namespace Lifeline.Sandbox.Environment.ObjectStore;

/// <summary>An s3 component's replication: new objects of one site's bucket, copied lag later under a prefix of another site's bucket.</summary>
internal sealed record ReplicationRule(string SourceBucket, string SourceSite, string TargetBucket, string TargetPrefix, string TargetSite, TimeSpan Lag);
