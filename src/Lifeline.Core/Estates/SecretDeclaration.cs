using Lifeline.Core.Diagnostics;

namespace Lifeline.Core.Estates;

/// <summary>
/// Where a secret comes from at run time: an environment variable or a file. Without a declaration,
/// <c>${{ secrets.NAME }}</c> reads the environment variable <c>LIFELINE_SECRET_NAME</c>.
/// </summary>
public sealed record SecretDeclaration(string Name, string? Env, string? File, SourceLocation Location);
