using Bolt.Client;
using Bolt.Workloads;
using Bolt.Core;
using Bolt.Core.Abi;
using Bolt.Security.Experiments;
using Bolt.Security.Statistics;
using Bolt.Security.Workloads;

namespace Bolt.Security.Games;

/// <summary>
/// The restart game: the host restarts a device with the same root key and replays the same workload. If the
/// second lifetime draws the PRNG blocks of the first, op a touches the same page pair in both (chance 1/H²
/// per op otherwise), and if it seals pages under the keys of the first, every page is sealed again under the
/// same GCM nonce: equal plaintext blocks give equal ciphertext blocks, and the XOR of two images is the XOR of
/// their plaintexts. The demonstration XORs the image of an empty load with that of a full one: every slot of
/// the empty map is zero, so the XOR is the full map's plaintext, and the game counts the items it reads there.
/// </summary>
internal static class RestartGame
{
    private const string Name = "restart";

    /// <summary>Chance that one 16-byte block of two independent GCM encryptions agrees.</summary>
    private static readonly double BlockChance = Math.ScaleB(1, -128);

    /// <summary>Plays the game: three lifetimes from <paramref name="lifetimes"/> (same root key), two loaded and replayed, one empty.</summary>
    public static (List<GameTest> Tests, RestartOutcome Outcome) Play(ActiveGamesOptions options, DeviceLifetimes lifetimes, int replicate)
    {
        var p = options.Parameters;
        long workloadSeed = SuiteSeeds.Derive(options.Seed, 200, 0, replicate);
        var first = ActiveHost.Run(lifetimes, WorkloadKind.Uniform, options.Loaded, options.RestartOps, workloadSeed, 0, CorruptionSchedule.None);
        var second = ActiveHost.Run(lifetimes, WorkloadKind.Uniform, options.Loaded, options.RestartOps, workloadSeed, 0, CorruptionSchedule.None);
        var empty = ActiveHost.Run(lifetimes, WorkloadKind.AbsentKeys, 0, 0, workloadSeed, 0, CorruptionSchedule.None);

        long ops = Math.Min(first.Served.Count, second.Served.Count);
        long equalPairs = 0;
        for (int i = 0; i < ops; i++)
        {
            equalPairs += first.Served[i].First == second.Served[i].First && first.Served[i].Second == second.Served[i].Second ? 1 : 0;
        }

        var (headers, blocks, equalBlocks) = CompareImages(first.LoadImage, second.LoadImage, p);
        long recovered = RecoverItems(empty.LoadImage, first.LoadImage, p, new KeyPrf(YcsbRunner.PrfKey(workloadSeed)), options.Loaded);
        var outcome = new RestartOutcome(ops, equalPairs, headers, blocks, equalBlocks, first.HostResidentAtLoad, recovered);
        double pairChance = 1.0 / ((double)p.HostPages * p.HostPages);
        var tests = new List<GameTest>
        {
            new(Name, "two lifetimes, same root key and workload", "op-aligned page pairs equal", BinomialTests.UpperTail(equalPairs, ops, pairChance)),
            new(Name, "two lifetimes, same root key and load", "ciphertext blocks equal under equal page nonces", BinomialTests.UpperTail(equalBlocks, blocks, BlockChance)),
        };
        return (tests, outcome);
    }

    /// <summary>Pages with equal headers (the nonce in clear), the blocks compared under them, and how many were identical.</summary>
    private static (long Headers, long Blocks, long Equal) CompareImages(byte[] a, byte[] b, BoltParameters p)
    {
        long headers = 0, blocks = 0, equal = 0;
        for (int page = 0; page < p.HostPages; page++)
        {
            var x = a.AsSpan(page * p.PageBytes, p.PageBytes);
            var y = b.AsSpan(page * p.PageBytes, p.PageBytes);
            if (!x[..PageLayout.HeaderBytes].SequenceEqual(y[..PageLayout.HeaderBytes]))
            {
                continue;
            }

            headers++;
            for (int at = PageLayout.HeaderBytes; at < p.PageBytes; at += 16)
            {
                blocks++;
                equal += x.Slice(at, 16).SequenceEqual(y.Slice(at, 16)) ? 1 : 0;
            }
        }

        return (headers, blocks, equal);
    }

    /// <summary>
    /// XORs the ciphertexts of pages with equal headers and reads the result as slots: under a repeated key and
    /// nonce it is the loaded page's plaintext. Counts slots that hold a loaded key's digest and its exact value.
    /// </summary>
    private static long RecoverItems(byte[] emptyImage, byte[] loadedImage, BoltParameters p, KeyPrf prf, long loaded)
    {
        var digests = new Dictionary<Digest128, long>();
        for (long k = 0; k < loaded; k++)
        {
            digests[prf.Digest(k)] = k;
        }

        var plain = new byte[p.SlotBytes];
        long recovered = 0;
        for (int page = 0; page < p.HostPages; page++)
        {
            var e = emptyImage.AsSpan(page * p.PageBytes, p.PageBytes);
            var l = loadedImage.AsSpan(page * p.PageBytes, p.PageBytes);
            if (!e[..PageLayout.HeaderBytes].SequenceEqual(l[..PageLayout.HeaderBytes]))
            {
                continue;
            }

            for (int slot = 0; slot < p.SlotsPerBin; slot++)
            {
                int at = PageLayout.HeaderBytes + (slot * p.SlotBytes);
                for (int i = 0; i < p.SlotBytes; i++)
                {
                    plain[i] = (byte)(e[at + i] ^ l[at + i]);
                }

                var digest = new Digest128(BitConverter.ToUInt64(plain, 0), BitConverter.ToUInt64(plain, 8));
                if (SlotLayout.IsOccupied(plain) && SlotLayout.ValueLength(plain) == p.ValueSize && digests.TryGetValue(digest, out long key)
                    && ReferenceValues.Matches(plain.AsSpan(SlotLayout.ValueOffset, SlotLayout.ValueLength(plain)), key, 0, p.ValueSize))
                {
                    recovered++;
                }
            }
        }

        return recovered;
    }
}
