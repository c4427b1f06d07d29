using Lifeline.Core.Estates;
using Lifeline.Core.PlanFiles;

namespace Lifeline.Engine.Calendar.Communications;

/// <summary>
/// The communications tests of one host: sent in <paramref name="profile"/> (the estate's first when it has no such
/// profile) with links to <paramref name="server"/>, whose acknowledgement endpoint shares <see cref="CommunicationsTest"/>'s book.
/// </summary>
public sealed class CommunicationsTester(CommunicationsTest test, string? profile, Func<string, string?> environment, Func<Uri> server) : ICommunicationsTester
{
    public Task<CommunicationsRound> SendAsync(LoadedEstate loaded, CalendarItem item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(loaded);
        var chosen = profile is not null && loaded.Estate.Profiles.Contains(profile) ? profile : loaded.Estate.Profiles[0];
        return test.SendAsync(loaded.Estate, item, chosen, environment, server(), cancellationToken);
    }

    public Task<CommunicationsGrade> GradeAsync(CommunicationsRound round, CalendarItem item, CancellationToken cancellationToken) => test.GradeAsync(round, item, cancellationToken);
}
