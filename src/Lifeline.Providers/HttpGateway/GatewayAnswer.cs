using Lifeline.Core.Providers;

namespace Lifeline.Providers.HttpGateway;

/// <summary>An admin call's result: the integration it reports, or the step's failure.</summary>
internal sealed record GatewayAnswer(string? Uri, OperationOutcome? Failure);
