using System.Text.Json.Serialization;

namespace Lifeline.Engine.Readiness;

/// <summary>
/// The verdict on one readiness item. <see cref="NotChecked"/> is what the estate cannot be checked for (no binding, no
/// provider that can report it): a gap to close, never a failure of Lifeline's own making.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<ReadinessStatus>))]
public enum ReadinessStatus
{
    [JsonStringEnumMemberName("pass")]
    Pass,

    [JsonStringEnumMemberName("fail")]
    Fail,

    [JsonStringEnumMemberName("not-checked")]
    NotChecked,
}
