using Lifeline.Core.Estates;
using Lifeline.Core.PlanFiles;

namespace Lifeline.Engine.Calendar.Communications;

/// <summary>
/// Sends and grades the calendar's communications tests for the scheduler. The host provides it, since only the host
/// knows the profile, the environment and the address its acknowledgement links point to.
/// </summary>
public interface ICommunicationsTester
{
    Task<CommunicationsRound> SendAsync(LoadedEstate loaded, CalendarItem item, CancellationToken cancellationToken);

    Task<CommunicationsGrade> GradeAsync(CommunicationsRound round, CalendarItem item, CancellationToken cancellationToken);
}
