using System.Diagnostics;
using System.Reflection;
using System.Runtime.CompilerServices;
using Lifeline.Core.Providers;

namespace Lifeline.Engine.Monitoring;

/// <summary>
/// Compiles the recovery path ahead, while the estate is healthy. A monitor runs for months and starts a failover once:
/// without this, the run's engine, its store writes and the providers' fence and promote code are compiled by the JIT at
/// the moment of the outage, on the critical path between the decision and a writable database. On a loaded host that
/// compilation competes for the CPU with everything else, and it was seconds of the benchmark's SIGKILL failover.
/// </summary>
internal static class RecoveryPathWarmup
{
    /// <summary>How many methods were compiled ahead and how long it took.</summary>
    public sealed record Result(int Methods, TimeSpan Elapsed);

    /// <summary>Set once a warm-up has gone through every method: compiled code lasts as long as the process.</summary>
    private static Result? s_done;

    /// <summary>Starts compiling on a thread of its own; a process whose recovery path is already compiled does nothing.</summary>
    public static Task<Result> StartAsync(ProviderRegistry providers, CancellationToken cancellationToken) =>
        Volatile.Read(ref s_done) is { } done
            ? Task.FromResult(done)
            : Task.Factory.StartNew(() => Compile(Assemblies(providers), cancellationToken), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    /// <summary>Lifeline's own assemblies on the path from a decision to a promoted database, and the state store's driver.</summary>
    private static IEnumerable<Assembly> Assemblies(ProviderRegistry providers) =>
        providers.Descriptors
            .Select(d => providers.Implementation(d.Name)?.GetType().Assembly)
            .OfType<Assembly>()
            .Append(typeof(RecoveryPathWarmup).Assembly)
            .Append(typeof(ProviderRegistry).Assembly)
            .Append(typeof(Microsoft.Data.Sqlite.SqliteConnection).Assembly)
            .Distinct();

    private static Result Compile(IEnumerable<Assembly> assemblies, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var compiled = 0;
        foreach (var type in assemblies.SelectMany(Types))
        {
            if (cancellationToken.IsCancellationRequested)
            {
                break;
            }

            if (type.ContainsGenericParameters)
            {
                continue;
            }

            foreach (var method in type.GetMethods(BindingFlags.DeclaredOnly | BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic).Cast<MethodBase>()
                .Concat(type.GetConstructors(BindingFlags.DeclaredOnly | BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)))
            {
                if (method.IsAbstract || method.ContainsGenericParameters || method.GetMethodBody() is null)
                {
                    continue;
                }

                try
                {
                    RuntimeHelpers.PrepareMethod(method.MethodHandle);
                    compiled++;
                }
                catch (Exception exception) when (exception is ArgumentException or NotSupportedException or InvalidOperationException or BadImageFormatException or TypeLoadException or MissingMethodException)
                {
                    // A method the runtime cannot compile ahead (an unusual signature) is compiled on first call, as without this.
                }
            }
        }

        var result = new Result(compiled, watch.Elapsed);
        if (!cancellationToken.IsCancellationRequested)
        {
            Volatile.Write(ref s_done, result);
        }

        return result;
    }

    private static IEnumerable<Type> Types(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException exception)
        {
            return exception.Types.OfType<Type>();
        }
    }
}
