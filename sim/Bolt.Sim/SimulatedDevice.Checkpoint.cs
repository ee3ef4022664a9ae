using System.Buffers.Binary;
using System.Security.Cryptography;
using Bolt.Core;
using Bolt.Core.Channel;
using Bolt.Core.Crypto;
using Bolt.Core.Device;
using Bolt.Core.Durability;
using Bolt.Sim.Engine;
using Bolt.Sim.Timing;

namespace Bolt.Sim;

/// <summary>Sealed checkpoints of the simulator (hardware/SPEC.md §12): export, and restore into a new device.</summary>
public sealed partial class SimulatedDevice : ICheckpointDevice
{
    private byte[]? _deviceId;

    /// <inheritdoc/>
    public ulong CommitNumber => _channel.CommitNumber;

    /// <inheritdoc/>
    public bool LoadInProgress => _engine.LoadInProgress;

    /// <inheritdoc/>
    public void AbandonLoad() => _engine.AbandonLoad();

    /// <inheritdoc/>
    public ReadOnlySpan<byte> DeviceId => _deviceId ??= CheckpointKeys.DeviceId(_deviceKey);

    /// <inheritdoc/>
    public long CheckpointImageBytes => ImageBytes(Parameters);

    /// <summary>Bytes of the checkpoint image for <paramref name="parameters"/> (<see cref="DeviceImage"/>): the kernel's, fixed by the parameters.</summary>
    public static long ImageBytes(BoltParameters parameters) => DeviceImage.Bytes(parameters);

    /// <inheritdoc/>
    public CheckpointHeader WriteCheckpoint(Stream destination, ulong number, ulong counter) =>
        WriteCheckpoint(destination, number, counter, RandomNumberGenerator.GetBytes(CheckpointKeys.Bytes));

    /// <summary>
    /// <see cref="WriteCheckpoint(Stream, ulong, ulong)"/> with a given salt (a fresh random one in production): two devices in
    /// the same state, given the same salt, write the same file byte for byte (co-simulation compares the kernel's).
    /// </summary>
    public CheckpointHeader WriteCheckpoint(Stream destination, ulong number, ulong counter, byte[] salt)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(salt);
        if (LoadInProgress)
        {
            throw new DeviceStateException("A bulk load is in progress: its pages are not sealed yet, so there is nothing a checkpoint may hold. Checkpoint after the load's last part.");
        }

        var header = new CheckpointHeader
        {
            Number = number,
            CommitNumber = CommitNumber,
            Counter = counter,
            Salt = salt,
            DeviceId = DeviceId.ToArray(),
            ImageBytes = CheckpointImageBytes,
            HostBytes = HostMemory.Length,
            HostDigest = CheckpointHostSection.Digest(HostMemory),
        };
        using (var image = new SealedImageWriter(destination, _deviceKey, header))
        {
            image.WriteUInt64(DeviceImage.Magic);
            foreach (ulong word in DeviceImage.Parameters(Parameters))
            {
                image.WriteUInt64(word);
            }

            foreach (ulong word in StateWords())
            {
                image.WriteUInt64(word);
            }

            _engine.WriteImage(image);
            _channel.WriteImage(image);
            image.Write(new byte[DeviceImage.Bytes(Parameters) - DeviceImage.UnpaddedBytes(Parameters)]);
            image.Finish();
        }

        CheckpointHostSection.Write(HostMemory, destination);
        return header;
    }

    /// <summary>
    /// Builds a device from a checkpoint file: authenticates the header and every chunk of the image, checks it is this
    /// device's (root key <see cref="SimulatedDeviceOptions.Seed"/>), this map's (the parameters) and bound to a counter
    /// value of at least <paramref name="minimumCounter"/>, continues the checkpoint's lifetime (the options' lifetime is
    /// ignored), and restores the host pages into the new device's region against their sealed digest. Nothing existing
    /// changes: on any failure the new device is discarded.
    /// </summary>
    /// <param name="options">The device key, parameters, platform and host-region file of the device to build.</param>
    /// <param name="source">The checkpoint file, positioned at its start.</param>
    /// <param name="file">The file's name, for messages.</param>
    /// <param name="minimumCounter">The lowest monotonic-counter value the caller accepts (the kernel's import takes the same).</param>
    /// <returns>The restored device and the checkpoint's (authenticated) header.</returns>
    /// <exception cref="DurableStorageException">The file is truncated, fails authentication, is another device's or map's, or is bound to a counter below the minimum.</exception>
    public static (SimulatedDevice Device, CheckpointHeader Header) Restore(SimulatedDeviceOptions options, Stream source, string file, ulong minimumCounter = 0)
    {
        ArgumentNullException.ThrowIfNull(options);
        using var image = SealedImageReader.Open(source, options.Seed, file);
        var p = options.Parameters;
        if (image.Header.ImageBytes != ImageBytes(p) || image.Header.HostBytes != p.HostBytes)
        {
            throw new DurableStorageException(StorageFault.WrongDevice,
                $"{file} is an image of {image.Header.ImageBytes} bytes with {image.Header.HostBytes} bytes of host pages; this map's parameters make {ImageBytes(p)} and {p.HostBytes}: it belongs to a map with other parameters.");
        }

        if (image.Header.Counter < minimumCounter)
        {
            throw new DurableStorageException(StorageFault.RolledBack,
                $"{file} is bound to counter value {image.Header.Counter}, below the {minimumCounter} the device was told to accept: an older checkpoint (rollback).");
        }

        bool matches = image.ReadUInt64() == DeviceImage.Magic;
        foreach (ulong word in DeviceImage.Parameters(p))
        {
            matches &= image.ReadUInt64() == word;
        }

        if (!matches)
        {
            throw new DurableStorageException(StorageFault.WrongDevice, $"{file} was taken from a map with other parameters than {p}.");
        }

        var words = new ulong[DeviceImage.StateWords];
        for (int i = 0; i < words.Length; i++)
        {
            words[i] = image.ReadUInt64();
        }

        var lifetime = new byte[DeviceLifetime.Bytes];
        BinaryPrimitives.WriteUInt64LittleEndian(lifetime, words[DeviceImage.LifetimeLo - DeviceImage.FirstStateWord]);
        BinaryPrimitives.WriteUInt64LittleEndian(lifetime.AsSpan(8), words[DeviceImage.LifetimeHi - DeviceImage.FirstStateWord]);
        var device = new SimulatedDevice(options with { Lifetime = lifetime });
        try
        {
            device._engine.ReadImage(image, words);
            device._channel.ReadImage(image);
            device._channel.RestoreStateWords(words);
            device.RestoreStateWords(words);
            image.Read(new byte[DeviceImage.Bytes(p) - DeviceImage.UnpaddedBytes(p)]);
            image.Finish();
            CheckpointHostSection.Restore(source, image.Header, device.HostMemory, file);
            return (device, image.Header);
        }
        catch
        {
            device.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    public void BeginNewLifetime(ReadOnlySpan<byte> lifetime)
    {
        Span<byte> lifetimeKey = stackalloc byte[DeviceLifetime.Bytes];
        DeviceLifetime.DeriveKey(_deviceKey, lifetime, lifetimeKey);
        _lifetime = lifetime.ToArray();
        _engine.BeginLifetime(lifetimeKey);
        _channel.BeginLifetime(lifetimeKey);
        CryptographicOperations.ZeroMemory(lifetimeKey);
    }

    /// <summary>
    /// The image's private state words (bolt_abi.h 32..127) as the kernel keeps them: the engine's and the channel's, the
    /// schedule's clocks, the lifetime, the device's call counters. The simulator's statistics (first submit, bytes
    /// moved, largest loads) are not device state and restart in a restored device.
    /// </summary>
    private ulong[] StateWords()
    {
        var words = new ulong[DeviceImage.StateWords];
        _engine.SaveStateWords(words);
        _channel.SaveStateWords(words);
        var clocks = new long[AccessSchedule.ClockCount];
        _schedule.SaveClocks(clocks);
        foreach (var (word, clock) in ClockWords)
        {
            words[word - DeviceImage.FirstStateWord] = (ulong)clocks[clock];
        }

        int depth = _schedule is PipelinedSchedule ? _schedule.Platform.PipelineDepth : 0;
        for (int i = 0; i < depth; i++)
        {
            words[DeviceImage.PipeEnds - DeviceImage.FirstStateWord + i] = (ulong)clocks[PipelinedEnds + i];
        }

        Set(DeviceImage.HostReady, _hostReady);
        Set(DeviceImage.Ops, _ops);
        Set(DeviceImage.Batches, _batches);
        words[DeviceImage.LifetimeLo - DeviceImage.FirstStateWord] = BinaryPrimitives.ReadUInt64LittleEndian(_lifetime);
        words[DeviceImage.LifetimeHi - DeviceImage.FirstStateWord] = BinaryPrimitives.ReadUInt64LittleEndian(_lifetime.AsSpan(8));
        return words;

        void Set(int word, long value) => words[word - DeviceImage.FirstStateWord] = (ulong)value;
    }

    private void RestoreStateWords(ReadOnlySpan<ulong> words)
    {
        var clocks = new long[AccessSchedule.ClockCount];
        foreach (var (word, clock) in ClockWords)
        {
            clocks[clock] = (long)words[word - DeviceImage.FirstStateWord];
        }

        int depth = _schedule is PipelinedSchedule ? _schedule.Platform.PipelineDepth : 0;
        long previousEnd = 0;
        for (int i = 0; i < depth; i++)
        {
            clocks[PipelinedEnds + i] = (long)words[DeviceImage.PipeEnds - DeviceImage.FirstStateWord + i];
            previousEnd = Math.Max(previousEnd, clocks[PipelinedEnds + i]);
        }

        clocks[PipelinedPreviousEnd] = previousEnd; // only a leak injection's stall reads it
        _schedule.RestoreClocks(clocks);
        _hostReady = (long)words[DeviceImage.HostReady - DeviceImage.FirstStateWord];
        _ops = (long)words[DeviceImage.Ops - DeviceImage.FirstStateWord];
        _batches = (long)words[DeviceImage.Batches - DeviceImage.FirstStateWord];
    }

    // The schedule's clock words (AccessSchedule.SaveClocks, PipelinedSchedule.SaveClocks) and the kernel's state words
    // that hold the same clocks.
    private const int PipelinedPreviousEnd = 14, PipelinedEnds = 26;

    private static readonly (int Word, int Clock)[] ClockWords =
    [
        (DeviceImage.DeviceFree, 0), (DeviceImage.LoadPlaced, 1), (DeviceImage.LinkInFree, 2), (DeviceImage.LinkOutFree, 3),
        (DeviceImage.PmFree, 4), (DeviceImage.RecFree, 5), (DeviceImage.CryptoFree, 6), (DeviceImage.PipeSealFree, 7),
        (DeviceImage.PipeFrameFree, 8), (DeviceImage.PipeRecReadFree, 9), (DeviceImage.PipeRecWriteFree, 10),
        (DeviceImage.PipeAccesses, 11), (DeviceImage.PipeLookupFree, 12), (DeviceImage.PipeModifyFree, 13), (DeviceImage.PipePending, 15),
        (DeviceImage.PipeFrameKeystream, 58), (DeviceImage.PipeResponseKeystream, 59), (DeviceImage.PipeSealGhashFree, 60),
        (DeviceImage.PipeFrameGhashFree, 61), (DeviceImage.PipeOpenGhashFree, 62),
    ];
}
