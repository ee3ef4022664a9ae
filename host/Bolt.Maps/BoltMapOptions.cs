using Bolt.Client;
using Bolt.Core;

namespace Bolt;

/// <summary>What <see cref="BoltMap"/> builds: the map's size, where its device runs, and how calls are batched.</summary>
public sealed record BoltMapOptions
{
    /// <summary>The map's parameters (capacity, value size, …); the defaults hold 2^20 values of up to 8 bytes.</summary>
    public BoltParameters Parameters { get; init; } = new();

    /// <summary>Where the device runs; the simulator by default.</summary>
    public BoltDeviceKind Device { get; init; } = BoltDeviceKind.Simulator;

    /// <summary>For <see cref="BoltDeviceKind.OpenCl"/>: the platform whose name contains this text (e.g. "Portable", "Xilinx"); null for the first with a device.</summary>
    public string? OpenClPlatform { get; init; }

    /// <summary>For <see cref="BoltDeviceKind.OpenCl"/>: a Vitis .xclbin to load instead of building the kernel from source.</summary>
    public string? XclbinPath { get; init; }

    /// <summary>
    /// The client's 16-byte PRF key, which turns keys into digests and never leaves the client. Null (the default)
    /// draws a fresh random one; give the same key to reconnect to a map later.
    /// </summary>
    public byte[]? PrfKey { get; init; }

    /// <summary>How long single-key calls wait to share a frame (<see cref="ObliviousMapOptions.CoalescingDelay"/>); zero by default.</summary>
    public TimeSpan CoalescingDelay { get; init; } = TimeSpan.Zero;

    /// <summary>Throws <see cref="BoltConfigurationException"/> naming the first bad option.</summary>
    public void Validate()
    {
        if (Parameters is null)
        {
            throw new BoltConfigurationException(nameof(Parameters), "BoltMapOptions.Parameters is null; give the map's parameters.");
        }

        if (!Enum.IsDefined(Device))
        {
            throw new BoltConfigurationException(nameof(Device), $"BoltMapOptions.Device = {(int)Device} is not a device kind.");
        }

        if (PrfKey is not null && PrfKey.Length != 16)
        {
            throw new BoltConfigurationException(nameof(PrfKey), $"BoltMapOptions.PrfKey must be 16 bytes; got {PrfKey.Length}.");
        }

        new ObliviousMapOptions { CoalescingDelay = CoalescingDelay }.Validate();
    }
}
