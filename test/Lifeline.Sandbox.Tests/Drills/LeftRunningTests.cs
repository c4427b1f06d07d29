using System.Net;
using System.Net.Sockets;
using Lifeline.Core.Estates;
using Lifeline.Engine.Calendar;
using Lifeline.Sandbox.Drills;
using Lifeline.Sandbox.Tests.Readiness;

namespace Lifeline.Sandbox.Tests.Drills;

/// <summary>
/// The clean-up check of a scheduled drill, without a drill: a port of the drill's sandbox held by a listener this test
/// opens stands for a server its tear-down failed to stop (the real sandbox's ports are checked after its down in
/// <see cref="MedZenReadinessTests"/>).
/// </summary>
public sealed class LeftRunningTests
{
    [Fact]
    public void After_SandboxPortLeftBound_DrillGradedFailedNamingThePort()
    {
        // Given a drill sandbox whose portal port is still bound after its tear-down, and whose pdns port was freed
        using var portal = new TcpListener(IPAddress.Loopback, 0);
        portal.Start();
        var bound = ((IPEndPoint)portal.LocalEndpoint).Port;
        int freed;
        using (var pdns = new TcpListener(IPAddress.Loopback, 0))
        {
            pdns.Start();
            freed = ((IPEndPoint)pdns.LocalEndpoint).Port;
        }

        var directory = Path.Combine(Path.GetTempPath(), $"lifeline-drill-{Guid.NewGuid():N}");
        var ports = new Dictionary<string, int> { ["portal"] = bound, ["pdns"] = freed };

        // When the clean-up is checked and the drill, otherwise a success within its objectives, is graded
        var left = LeftRunning.After(directory, ports);
        var scratch = Path.Combine(Path.GetTempPath(), $"lifeline-left-{Guid.NewGuid():N}");
        var estate = AxisReadiness.Load(scratch);
        Directory.Delete(scratch, recursive: true);
        var item = estate.Estate.Calendar.First(i => i.IsDrill && i.Mode == CalendarMode.Sandbox);
        var request = new DrillRequest(estate, item, item.Drill!, item.Mode, DateTimeOffset.UnixEpoch);
        var grade = DrillGrader.Grade(request, new DrillResult("run-1", true, TimeSpan.FromSeconds(1), TimeSpan.Zero, [], left), DateTimeOffset.UnixEpoch);

        // Then it fails for that one reason, naming the port and what it was for
        Assert.False(grade.Passed);
        Assert.Equal([$"not cleaned up: port {bound} (portal) still bound"], grade.Reasons);
    }
}
