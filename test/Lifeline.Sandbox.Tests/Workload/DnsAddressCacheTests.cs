using System.Net;
using Lifeline.Sandbox.Workload;
using Microsoft.Extensions.Time.Testing;

namespace Lifeline.Sandbox.Tests.Workload;

public sealed class DnsAddressCacheTests
{
    private const string Name = "portal.axis.sandbox.";
    private static readonly IPAddress A = IPAddress.Parse("127.0.0.1");
    private static readonly IPAddress B = IPAddress.Parse("127.0.0.2");

    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void TryGet_WithinTtl_HitsUntilExpiry()
    {
        var cache = new DnsAddressCache(_time);
        cache.Store(Name, [A], TimeSpan.FromSeconds(60));

        _time.Advance(TimeSpan.FromSeconds(59));
        var hit = cache.TryGet(Name, out var address);
        _time.Advance(TimeSpan.FromSeconds(1));
        var expired = cache.TryGet(Name, out _);

        Assert.True(hit);
        Assert.Equal(A, address);
        Assert.False(expired);
    }

    [Fact]
    public void TryGet_TwoRecords_Rotates()
    {
        var cache = new DnsAddressCache(_time);
        cache.Store(Name, [A, B], TimeSpan.FromSeconds(60));

        var seen = Enumerable.Range(0, 4).Select(_ => cache.TryGet(Name, out var a) ? a : null).ToList();

        Assert.Equal([A, B, A, B], seen);
    }

    [Fact]
    public void Forget_AddressOfEntry_DropsEntryBeforeTtl()
    {
        var cache = new DnsAddressCache(_time);
        cache.Store(Name, [A, B], TimeSpan.FromSeconds(60));

        cache.Forget(Name, IPAddress.Parse("10.9.9.9"));
        var stillCached = cache.TryGet(Name, out _);
        cache.Forget(Name, B);

        Assert.True(stillCached);
        Assert.False(cache.TryGet(Name, out _));
    }

    [Fact]
    public void TryGet_ZeroTtl_NeverCaches()
    {
        var cache = new DnsAddressCache(_time);
        cache.Store(Name, [A], TimeSpan.Zero);

        Assert.False(cache.TryGet(Name, out _));
    }
}
