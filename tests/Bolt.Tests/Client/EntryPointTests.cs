using System.Diagnostics;
using System.Text.RegularExpressions;
using Bolt.Client;
using Bolt.Core;
using Xunit;

namespace Bolt.Tests.Client;

/// <summary>The way in a new user takes: BoltMap, plain dictionaries, Count, CreateAsync with progress and cancellation, and the README sample.</summary>
public sealed partial class EntryPointTests
{
    private static readonly BoltParameters Small = new(capacity: 1024, valueSize: 16);

    [Fact]
    public async Task BoltMap_creates_a_loaded_map_on_the_simulator_from_a_plain_dictionary_and_counts_its_keys()
    {
        var items = Enumerable.Range(0, 100).ToDictionary(i => $"key-{i}", i => BitConverter.GetBytes(i));
        var reports = new List<long>();
        await using var map = await Bolt.BoltMap.CreateAsync(new Bolt.BoltMapOptions { Parameters = Small }, items, new SyncProgress(reports.Add));

        Assert.Equal(100, map.Count);
        Assert.True(map.CountIsExact);
        Assert.Equal(100, reports[^1]);
        Assert.Equal(BitConverter.GetBytes(42), await map.GetAsync("key-42"));
        Assert.True(await map.PutAsync("new", new byte[] { 1 }));
        Assert.False(await map.PutAsync("key-1", new byte[] { 2 }));
        Assert.True(await map.DeleteAsync("key-2"));
        Assert.False(await map.DeleteAsync("absent"));
        Assert.Equal(100, map.Count);
    }

    [Fact]
    public async Task ObliviousMap_takes_a_plain_dictionary_too()
    {
        var relay = MapFixture.Relay(256, 8, 1, out var provisioningKey);
        var items = new Dictionary<string, byte[]> { ["a"] = [1], ["b"] = [2] };
        await using var map = ObliviousMap.Create(relay, provisioningKey, MapFixture.PrfKey, items);
        Assert.Equal(2, map.Count);
        Assert.Equal(new byte[] { 2 }, await map.GetAsync("b"));
    }

    [Fact]
    public async Task CreateAsync_cancelled_during_encoding_sends_no_load_and_leaves_the_device_empty()
    {
        var relay = MapFixture.Relay(1 << 17, 8, 1, out var provisioningKey);
        var items = Enumerable.Range(0, 70_000).ToDictionary(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture), i => BitConverter.GetBytes(i));
        using var cancel = new CancellationTokenSource();
        var progress = new SyncProgress(_ => cancel.Cancel());
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            ObliviousMap.CreateAsync(relay, provisioningKey, MapFixture.PrfKey, items, progress, ownsDevice: false, cancellationToken: cancel.Token));
        Assert.Equal(0, relay.SealedCalls);

        // Nothing was loaded, so the device still takes a create.
        await using var map = await ObliviousMap.CreateAsync(relay, provisioningKey, MapFixture.PrfKey, new Dictionary<string, byte[]> { ["x"] = [7] });
        Assert.Equal(new byte[] { 7 }, await map.GetAsync("x"));
    }

    [Fact]
    public void The_README_sample_is_the_sample_project_and_it_runs()
    {
        string root = RepositoryRoot();
        string readme = File.ReadAllText(Path.Combine(root, "README.md"));
        string sample = File.ReadAllText(Path.Combine(root, "samples", "QuickStart", "Program.cs"));
        var block = CSharpBlock().Match(readme);
        Assert.True(block.Success, "README.md has no ```csharp sample");
        Assert.Equal(sample.ReplaceLineEndings().Trim(), block.Groups[1].Value.ReplaceLineEndings().Trim());

        var start = new ProcessStartInfo("dotnet", Path.Combine(AppContext.BaseDirectory, "QuickStart.dll")) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd();
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, error);
        Assert.Contains("alice = red, bob present: True, 3 keys", output, StringComparison.Ordinal);
        Assert.Contains("The value is 64 bytes; this map stores at most 32. Nothing was sent.", output, StringComparison.Ordinal);
    }

    internal static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Bolt.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Bolt.sln not found above the test binaries.");
    }

    [GeneratedRegex("```csharp\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();

    /// <summary>Reports synchronously on the reporting thread, unlike <see cref="Progress{T}"/>.</summary>
    private sealed class SyncProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
