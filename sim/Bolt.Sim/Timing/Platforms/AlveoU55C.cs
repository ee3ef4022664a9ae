namespace Bolt.Sim.Timing.Platforms;

/// <summary>
/// AMD Alveo U55C (platform xilinx_u55c_gen3x16_xdma_3_202210_1). Each value cites its source; docs/design.md §6 lists them.
/// </summary>
public static class AlveoU55C
{
    /// <summary>The U55C preset.</summary>
    public static PlatformPreset Preset { get; } = new()
    {
        Name = "u55c",

        // AMD UG1393 "Clock Information": the default kernel clock ap_clk is 300 MHz.
        KernelClockHz = 300e6,

        // AMD UG1393 "HBM Configuration and Use": 16 GB HBM2, 2 stacks, 32 pseudo-channels of 512 MB.
        HbmPseudoChannels = 32,
        HbmChannelBytes = 512L << 20,

        // UG1393: 14.375 GB/s per pseudo-channel (460 GB/s in total).
        HbmChannelBytesPerSecond = 14.375e9,

        // AMD PG276 / UG1393: 256-bit AXI ports at the controller, widened to 512 bit by HLS on the kernel side.
        HbmPortBytesPerCycle = 64,

        // Shuhai (FCCM 2020) measures ~48–62 controller cycles at 450 MHz (107–138 ns) idle; the HLS m_axi
        // adapter and AXI switch add roughly as much again. 72 cycles ≈ 240 ns. Vitis_Accel_Examples
        // hbm_bandwidth_pseudo_random budgets latency=300 as an upper bound; unconfirmed on a board.
        HbmReadLatencyCycles = 72,

        // XRT hm.rst / Vitis_Accel_Examples hostmemory_test: 10.7–15.2 GB/s over the PCIe Gen3 x16 slave
        // bridge; 12 GB/s is the middle of that range.
        PcieBytesPerSecond = 12e9,

        // pcie-bench and XRT host-memory docs: one dependent small read is a round trip of ~0.55–1 µs.
        PcieRoundTripNs = 800,

        // Vitis Security Library AES/GCM cores: II = 1 after a fill of some tens of cycles.
        AesGcmFillCycles = 40,
        AesGcmBytesPerCycle = 16,

        // Modify step: one slot compared or moved per cycle per buffer; 4·l_max covers scan + merge of two pages.
        ModifyCyclesPerSlot = 4,

        // Host runtime relay of one batch (poll the response ring, submit the next): an estimate, not a U55C fact.
        HostTurnaroundNs = 500,
    };
}
