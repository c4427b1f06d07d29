using System.Globalization;
using System.Net;
using Lifeline.FailoverBench.Faults;
using Lifeline.FailoverBench.Processes;
using Lifeline.FailoverBench.Trials;
using Lifeline.FailoverBench.Workload;

namespace Lifeline.FailoverBench.Patroni;

/// <summary>
/// Patroni (Debian's package, single-member etcd) under one <see cref="PatroniSettings"/>: every failover trial builds a
/// fresh cluster, runs the writer, loses the leader's host and measures the survivor; the blip test reuses one cluster
/// until a blip causes a failover.
/// </summary>
internal sealed class PatroniSystem(PatroniSettings settings, BenchOptions options, string root) : IFailoverSystem
{
    public string Name => settings.Name;

    private TimeSpan FailoverTimeout => TimeSpan.FromSeconds((settings.EffectiveTtl * 3) + 60);

    public IReadOnlyDictionary<string, string> Describe() => new Dictionary<string, string>
    {
        ["ttl_s"] = settings.EffectiveTtl.ToString(CultureInfo.InvariantCulture),
        ["loop_wait_s"] = settings.EffectiveLoopWait.ToString(CultureInfo.InvariantCulture),
        ["retry_timeout_s"] = settings.EffectiveRetryTimeout.ToString(CultureInfo.InvariantCulture),
        ["timing_in_config"] = settings.Ttl is null ? "none (Patroni defaults)" : "explicit",
        ["synchronous_mode"] = settings.Synchronous ? "true" : "false",
        ["dcs"] = settings.Dcs == "etcd3" ? "etcd 3.4, v3 API, single member" : "etcd 3.4, v2 API, single member",
        ["write_rate_per_s"] = options.WriteRate.ToString(CultureInfo.InvariantCulture),
        ["warmup_s"] = options.WarmupS.ToString(CultureInfo.InvariantCulture),
    };

    public async Task<FailoverTrial> RunFailoverAsync(int trial, string fault, CancellationToken cancellationToken)
    {
        PatroniCluster? cluster = null;
        Writer? writer = null;
        StubbornWriter? stubborn = null;
        PortPartition? partition = null;
        var logs = Path.Combine(options.Output, "logs", $"{Name}-{fault}-trial-{trial}");
        try
        {
            cluster = await PatroniCluster.StartAsync(root, options.RunAs, settings, cancellationToken);
            var leader = await cluster.WaitHealthyAsync(TimeSpan.FromSeconds(60), cancellationToken);
            var survivor = cluster.Other(leader);
            writer = Writer.Start(cluster.PgPorts, options.WriteRate);
            await Task.Delay(TimeSpan.FromSeconds(options.WarmupS), cancellationToken);
            if (writer.Acknowledged.Count == 0)
            {
                return new(trial, null, null, null, null, leader.Name, null, "the writer had no acknowledged write before the fault") { Fault = fault };
            }

            long faultAt;
            if (fault == FaultKind.Partition)
            {
                // A client on the old primary's host keeps writing through its Unix socket, which the cut leaves alone.
                stubborn = StubbornWriter.Start(cluster.SocketDirectory, leader.PgPort);
                faultAt = TimeProvider.System.GetTimestamp();
                partition = await PortPartition.CutAsync(leader.EdgePorts, cancellationToken);
            }
            else
            {
                faultAt = cluster.KillHost(leader);
            }

            var writable = await Probe.WaitWritableAsync(survivor.PgPort, faultAt, FailoverTimeout, cancellationToken);
            var validated = writable is null ? null : await Probe.WaitValidatedAsync(survivor.PgPort, survivor.Rest, faultAt, FailoverTimeout, cancellationToken);
            if (validated is null)
            {
                cluster.PreserveLogs(logs);
                return new(trial, writable, null, null, writer.Acknowledged.Count, leader.Name, null,
                    $"no {(writable is null ? "writable" : "validated")} primary within {FailoverTimeout.TotalSeconds:F0} s\n{cluster.Logs()}") { Fault = fault };
            }

            // The stubborn client keeps trying for a while after the new primary is validated.
            await Task.Delay(TimeSpan.FromSeconds(fault == FaultKind.Partition ? 3 : 1), cancellationToken);
            await writer.StopAsync();
            var lost = await writer.CountLostAsync(survivor.PgPort, cancellationToken);
            int? afterWritable = null;
            double? lastWrite = null;
            if (stubborn is not null)
            {
                await stubborn.DisposeAsync();
                var writableAt = faultAt + (long)(writable!.Value * TimeProvider.System.TimestampFrequency);
                afterWritable = stubborn.AcknowledgedSince(writableAt);
                lastWrite = stubborn.LastAcknowledged is { } last ? TimeProvider.System.GetElapsedTime(faultAt, last).TotalSeconds : null;
                stubborn = null;
            }

            return new(trial, writable, validated, lost, writer.Acknowledged.Count, leader.Name, survivor.Name, null)
            {
                Fault = fault,
                OldPrimaryWritesAfterWritable = afterWritable,
                OldPrimaryLastWriteS = lastWrite,
            };
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException || Postgres.IsTransportFailure(e))
        {
            cluster?.PreserveLogs(logs);
            await Console.Error.WriteLineAsync($"{Name} {fault} trial {trial}: {e}");
            return new(trial, null, null, null, null, null, null, e.Message) { Fault = fault };
        }
        finally
        {
            if (stubborn is not null)
            {
                await stubborn.DisposeAsync();
            }

            if (partition is not null)
            {
                await partition.DisposeAsync();
            }

            if (writer is not null)
            {
                await writer.DisposeAsync();
            }

            if (cluster is not null)
            {
                await cluster.DisposeAsync();
            }
        }
    }

    public async Task<IReadOnlyList<BlipTrial>?> RunBlipsAsync(int trials, CancellationToken cancellationToken)
    {
        var results = new List<BlipTrial>();
        PatroniCluster? cluster = null;
        Writer? writer = null;
        try
        {
            for (var trial = 1; trial <= trials; trial++)
            {
                try
                {
                    if (cluster is null)
                    {
                        cluster = await PatroniCluster.StartAsync(root, options.RunAs, settings, cancellationToken);
                        writer = Writer.Start(cluster.PgPorts, options.WriteRate);
                    }

                    var result = await BlipAsync(trial, cluster, writer!, cancellationToken);
                    results.Add(result);
                    Console.WriteLine($"{Name} blip {trial,2}: paused {result.PausedS:F2} s, failover {(result.Failover ? "YES" : "no")}, "
                        + $"leader lost lock {(result.LeaderLostLock ? "yes" : "no")}, writer stall {result.WriterStallS:F2} s{(result.Error is null ? "" : " — " + result.Error)}");
                    if (result.Failover || result.Error is not null)
                    {
                        cluster.PreserveLogs(Path.Combine(options.Output, "logs", $"{Name}-blip-{trial}"));
                        (cluster, writer) = await RestartAsync(cluster, writer);
                    }
                }
                catch (Exception e) when (e is TimeoutException or InvalidOperationException || Postgres.IsTransportFailure(e))
                {
                    results.Add(new(trial, 0, false, false, null, e.Message));
                    Console.WriteLine($"{Name} blip {trial,2}: error {e.Message}");
                    (cluster, writer) = await RestartAsync(cluster, writer);
                }
            }
        }
        finally
        {
            await RestartAsync(cluster, writer);
        }

        return results;
    }

    private async Task<BlipTrial> BlipAsync(int trial, PatroniCluster cluster, Writer writer, CancellationToken cancellationToken)
    {
        var time = TimeProvider.System;
        var leader = await cluster.WaitHealthyAsync(TimeSpan.FromSeconds(60), cancellationToken);
        var other = cluster.Other(leader);
        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
        var pids = leader.PostgresPids();
        if (pids.Count == 0)
        {
            return new(trial, 0, false, false, null, "no postmaster found for the leader");
        }

        var start = time.GetTimestamp();
        foreach (var pid in pids)
        {
            ProcessTable.Signal(pid, ProcessTable.SigStop);
        }

        try
        {
            await Task.Delay(TimeSpan.FromSeconds(options.BlipPauseS), cancellationToken);
        }
        finally
        {
            foreach (var pid in pids)
            {
                ProcessTable.Signal(pid, ProcessTable.SigCont);
            }
        }

        var paused = time.GetElapsedTime(start).TotalSeconds;
        var failover = false;
        var lostLock = false;
        while (time.GetElapsedTime(start).TotalSeconds < paused + options.BlipObserveS)
        {
            failover |= await other.Rest.PrimaryStatusAsync(cancellationToken) == HttpStatusCode.OK;
            lostLock |= await leader.Rest.PrimaryStatusAsync(cancellationToken) == HttpStatusCode.ServiceUnavailable;
            await Task.Delay(100, cancellationToken);
        }

        var acknowledged = writer.Acknowledged.Where(a => a.At >= start - time.TimestampFrequency).Select(a => a.At).ToList();
        double? stall = acknowledged.Count < 2 ? null
            : acknowledged.Zip(acknowledged.Skip(1)).Max(p => time.GetElapsedTime(p.First, p.Second).TotalSeconds);
        return new(trial, paused, failover, lostLock, stall, null);
    }

    private static async Task<(PatroniCluster?, Writer?)> RestartAsync(PatroniCluster? cluster, Writer? writer)
    {
        if (writer is not null)
        {
            await writer.DisposeAsync();
        }

        if (cluster is not null)
        {
            await cluster.DisposeAsync();
        }

        return (null, null);
    }
}
