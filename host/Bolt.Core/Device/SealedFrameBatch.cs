namespace Bolt.Core.Device;

/// <summary>
/// Several sealed command frames, of any sessions, handed to the device in one call (multi-frame submission): a
/// daemon that relays for many clients amortises the per-call cost over them. The device serves them in order,
/// each under its own session exactly as <see cref="IBoltDevice.ExecuteSealed"/> would; one frame's rejection is
/// that frame's answer and does not touch the others. The buffers belong to the caller and are reused between calls.
/// </summary>
public sealed class SealedFrameBatch
{
    private readonly ReadOnlyMemory<byte>[] _commands;
    private readonly Memory<byte>[] _responses;
    private readonly int[] _answered;
    private readonly BoltException?[] _errors;

    /// <summary>Creates an empty batch that holds up to <paramref name="capacity"/> frames.</summary>
    public SealedFrameBatch(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _commands = new ReadOnlyMemory<byte>[capacity];
        _responses = new Memory<byte>[capacity];
        _answered = new int[capacity];
        _errors = new BoltException?[capacity];
    }

    /// <summary>Frames in the batch.</summary>
    public int Count { get; private set; }

    /// <summary>The most frames the batch holds.</summary>
    public int Capacity => _commands.Length;

    /// <summary>Empties the batch for the next call.</summary>
    public void Clear()
    {
        Array.Clear(_commands, 0, Count);
        Array.Clear(_responses, 0, Count);
        Array.Clear(_errors, 0, Count);
        Count = 0;
    }

    /// <summary>Appends a command frame and the buffer its response frame goes to; returns its index.</summary>
    /// <exception cref="InvalidOperationException">The batch is full.</exception>
    public int Add(ReadOnlyMemory<byte> commandFrame, Memory<byte> responseFrame)
    {
        if (Count == Capacity)
        {
            throw new InvalidOperationException($"The batch holds at most {Capacity} frames.");
        }

        _commands[Count] = commandFrame;
        _responses[Count] = responseFrame;
        _answered[Count] = 0;
        _errors[Count] = null;
        return Count++;
    }

    /// <summary>The command frame at <paramref name="index"/> (a write-ahead log records it before the device runs it; a device that serves the batch itself reads it).</summary>
    public ReadOnlyMemory<byte> CommandFrame(int index) => _commands[Checked(index)];

    /// <summary>Bytes of frame <paramref name="index"/>'s response frame (0 when it was refused).</summary>
    public int ResponseBytes(int index) => _answered[Checked(index)];

    /// <summary>Why the device refused frame <paramref name="index"/> (null when it was answered).</summary>
    public BoltException? Error(int index) => _errors[Checked(index)];

    /// <summary>The buffer frame <paramref name="index"/>'s response frame goes to.</summary>
    public Memory<byte> ResponseBuffer(int index) => _responses[Checked(index)];

    /// <summary>Records that frame <paramref name="index"/> was answered with a response frame of <paramref name="bytes"/> bytes (already in its buffer).</summary>
    public void Answer(int index, int bytes)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)bytes, (uint)_responses[Checked(index)].Length, nameof(bytes));
        _answered[index] = bytes;
        _errors[index] = null;
    }

    /// <summary>Records that the device refused frame <paramref name="index"/>, and why.</summary>
    public void Refuse(int index, BoltException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        _answered[Checked(index)] = 0;
        _errors[index] = error;
    }

    /// <summary>
    /// Serves frame <paramref name="index"/> on <paramref name="device"/> and records its answer or its refusal. A
    /// refusal the device reports as a Bolt error (a rejected frame, a halted device) is the frame's own answer;
    /// anything else means the device failed outright and is thrown.
    /// </summary>
    public void Serve(int index, IBoltDevice device)
    {
        ArgumentNullException.ThrowIfNull(device);
        Checked(index);
        try
        {
            _answered[index] = device.ExecuteSealed(_commands[index].Span, _responses[index].Span);
        }
        catch (BoltException e)
        {
            _errors[index] = e;
        }
    }

    private int Checked(int index)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)Count, nameof(index));
        return index;
    }
}
