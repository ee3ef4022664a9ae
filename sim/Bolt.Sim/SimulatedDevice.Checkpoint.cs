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
    private const int DeviceCounterCount = 10;
    private static ReadOnlySpan<byte> ImageMagic => "BOLTSIMI"u8;

    private byte[]? _deviceId;

    /// <inheritdoc/>
    public ulong CommitNumber => _channel.CommitNumber;

    /// <inheritdoc/>
    public ReadOnlySpan<byte> DeviceId => _deviceId ??= CheckpointKeys.DeviceId(_deviceKey);

    /// <inheritdoc/>
    public long CheckpointImageBytes => ImageBytes(Parameters);

    /// <summary>
    /// Bytes of the simulator's checkpoint image for <paramref name="parameters"/>: a head (magic, the parameter words,
    /// the lifetime nonce), the engine's structures, the channel's session table and response caches, and the modeled
    /// device's counters and clocks. It depends on the parameters alone.
    /// </summary>
    public static long ImageBytes(BoltParameters parameters) =>
        ImageMagic.Length + (ParameterWords(parameters).Length * sizeof(long)) + DeviceLifetime.Bytes
        + BoltEngine.ImageBytes(parameters) + ChannelEndpoint.ImageBytes(parameters)
        + ((DeviceCounterCount + AccessSchedule.ClockCount) * sizeof(long));

    /// <inheritdoc/>
    public CheckpointHeader WriteCheckpoint(Stream destination, ulong number, ulong counter)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var header = new CheckpointHeader
        {
            Number = number,
            CommitNumber = CommitNumber,
            Counter = counter,
            Salt = RandomNumberGenerator.GetBytes(CheckpointKeys.Bytes),
            DeviceId = DeviceId.ToArray(),
            ImageBytes = CheckpointImageBytes,
            HostBytes = HostMemory.Length,
            HostDigest = CheckpointHostSection.Digest(HostMemory),
        };
        using (var image = new SealedImageWriter(destination, _deviceKey, header))
        {
            image.Write(ImageMagic);
            foreach (long word in ParameterWords(Parameters))
            {
                image.WriteInt64(word);
            }

            image.Write(_lifetime);
            _engine.WriteImage(image);
            _channel.WriteImage(image);
            foreach (long value in DeviceCounters())
            {
                image.WriteInt64(value);
            }

            var clocks = new long[AccessSchedule.ClockCount];
            _schedule.SaveClocks(clocks);
            foreach (long clock in clocks)
            {
                image.WriteInt64(clock);
            }

            image.Finish();
        }

        CheckpointHostSection.Write(HostMemory, destination);
        return header;
    }

    /// <summary>
    /// Builds a device from a checkpoint file: authenticates the header and every chunk of the image, checks it is this
    /// device's (root key <see cref="SimulatedDeviceOptions.Seed"/>) and this map's (the parameters), continues the
    /// checkpoint's lifetime (the options' lifetime is ignored), and restores the host pages into the new device's region
    /// against their sealed digest. Nothing existing changes: on any failure the new device is discarded.
    /// </summary>
    /// <param name="options">The device key, parameters, platform and host-region file of the device to build.</param>
    /// <param name="source">The checkpoint file, positioned at its start.</param>
    /// <param name="file">The file's name, for messages.</param>
    /// <returns>The restored device and the checkpoint's (authenticated) header.</returns>
    /// <exception cref="DurableStorageException">The file is truncated, fails authentication, or is another device's or map's.</exception>
    public static (SimulatedDevice Device, CheckpointHeader Header) Restore(SimulatedDeviceOptions options, Stream source, string file)
    {
        ArgumentNullException.ThrowIfNull(options);
        using var image = SealedImageReader.Open(source, options.Seed, file);
        if (image.Header.ImageBytes != ImageBytes(options.Parameters) || image.Header.HostBytes != options.Parameters.HostBytes)
        {
            throw new DurableStorageException(StorageFault.WrongDevice,
                $"{file} is an image of {image.Header.ImageBytes} bytes with {image.Header.HostBytes} bytes of host pages; this map's parameters make {ImageBytes(options.Parameters)} and {options.Parameters.HostBytes}: it belongs to a map with other parameters.");
        }

        Span<byte> magic = stackalloc byte[8];
        image.Read(magic);
        foreach (long word in ParameterWords(options.Parameters))
        {
            if (!magic.SequenceEqual(ImageMagic) || image.ReadInt64() != word)
            {
                throw new DurableStorageException(StorageFault.WrongDevice, $"{file} was taken from a map with other parameters than {options.Parameters}.");
            }
        }

        var lifetime = new byte[DeviceLifetime.Bytes];
        image.Read(lifetime);
        var device = new SimulatedDevice(options with { Lifetime = lifetime });
        try
        {
            device._engine.ReadImage(image);
            device._channel.ReadImage(image);
            Span<long> counters = stackalloc long[DeviceCounterCount];
            for (int i = 0; i < counters.Length; i++)
            {
                counters[i] = image.ReadInt64();
            }

            device.RestoreCounters(counters);
            var clocks = new long[AccessSchedule.ClockCount];
            for (int i = 0; i < clocks.Length; i++)
            {
                clocks[i] = image.ReadInt64();
            }

            device._schedule.RestoreClocks(clocks);
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

    /// <summary>The parameter values that fix every layout; a checkpoint restores only into a map with the same.</summary>
    private static long[] ParameterWords(BoltParameters p) =>
    [
        p.Capacity, p.ValueSize, p.BinFactor, BitConverter.DoubleToInt64Bits(p.HbmFraction), p.StashCapacity, p.SessionSlots,
        p.Bins, p.HbmBins, p.HostPages, p.SlotsPerBin, p.PageBytes, p.RecordCapacity, p.PositionSlots,
    ];

    private long[] DeviceCounters() =>
        [_hostReady, _firstSubmit, _lastResponse, _initCycles, _ops, _batches, _pageBytes, _commandFrameBytes, _responseFrameBytes, _pagesTouched];

    private void RestoreCounters(ReadOnlySpan<long> c)
    {
        (_hostReady, _firstSubmit, _lastResponse, _initCycles, _ops) = (c[0], c[1], c[2], c[3], c[4]);
        (_batches, _pageBytes, _commandFrameBytes, _responseFrameBytes, _pagesTouched) = (c[5], c[6], c[7], c[8], c[9]);
    }
}
