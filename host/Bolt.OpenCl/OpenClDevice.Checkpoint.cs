using System.Buffers.Binary;
using System.Security.Cryptography;
using Bolt.Core;
using Bolt.Core.Crypto;
using Bolt.Core.Device;
using Bolt.Core.Durability;

namespace Bolt.OpenCl;

/// <summary>
/// Sealed checkpoints of the kernel (hardware/SPEC.md §12, hardware/kernel/bolt_checkpoint.h): the kernel seals and opens
/// the image itself, so the image key and the plaintext state never reach the host. The file is the simulator's format,
/// and after the same calls the kernel's image is the simulator's byte for byte.
/// </summary>
public sealed unsafe partial class OpenClDevice : ICheckpointDevice
{
    private byte[]? _deviceId;

    /// <inheritdoc/>
    public ulong CommitNumber => _public[KernelAbi.PubCommits];

    /// <inheritdoc/>
    public bool LoadInProgress => _loadPartBytes > 0;

    /// <inheritdoc/>
    /// <remarks>The parts were collected here and never reached the kernel, whose state is still "no map": they are wiped.</remarks>
    public void AbandonLoad() => DropLoadParts();

    /// <inheritdoc/>
    public ReadOnlySpan<byte> DeviceId
    {
        get
        {
            if (_deviceId is null)
            {
                var id = new byte[CheckpointKeys.Bytes];
                BinaryPrimitives.WriteUInt64LittleEndian(id, _public[KernelAbi.PubDeviceIdLo]);
                BinaryPrimitives.WriteUInt64LittleEndian(id.AsSpan(8), _public[KernelAbi.PubDeviceIdHi]);
                _deviceId = id;
            }

            return _deviceId;
        }
    }

    /// <inheritdoc/>
    public long CheckpointImageBytes => DeviceImage.Bytes(Parameters);

    /// <summary>
    /// Builds a kernel device (provisioned from <paramref name="options"/>, as a new device) and imports the checkpoint in
    /// <paramref name="source"/> into it: see <see cref="Import"/>.
    /// </summary>
    public static (OpenClDevice Device, CheckpointHeader Header) Restore(OpenClDeviceOptions options, Stream source, string file, ulong minimumCounter = 0)
    {
        var device = new OpenClDevice(options);
        try
        {
            return (device, device.Import(source, file, minimumCounter));
        }
        catch
        {
            device.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    public CheckpointHeader WriteCheckpoint(Stream destination, ulong number, ulong counter) =>
        WriteCheckpoint(destination, number, counter, RandomNumberGenerator.GetBytes(CheckpointKeys.Bytes));

    /// <summary>
    /// <see cref="WriteCheckpoint(Stream, ulong, ulong)"/> with a given salt: the kernel completes the header (its commit
    /// number, its id, the image size), seals its image under the key the salt names and writes both out; the host adds
    /// its copy of the host region.
    /// </summary>
    public CheckpointHeader WriteCheckpoint(Stream destination, ulong number, ulong counter, byte[] salt)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(salt);
        if (LoadInProgress)
        {
            throw new DeviceStateException("A bulk load is in progress (parts collected, not yet run): checkpoint after the load's last part.");
        }

        var template = new CheckpointHeader
        {
            Number = number,
            Counter = counter,
            Salt = salt,
            ImageBytes = CheckpointImageBytes,
            HostBytes = _hostBytes,
            HostDigest = CheckpointHostSection.Digest(HostMemory),
        };
        long fileBytes = CheckpointHeader.Bytes + template.SealedImageBytes;
        if (fileBytes > int.MaxValue)
        {
            throw new BoltConfigurationException("capacity", $"The kernel's sealed image ({fileBytes} bytes) exceeds the 2 GiB one buffer read takes; checkpoint a smaller map.");
        }

        var header = new byte[CheckpointHeader.Bytes];
        template.Write(header);
        EnsureCommands(header.Length);
        EnsureResponses(fileBytes);
        EnsureTrace(1);
        _cl.Write<byte>(_commands, header);
        Run(KernelAbi.ModeCheckpointExport, (uint)header.Length, 0, 0);
        if (_public[KernelAbi.PubStatus] != 0 || (long)_public[KernelAbi.PubResultBytes] != fileBytes)
        {
            throw new OpenClException($"The kernel refused the checkpoint export: status {_public[KernelAbi.PubStatus]}.");
        }

        var sealedFile = new byte[fileBytes];
        _cl.Read<byte>(_responses, sealedFile);
        destination.Write(sealedFile);
        CheckpointHostSection.Write(HostMemory, destination);
        return CheckpointHeader.Read(sealedFile, "the kernel's export");
    }

    /// <summary>
    /// Replaces this device's whole state with a checkpoint's: the file is read whole and the host section checked against
    /// the header's digest first; then the kernel authenticates every chunk of the image (and that it is this device's and
    /// this map's, bound to a counter of at least <paramref name="minimumCounter"/>) before it changes anything; only then
    /// are the host pages written. On any refusal nothing changed.
    /// </summary>
    /// <returns>The checkpoint's header (authenticated by the kernel).</returns>
    /// <exception cref="DurableStorageException">The file is truncated or damaged, another device's or map's, or older than the minimum.</exception>
    public CheckpointHeader Import(Stream source, string file, ulong minimumCounter = 0)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(source);
        var headerBytes = new byte[CheckpointHeader.Bytes];
        int got = source.ReadAtLeast(headerBytes, headerBytes.Length, throwOnEndOfStream: false);
        var header = CheckpointHeader.Read(headerBytes.AsSpan(0, got), file);
        if (header.ImageBytes != CheckpointImageBytes || header.HostBytes != _hostBytes)
        {
            throw new DurableStorageException(StorageFault.WrongDevice,
                $"{file} is an image of {header.ImageBytes} bytes with {header.HostBytes} bytes of host pages; this map's parameters make {CheckpointImageBytes} and {_hostBytes}.");
        }

        long fileBytes = CheckpointHeader.Bytes + header.SealedImageBytes;
        if (fileBytes > int.MaxValue)
        {
            throw new BoltConfigurationException("capacity", $"The sealed image ({fileBytes} bytes) exceeds the 2 GiB one buffer write takes.");
        }

        // The kernel judges the length: a cut image goes down as it is and is refused there.
        var input = new byte[fileBytes];
        headerBytes.CopyTo(input, 0);
        int length = CheckpointHeader.Bytes + source.ReadAtLeast(input.AsSpan(CheckpointHeader.Bytes), input.Length - CheckpointHeader.Bytes, throwOnEndOfStream: false);
        var host = new byte[_hostBytes];
        if (length == input.Length)
        {
            fixed (byte* pages = host)
            {
                CheckpointHostSection.Restore(source, header, new HostRegion(pages, host.Length), file);
            }
        }

        EnsureCommands(Math.Max(length, 1));
        EnsureResponses(Parameters.ResponseBytes);
        EnsureTrace(1);
        _cl.Write<byte>(_commands, input.AsSpan(0, length));
        Run(KernelAbi.ModeCheckpointImport, (uint)length, 0, (long)minimumCounter);
        ulong status = _public[KernelAbi.PubStatus];
        if (status != 0)
        {
            throw status switch
            {
                KernelAbi.CallWrongDevice => new DurableStorageException(StorageFault.WrongDevice, $"The kernel refused {file}: another device's checkpoint, or another map's."),
                KernelAbi.CallRolledBack => new DurableStorageException(StorageFault.RolledBack, $"The kernel refused {file}: it is bound to counter value {header.Counter}, below the {minimumCounter} it was told to accept (rollback)."),
                _ when length < input.Length => new DurableStorageException(StorageFault.CheckpointTruncated, $"The kernel refused {file}: it ends inside its sealed image; the file was cut short."),
                _ => new DurableStorageException(StorageFault.CheckpointCorrupted, $"The kernel refused {file}: its sealed image fails authentication (changed, or not whole)."),
            };
        }

        host.CopyTo(HostMemory.AsSpan());
        _initialised = _public[KernelAbi.PubInitialised] != 0;
        return header;
    }

    /// <inheritdoc/>
    public void BeginNewLifetime(ReadOnlySpan<byte> lifetime)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (lifetime.Length != DeviceLifetime.Bytes)
        {
            throw new ArgumentException($"A lifetime nonce is {DeviceLifetime.Bytes} bytes.", nameof(lifetime));
        }

        EnsureCommands(lifetime.Length);
        EnsureResponses(Parameters.ResponseBytes);
        EnsureTrace(1);
        _cl.Write(_commands, lifetime);
        Run(KernelAbi.ModeNewLifetime, (uint)lifetime.Length, 0, 0);
    }
}
