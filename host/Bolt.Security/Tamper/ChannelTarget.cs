namespace Bolt.Security.Tamper;

/// <summary>
/// What the host relaying the sealed channel can reach: the frame in transit, the honest frame sealed after it
/// (command attacks only), copies of every earlier frame it relayed, and frames of another client's session on
/// the same device.
/// </summary>
public sealed class ChannelTarget
{
    private readonly SortedDictionary<int, Queue<byte[]>> _commands = [];
    private readonly SortedDictionary<int, Queue<byte[]>> _responses = [];
    private readonly int _depth;
    private readonly Func<byte[], byte[]> _foreign;
    private byte[] _plaintext = [];

    /// <summary>Creates the view; <paramref name="foreign"/> seals the records of a frame under another session.</summary>
    internal ChannelTarget(int historyDepth, Func<byte[], byte[]> foreign)
    {
        _depth = historyDepth;
        _foreign = foreign;
    }

    /// <summary>The frame in transit: the honest command frame, or the device's response frame.</summary>
    public byte[] InTransit { get; internal set; } = [];

    /// <summary>The honest command frame sealed after <see cref="InTransit"/>, held back by the host (null for response attacks).</summary>
    public byte[]? Next { get; internal set; }

    /// <summary>Command frames relayed earlier, from this and earlier sessions: the latest few of each length.</summary>
    public IReadOnlyList<byte[]> EarlierCommands => [.. _commands.Values.SelectMany(q => q)];

    /// <summary>Response frames relayed earlier, from this and earlier sessions: the latest few of each length.</summary>
    public IReadOnlyList<byte[]> EarlierResponses => [.. _responses.Values.SelectMany(q => q)];

    /// <summary>The id of another client's session open on the device, which has not had a frame served yet.</summary>
    public ulong ForeignSessionId { get; private set; }

    /// <summary>A command frame that the other session sealed over the same plaintext as <see cref="InTransit"/>.</summary>
    public byte[] ForeignFrame() => _foreign(_plaintext);

    /// <summary>Sets the frame in transit and, for a command frame, its plaintext records.</summary>
    internal void Strike(byte[] frame, byte[]? next, byte[] plaintext, ulong foreignSessionId)
    {
        ForeignSessionId = foreignSessionId;
        InTransit = frame;
        Next = next;
        _plaintext = plaintext;
    }

    /// <summary>Keeps a copy of a command frame the host relayed.</summary>
    internal void RelayedCommand(byte[] frame) => Keep(_commands, frame);

    /// <summary>Keeps a copy of a response frame the host relayed.</summary>
    internal void RelayedResponse(byte[] frame) => Keep(_responses, frame);

    /// <summary>Keeps the latest frames per length, so a replay of the same shape as the frame in transit is always at hand.</summary>
    private void Keep(SortedDictionary<int, Queue<byte[]>> history, byte[] frame)
    {
        if (!history.TryGetValue(frame.Length, out var queue))
        {
            history[frame.Length] = queue = new Queue<byte[]>(_depth + 1);
        }

        if (queue.Count == _depth)
        {
            queue.Dequeue();
        }

        queue.Enqueue(frame);
    }
}
