using System.Collections.Concurrent;
using Bolt.Cluster.Client;
using Bolt.Core;

namespace Bolt.Tests.Cluster;

/// <summary>
/// Rounds of puts to keys k0..k(n−1), one new value per key per round, remembering each key's last acknowledged value and
/// the values whose put failed (outcome unknown: the write ran whole or not at all, and may still take effect later).
/// </summary>
internal sealed class AcknowledgedWrites(int keys)
{
    private readonly ConcurrentDictionary<string, ConcurrentBag<byte[]>> _unknown = new();

    public ConcurrentDictionary<string, byte[]> Acknowledged { get; } = new();

    /// <summary>Puts round <paramref name="round"/>'s value to every key at once; returns the failures.</summary>
    public async Task<List<Exception>> RoundAsync(ShardedObliviousMap map, int round)
    {
        var errors = new ConcurrentBag<Exception>();
        await Task.WhenAll(Enumerable.Range(0, keys).Select(async k =>
        {
            string key = $"k{k}";
            var value = BitConverter.GetBytes((round * 100_000) + k);
            try
            {
                await map.PutAsync(key, value);
                Acknowledged[key] = value;
                _unknown.TryRemove(key, out _);
            }
            catch (BoltException e)
            {
                errors.Add(e);
                _unknown.GetOrAdd(key, _ => []).Add(value);
            }
        }));
        return [.. errors];
    }

    /// <summary>Whether <paramref name="value"/> may be read back: the last acknowledged value, or one written after it whose outcome is unknown.</summary>
    public bool Allows(string key, byte[]? value)
    {
        if (value is null)
        {
            return !Acknowledged.ContainsKey(key);
        }

        return (Acknowledged.TryGetValue(key, out var acked) && acked.AsSpan().SequenceEqual(value))
            || (_unknown.TryGetValue(key, out var maybe) && maybe.Any(v => v.AsSpan().SequenceEqual(value)));
    }
}
