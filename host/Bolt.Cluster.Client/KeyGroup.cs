using Bolt.Client;
using Bolt.Core;
using Bolt.Core.Abi;

namespace Bolt.Cluster.Client;

/// <summary>
/// All of an epoch's requests for one key, answered from one device access (de-duplication). Every request of an epoch
/// is answered only when the epoch ends, so they are all concurrent and may be linearised in any order; the group uses
/// this order: its writes in arrival order, then its reads. The one access is then the group's last write (which also
/// tells whether the key was present before: enough to answer every write) or, for a read-only group, one get. Reads
/// after the writes see the last write's outcome, known here. A hot key thus costs one access per epoch however many
/// callers ask for it.
/// </summary>
internal sealed class KeyGroup(Digest128 digest, int shard)
{
    private readonly List<ShardedRequest> _requests = [];

    public Digest128 Digest { get; } = digest;

    public int Shard { get; } = shard;

    public IReadOnlyList<ShardedRequest> Requests => _requests;

    public void Add(ShardedRequest request) => _requests.Add(request);

    /// <summary>The last write of the group (the access to make), or null for a read-only group.</summary>
    private ShardedRequest? LastWrite => _requests.LastOrDefault(r => r.IsWrite);

    /// <summary>Writes the group's one command record.</summary>
    public void Encode(Span<byte> record)
    {
        var access = LastWrite;
        if (access is null)
        {
            CommandLayout.Write(record, OpCode.Get, Digest, default);
        }
        else
        {
            CommandLayout.Write(record, access.Op, Digest, access.Op == OpCode.Put ? access.Value.Span : default);
        }
    }

    /// <summary>
    /// Answers every request of the group from the access's response record. Returns the change in the number of keys
    /// (+1 inserted, −1 removed, 0 otherwise) once the device confirmed it.
    /// </summary>
    public int Answer(ReadOnlySpan<byte> response, int maxValueLength)
    {
        var status = ResponseLayout.ReadStatus(response);
        bool present = ResponseLayout.ReadWasPresent(response);
        if (LastWrite is null)
        {
            byte[]? value = null;
            if (status == DeviceStatus.Ok)
            {
                if (System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(response[ResponseLayout.LengthOffset..]) > (uint)maxValueLength)
                {
                    throw new DeviceFailureException($"The device returned a value longer than the map's {maxValueLength} bytes.");
                }

                value = ResponseLayout.ReadValue(response).ToArray();
            }

            foreach (var request in _requests)
            {
                request.Completion.TrySetResult(new MapResult(status, present, value is null ? null : (byte[])value.Clone()));
            }

            return 0;
        }

        if (status is not (DeviceStatus.Ok or DeviceStatus.NotFound))
        {
            // The access was refused (a full map, a halted device): nothing changed, and every request shares the refusal.
            foreach (var request in _requests)
            {
                request.Completion.TrySetResult(new MapResult(status, present, null));
            }

            return 0;
        }

        bool before = present;
        ReadOnlyMemory<byte> current = default;
        foreach (var request in _requests.Where(r => r.IsWrite))
        {
            if (request.Op == OpCode.Put)
            {
                request.Completion.TrySetResult(new MapResult(DeviceStatus.Ok, present, null));
                present = true;
                current = request.Value;
            }
            else
            {
                request.Completion.TrySetResult(new MapResult(present ? DeviceStatus.Ok : DeviceStatus.NotFound, present, null));
                present = false;
            }
        }

        foreach (var request in _requests.Where(r => !r.IsWrite))
        {
            request.Completion.TrySetResult(new MapResult(present ? DeviceStatus.Ok : DeviceStatus.NotFound, present, present ? current.ToArray() : null));
        }

        return (present ? 1 : 0) - (before ? 1 : 0);
    }

    /// <summary>Fails every request of the group with <paramref name="error"/>.</summary>
    public void Fail(Exception error)
    {
        foreach (var request in _requests)
        {
            request.Completion.TrySetException(error);
        }
    }
}
