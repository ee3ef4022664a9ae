/* Platform calibration kernel: the memory behaviour the simulator's preset models (SPEC §9), measured on the
 * board instead of taken from datasheets. One source for Vitis HLS (hardware/u55c: make calibrate), OpenCL C
 * and g++. The host (`bolt calibrate`) times runs of two lengths and takes the difference, so launch overheads
 * cancel; the kernel only does the work:
 *   CHASE_HBM / CHASE_HOST   count dependent reads: i = mem[i], over a cyclic permutation the host wrote with one
 *                            hop per 64-byte line (latency: every read waits for the previous one);
 *   BURST_HBM / BURST_HOST   count 64-byte lines read back to back, pipelined (bandwidth);
 *   WRITE_HOST               count 64-byte lines written back to back to host memory (the page write-back path).
 * Each port has its own loop: no pointer is chosen at run time between the two m_axi ports (UG1399 "Pointer
 * Limitations"). result[0] receives a value that depends on every read, so no read can be optimised away. */
#ifndef BOLT_AMALGAMATED
#include "../kernel/bolt_prelude.h"
#endif

#define BOLT_CAL_CHASE_HBM 0u
#define BOLT_CAL_CHASE_HOST 1u
#define BOLT_CAL_BURST_HBM 2u
#define BOLT_CAL_BURST_HOST 3u
#define BOLT_CAL_WRITE_HOST 4u

/* 8 u64 words = one 64-byte line = one 512-bit beat of the HBM ports. */
#define BOLT_CAL_LINE_WORDS 8u

BOLT_ENTRY bolt_calibrate(BOLT_GLOBAL bu64* hbm, BOLT_GLOBAL bu64* host, BOLT_GLOBAL bu64* result, bu32 mode, bu64 count)
{
#if BOLT_HLS
#pragma HLS INTERFACE m_axi port = hbm offset = slave bundle = gmem0 max_read_burst_length = 64
#pragma HLS INTERFACE m_axi port = host offset = slave bundle = gmem1 max_read_burst_length = 64 max_write_burst_length = 64
#pragma HLS INTERFACE m_axi port = result offset = slave bundle = gmem2
#pragma HLS INTERFACE s_axilite port = mode
#pragma HLS INTERFACE s_axilite port = count
#pragma HLS INTERFACE s_axilite port = return
#endif
    bu64 acc = 0, i = 0;
    if (mode == BOLT_CAL_CHASE_HBM) {
        for (bu64 n = 0; n < count; n++) i = hbm[i];
        acc = i;
    } else if (mode == BOLT_CAL_CHASE_HOST) {
        for (bu64 n = 0; n < count; n++) i = host[i];
        acc = i;
    } else if (mode == BOLT_CAL_BURST_HBM) {
        for (bu64 n = 0; n < count * BOLT_CAL_LINE_WORDS; n++) {
#if BOLT_HLS
#pragma HLS PIPELINE II = 1
#endif
            acc ^= hbm[n];
        }
    } else if (mode == BOLT_CAL_BURST_HOST) {
        for (bu64 n = 0; n < count * BOLT_CAL_LINE_WORDS; n++) {
#if BOLT_HLS
#pragma HLS PIPELINE II = 1
#endif
            acc ^= host[n];
        }
    } else if (mode == BOLT_CAL_WRITE_HOST) {
        for (bu64 n = 0; n < count * BOLT_CAL_LINE_WORDS; n++) {
#if BOLT_HLS
#pragma HLS PIPELINE II = 1
#endif
            host[n] = n;
        }
        acc = count;
    }
    result[0] = acc;
}
