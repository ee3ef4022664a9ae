// The Vitis HLS top of Bolt's access data path for the Alveo U55C (hardware/SPEC.md §6, §9): a batch of
// plaintext-port accesses (BOLT_MODE_EXECUTE) as a dataflow chain reader -> AES-GCM open -> modify -> AES-GCM seal
// -> writer, one access per iteration. The algorithm is not repeated here: every stage calls the shared phases of
// hardware/kernel (bolt_access.h, bolt_core.h), the same source g++ and OpenCL C run and CI checks bit for bit.
// What this file adds is the hardware architecture: explicit ports, on-chip buffers sized by compile-time maxima,
// state words in registers, fixed-length bursts.
//
// Status (hardware/README.md): compiled in CI with g++ -std=c++17 -D__SYNTHESIS__ against the stand-ins in
// stand-in/ (hardware/hls/Makefile). Vitis HLS / v++ were NOT run here: no synthesis report, no C/RTL
// co-simulation, and this top's functional equivalence to bolt_kernel() is not tested. It covers the access data
// path only: the sealed channel, provisioning, the bulk load and the trace/schedule stay in bolt_kernel.c.
#include <ap_int.h>
#include <hls_stream.h>

// Compile-time maxima of one bitstream (the defaults fit the default parameters at N = 2^20: V = 8 bytes, so a
// 32-byte slot, and l_max = 14). The on-chip buffers are sized by them; a larger parameter set needs a rebuild.
#ifndef BOLT_HLS_MAX_SLOTS_PER_BIN
#define BOLT_HLS_MAX_SLOTS_PER_BIN 16
#endif
#ifndef BOLT_MAX_SLOT_BYTES
#define BOLT_MAX_SLOT_BYTES 32
#endif
#ifndef BOLT_HLS_MAX_COMMAND_BYTES
#define BOLT_HLS_MAX_COMMAND_BYTES 48
#endif

#include "../kernel/bolt_kernel.c"

#define BOLT_HLS_MAX_PAGE_BYTES (BOLT_PAGE_HEADER_BYTES + BOLT_HLS_MAX_SLOTS_PER_BIN * BOLT_MAX_SLOT_BYTES + BOLT_PAGE_TAG_BYTES)
#define BOLT_HLS_BEAT_BYTES 64
// A page starts anywhere in a 64-byte beat: its covering beats, one fixed-length burst per page.
#define BOLT_HLS_PAGE_BEATS (BOLT_HLS_MAX_PAGE_BYTES / BOLT_HLS_BEAT_BYTES + 2)

// 512-bit words: the width of the U55C's HBM pseudo-channel ports and of the host-memory (HOST[0]) slave bridge.
typedef ap_uint<512> bolt_beat;

// A page in flight: its covering beats as read (the bytes of neighbouring pages in the edge beats are written back
// as they were), the sealed image, and the plaintext the modify stage works on.
struct bolt_hls_page {
    bu64 first_beat;
    bu64 offset; // of the page's first byte in beats[0]
    bolt_beat beats[BOLT_HLS_PAGE_BEATS];
    bu8 image[BOLT_HLS_MAX_PAGE_BYTES];
    bu8 plain[BOLT_HLS_MAX_PAGE_BYTES];
};

static bu8 bolt_hls_byte(const bolt_beat* beats, bu64 at)
{
    return (bu8)beats[at / BOLT_HLS_BEAT_BYTES].range(8 * (int)(at % BOLT_HLS_BEAT_BYTES) + 7, 8 * (int)(at % BOLT_HLS_BEAT_BYTES));
}

// Reader: the lookup (the position-map span as one fixed-length burst on its own port), the command record copied
// on chip, then both pages' covering beats read back to back: two fixed-length bursts issued without waiting for
// the first page to be opened (UG1399, "Summary" of the AXI4 burst optimizations: fixed-length bursts, pipelined).
static void bolt_hls_read(const bolt_dims* d, const bu8* prng_rk, bu64 seq, const bu64* posmap_rd, const bu8* cmds, const bolt_beat* host_rd,
    bolt_lookup* lk, bu8* cmd, bolt_hls_page* p1, bolt_hls_page* p2)
{
    const bu8* src = cmds + seq * BOLT_HLS_MAX_COMMAND_BYTES;
read_command:
    for (int b = 0; b < BOLT_HLS_MAX_COMMAND_BYTES; b++) {
#pragma HLS PIPELINE II = 1
        cmd[b] = src[b];
    }
    bolt_access_lookup(d, prng_rk, seq, posmap_rd, cmd, lk);
    p1->first_beat = (bu64)lk->page1 * d->page / BOLT_HLS_BEAT_BYTES;
    p1->offset = (bu64)lk->page1 * d->page % BOLT_HLS_BEAT_BYTES;
    p2->first_beat = (bu64)lk->page2 * d->page / BOLT_HLS_BEAT_BYTES;
    p2->offset = (bu64)lk->page2 * d->page % BOLT_HLS_BEAT_BYTES;
read_page1:
    for (int i = 0; i < BOLT_HLS_PAGE_BEATS; i++) {
#pragma HLS PIPELINE II = 1
        p1->beats[i] = host_rd[p1->first_beat + i];
    }
read_page2:
    for (int i = 0; i < BOLT_HLS_PAGE_BEATS; i++) {
#pragma HLS PIPELINE II = 1
        p2->beats[i] = host_rd[p2->first_beat + i];
    }
}

// AES-GCM open of one page: unpack the image from its beats, authenticate and decrypt it on chip.
static bu64 bolt_hls_open_page(const bolt_dims* d, const bolt_gcm_key* gcm, const bu64* versions_rd, bu32 page, bolt_hls_page* p)
{
unpack:
    for (int b = 0; b < BOLT_HLS_MAX_PAGE_BYTES; b++) {
#pragma HLS PIPELINE II = 1
        p->image[b] = bolt_hls_byte(p->beats, p->offset + (bu64)b);
    }
    return bolt_open(d, gcm, versions_rd, p->image, page, p->plain);
}

// AES-GCM open: both pages, then the verdict (public by design, fail-stop: SPEC §9.5).
static void bolt_hls_open(const bolt_dims* d, const bolt_gcm_key* gcm, const bu64* versions_rd, const bolt_lookup* lk, bolt_hls_page* p1, bolt_hls_page* p2, bu64* verdict)
{
    bu64 ok1 = bolt_hls_open_page(d, gcm, versions_rd, lk->page1, p1);
    bu64 ok2 = bolt_hls_open_page(d, gcm, versions_rd, lk->page2, p2);
    *verdict = BOLT_PUBLIC_VERDICT(ok1 & ok2);
}

// Modify: the shared phase over the on-chip page buffers and the HBM structures. After a failed verdict nothing
// changes: the device halts (fail-stop) and the later accesses of the batch are refused.
static void bolt_hls_modify(const bolt_dims* d, bu64* st, bu64* posmap, bu8* records, bu32* freelist, bu16* loads, bu32* pending, const bu8* cmd,
    bu8* rsps, bu64 seq, bolt_lookup* lk, bolt_hls_page* p1, bolt_hls_page* p2, bu64 verdict)
{
    bu8* rsp = rsps + seq * d->rsp_bytes;
    if (verdict && !st[BOLT_ST_HALTED]) {
        bolt_access_modify(d, st, posmap, records, freelist, loads, pending, p1->plain, p2->plain, cmd, rsp, lk);
        return;
    }
    bu8 none[BOLT_MAX_SLOT_BYTES] = {0};
    st[BOLT_ST_INTEGRITY_FAILURES] += st[BOLT_ST_HALTED] ? 0 : 1;
    bolt_respond(d, rsp, st[BOLT_ST_HALTED] ? BOLT_STATUS_HALTED : BOLT_STATUS_INTEGRITY_VIOLATION, 0, none, 0);
    st[BOLT_ST_HALTED] = 1;
}

// AES-GCM seal of both pages on chip, each packed back into its covering beats, which stream to the writer (a
// FIFO channel: the writer starts on the first beat, UG1399 "pragma HLS dataflow").
static void bolt_hls_seal(const bolt_dims* d, const bolt_gcm_key* gcm, bu64* versions, const bolt_lookup* lk, bolt_hls_page* p1, bolt_hls_page* p2,
    hls::stream<bolt_beat>& out)
{
    bolt_seal(d, gcm, versions, p1->image, lk->page1, p1->plain);
    bolt_seal(d, gcm, versions, p2->image, lk->page2, p2->plain);
pack:
    for (int b = 0; b < BOLT_HLS_MAX_PAGE_BYTES; b++) {
#pragma HLS PIPELINE II = 1
        if ((bu64)b < d->page) {
            bu64 at1 = p1->offset + (bu64)b, at2 = p2->offset + (bu64)b;
            int lo1 = 8 * (int)(at1 % BOLT_HLS_BEAT_BYTES), lo2 = 8 * (int)(at2 % BOLT_HLS_BEAT_BYTES);
            p1->beats[at1 / BOLT_HLS_BEAT_BYTES].range(lo1 + 7, lo1) = p1->image[b];
            p2->beats[at2 / BOLT_HLS_BEAT_BYTES].range(lo2 + 7, lo2) = p2->image[b];
        }
    }
stream_out:
    for (int i = 0; i < 2 * BOLT_HLS_PAGE_BEATS; i++) {
#pragma HLS PIPELINE II = 1
        out.write(i < BOLT_HLS_PAGE_BEATS ? p1->beats[i] : p2->beats[i - BOLT_HLS_PAGE_BEATS]);
    }
}

// Writer: both pages' covering beats, first then second, as two fixed-length bursts when the access was served;
// after an abort the beats are drained and nothing is written.
static void bolt_hls_write(bolt_beat* host_wr, bu64 first1, bu64 first2, hls::stream<bolt_beat>& in, bu64 verdict)
{
write_pages:
    for (int i = 0; i < 2 * BOLT_HLS_PAGE_BEATS; i++) {
#pragma HLS PIPELINE II = 1
        bolt_beat beat = in.read();
        bu64 at = i < BOLT_HLS_PAGE_BEATS ? first1 + (bu64)i : first2 + (bu64)(i - BOLT_HLS_PAGE_BEATS);
        if (verdict) host_wr[at] = beat;
    }
}

// The top. Each m_axi argument has its own bundle, so no function ever chooses at run time between two ports
// (UG1399, "Pointer Limitations" and "Pointers on the Interface"). Structures that two stages touch get two
// ports onto the same memory (the position map, the page versions, host memory), one per stage, as UG1399's
// AXI4 burst "Summary" suggests for mutually exclusive accesses; the host binds both to one buffer. HBM ports
// are standard C types widened to 512 bits (UG1399, "Automatic Port Width Resizing"); the host pages are read and
// written as explicit 512-bit beats. The host allocates BOLT_HLS_PAGE_BEATS beats of slack after the last page.
extern "C" void bolt_hls_top(const bolt_beat* host_rd, bolt_beat* host_wr, const bu64* posmap_rd, bu64* posmap, bu8* records, bu32* freelist,
    bu16* loads, const bu64* versions_rd, bu64* versions, bu32* pending, const bu8* cmds, bu8* rsps, bu64* state, const bu64* config, bu32 count)
{
#pragma HLS INTERFACE m_axi port = host_rd offset = slave bundle = host_rd max_read_burst_length = 16
#pragma HLS INTERFACE m_axi port = host_wr offset = slave bundle = host_wr max_write_burst_length = 16
#pragma HLS INTERFACE m_axi port = posmap_rd offset = slave bundle = pm_rd max_widen_bitwidth = 512
#pragma HLS INTERFACE m_axi port = posmap offset = slave bundle = pm max_widen_bitwidth = 512
#pragma HLS INTERFACE m_axi port = records offset = slave bundle = rec max_widen_bitwidth = 512
#pragma HLS INTERFACE m_axi port = freelist offset = slave bundle = freel max_widen_bitwidth = 512
#pragma HLS INTERFACE m_axi port = loads offset = slave bundle = loads max_widen_bitwidth = 512
#pragma HLS INTERFACE m_axi port = versions_rd offset = slave bundle = ver_rd max_widen_bitwidth = 512
#pragma HLS INTERFACE m_axi port = versions offset = slave bundle = ver max_widen_bitwidth = 512
#pragma HLS INTERFACE m_axi port = pending offset = slave bundle = pend max_widen_bitwidth = 512
#pragma HLS INTERFACE m_axi port = cmds offset = slave bundle = cmds max_widen_bitwidth = 512
#pragma HLS INTERFACE m_axi port = rsps offset = slave bundle = rsps max_widen_bitwidth = 512
#pragma HLS INTERFACE m_axi port = state offset = slave bundle = state
#pragma HLS INTERFACE m_axi port = config offset = slave bundle = config
#pragma HLS INTERFACE s_axilite port = count
#pragma HLS INTERFACE s_axilite port = return
    // State words in registers for the whole batch (UG1399, "pragma HLS array_partition": complete).
    bu64 st[BOLT_STATE_WORDS];
#pragma HLS ARRAY_PARTITION variable = st type = complete
    bolt_dims d;
    bu8 prng_rk[BOLT_ROUND_KEY_BYTES], prov_rk[BOLT_ROUND_KEY_BYTES];
    bolt_gcm_key gcm;
load_state:
    for (int w = 0; w < BOLT_STATE_WORDS; w++) st[w] = state[w];
    bolt_dims_from(config, &d);
    bolt_derive_keys(st, prng_rk, &gcm, prov_rk);
    bu64 first = st[BOLT_ST_ACCESS_SEQ];
accesses:
    for (bu32 i = 0; i < count; i++) {
        // One access per iteration as a dataflow region in canonical form (UG1399, "Canonical Forms"): five
        // processes, each channel written by one and read by the next. The next issue overlaps iterations; the
        // hazard it must resolve is the position map, the records and the loads that modify writes and the next
        // access's reader may read.
#pragma HLS DATAFLOW
        bolt_lookup lk;
        bu8 cmd[BOLT_HLS_MAX_COMMAND_BYTES];
        bolt_hls_page p1, p2;
        hls::stream<bolt_beat> sealed;
#pragma HLS STREAM variable = sealed depth = 2 * BOLT_HLS_PAGE_BEATS
        bu64 verdict;
        bolt_hls_read(&d, prng_rk, first + i, posmap_rd, cmds, host_rd, &lk, cmd, &p1, &p2);
        bolt_hls_open(&d, &gcm, versions_rd, &lk, &p1, &p2, &verdict);
        bolt_hls_modify(&d, st, posmap, records, freelist, loads, pending, cmd, rsps, i, &lk, &p1, &p2, verdict);
        bolt_hls_seal(&d, &gcm, versions, &lk, &p1, &p2, sealed);
        bolt_hls_write(host_wr, p1.first_beat, p2.first_beat, sealed, verdict);
    }
    st[BOLT_ST_ACCESS_SEQ] = first + count;
store_state:
    for (int w = 0; w < BOLT_STATE_WORDS; w++) state[w] = st[w];
}
