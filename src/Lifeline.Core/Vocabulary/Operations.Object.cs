using Lifeline.Core.Providers;
using static Lifeline.Core.Providers.FieldDescriptor;
using static Lifeline.Core.Providers.ParameterDescriptor;

namespace Lifeline.Core.Vocabulary;

public static partial class Operations
{
    /// <summary>Object stores (aws-s3 in production): one bucket (and prefix) per resource.</summary>
    public static class ObjectStore
    {
        public static readonly ProbeDescriptor Stat = new(
            "object.stat",
            "Whether one object exists, its size and its age (a replicated backup's freshness).",
            [Required("key", ParameterType.String, "The object's key, relative to the resource's prefix.")],
            [Flag("exists", "Whether the object exists."),
             Whole("size_bytes", "Its size; empty when it does not exist."),
             Text("last_modified", "When it was last written (ISO 8601); empty when it does not exist."),
             Decimal("age_s", "Seconds since it was last written; empty when it does not exist."),
             Text("etag", "Its entity tag; empty when it does not exist.")]);

        public static readonly ProbeDescriptor List = new(
            "object.list",
            "List the objects under a prefix: whether the bucket answers, how many there are, and the newest.",
            [Optional("prefix", ParameterType.String, "Under the resource's prefix (default: all of it)."),
             Optional("max", ParameterType.Integer, "At most this many objects are counted (default 1000)."),
             Optional("lost-at", ParameterType.String, "When the data's source was lost (ISO 8601): asks for the file recovery point; empty: against the time of this check, which overstates it by the time since the loss.")],
            [Flag("reachable", "Whether the bucket could be listed."),
             Whole("count", "Objects found (at most max)."),
             Flag("truncated", "Whether there were more than max."),
             Text("newest_key", "The most recently written object's key; empty when there is none."),
             Decimal("newest_age_s", "Seconds since the newest object was written; empty when there is none."),
             Text("newest_at", "When the newest object was written (ISO 8601); empty when there is none."),
             Decimal("rpo_files_s", "The file recovery point: seconds by which the newest object here is older than lost-at (0 when it is newer); empty when there is none or the step gave no lost-at.")]);

        public static readonly OperationDescriptor Sync = new(
            "object.sync",
            "Copy every object under a source that is missing or different at this resource (the resource is the destination).",
            [Required("source", ParameterType.String, "Source, as s3://bucket/prefix/ (in another region or service: see the provider's source settings)."),
             Optional("delete", ParameterType.Boolean, "Also delete objects the source does not have (default false).")],
            [Whole("copied", "Objects copied."),
             Whole("deleted", "Objects deleted."),
             Text("destination", "The destination, as s3://bucket/prefix/.")],
            Idempotent: true);

        public static readonly Capability Capability = new("object", "Object storage: stat, list and sync objects.", [Sync], [Stat, List]);
    }
}
