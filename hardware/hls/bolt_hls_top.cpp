// The Vitis HLS top of the Bolt kernel for the Alveo U55C (hardware/SPEC.md §6–§11): every mode bolt_kernel() has,
// with the access data path as a dataflow chain reader -> AES-GCM open -> modify -> AES-GCM seal -> writer over
// on-chip page buffers. The algorithm is not repeated here: the stages call the shared phases of hardware/kernel
// (bolt_access.h, bolt_core.h) and the control modes call bolt_kernel.c's functions, the same source g++ and OpenCL C
// run. What this file adds is the hardware architecture: explicit ports, host pages as 512-bit beats, on-chip page
// buffers sized by compile-time maxima, state words in registers, one producer and one consumer per channel.
//
// Status (hardware/README.md, "What was and was not checked"): the C-simulation harness (hardware/csim, `make
// build/bolt-hls-csim`, compiled as Vitis HLS's C simulation compiles it: without __SYNTHESIS__) runs this top and CI
// co-simulates it bit for bit against the simulator (responses, trace rows with cycles, host memory, sealed frames;
// tests/Bolt.Tests/Hls); hardware/hls/Makefile compiles it with __SYNTHESIS__ defined against
// the stand-ins of stand-in/. Vitis HLS / v++ were NOT run here: no synthesis, no II or latency report, no C/RTL
// co-simulation.
#include <ap_int.h>
#include <hls_stream.h>

// Compile-time maxima of one bitstream (the defaults fit the default parameters at N = 2^20: V = 8 bytes, so a
// 32-byte slot, and l_max = 14). The on-chip buffers are sized by them; a map whose page body is larger is refused
// (BOLT_CALL_BAD_MODE, bolt_call_begin) and needs a rebuild with larger maxima.
#ifndef BOLT_HLS_MAX_SLOTS_PER_BIN
#define BOLT_HLS_MAX_SLOTS_PER_BIN 16
#endif
#ifndef BOLT_MAX_SLOT_BYTES
#define BOLT_MAX_SLOT_BYTES 32
#endif

#define BOLT_MAX_PAGE_BODY (BOLT_HLS_MAX_SLOTS_PER_BIN * BOLT_MAX_SLOT_BYTES)

// bolt_ctx with no pointer in it (bolt_core.h): the config, state and trace words are on-chip arrays of the call's
// context; every HBM structure and host memory is one of the top's ports, passed to each function that touches it.
#define BOLT_CTX_ON_CHIP 1

#include "../kernel/bolt_kernel.c"

#define BOLT_HLS_MAX_PAGE_BYTES BOLT_MAX_PAGE_IMAGE
// A command record is 32 bytes + the value rounded to 16, a response 16 + the same: both fit 32 + a slot.
#define BOLT_HLS_MAX_RECORD_BYTES (32 + BOLT_MAX_SLOT_BYTES)
#define BOLT_HLS_BEAT_BYTES 64
// A page starts anywhere in a 64-byte beat (pages are multiples of 16 bytes): at most this many covering beats.
#define BOLT_HLS_PAGE_BEATS (BOLT_HLS_MAX_PAGE_BYTES / BOLT_HLS_BEAT_BYTES + 2)

// 512-bit words: the width of the U55C's HBM pseudo-channel ports and of the host-memory (HOST[0]) slave bridge.
typedef ap_uint<512> bolt_beat;

// Where a page lies in the host region, as beats: all public (the page number is, SPEC §6).
struct bolt_hls_place {
    bu32 page;
    bu64 first;  // its first covering beat
    bu64 offset; // of its first byte in that beat
    bu64 beats;  // covering beats
};

static bolt_hls_place bolt_hls_locate(const bolt_dims* d, bu32 page)
{
    bu64 at = (bu64)page * d->page;
    bolt_hls_place p;
    p.page = page;
    p.first = at / BOLT_HLS_BEAT_BYTES;
    p.offset = at % BOLT_HLS_BEAT_BYTES;
    p.beats = (p.offset + d->page + BOLT_HLS_BEAT_BYTES - 1) / BOLT_HLS_BEAT_BYTES;
    return p;
}

static bu8 bolt_hls_byte(const bolt_beat* beats, bu64 at)
{
    int lo = 8 * (int)(at % BOLT_HLS_BEAT_BYTES);
    return (bu8)beats[at / BOLT_HLS_BEAT_BYTES].range(lo + 7, lo);
}

static void bolt_hls_set_byte(bolt_beat* beats, bu64 at, bu8 v)
{
    int lo = 8 * (int)(at % BOLT_HLS_BEAT_BYTES);
    beats[at / BOLT_HLS_BEAT_BYTES].range(lo + 7, lo) = v;
}

// A page's covering beats read from host memory: exactly the covering beats, in one burst whose length is known
// before the request goes out (UG1399, "Preconditions and Limitations of Burst Transfer"); the trip count is the
// fixed maximum, the guard a public function of the page number.
static void bolt_hls_read_page(const bolt_beat* host_rd, const bolt_hls_place* p, bolt_beat* beats)
{
read_page:
    for (int i = 0; i < BOLT_HLS_PAGE_BEATS; i++) {
#pragma HLS PIPELINE II = 1
        if ((bu64)i < p->beats) beats[i] = host_rd[p->first + (bu64)i];
    }
}

// A page's covering beats written to host memory as one burst of a length known before it starts (the bulk load's and
// the new lifetime's page passes); returns the last beat, which the next page may share.
static bolt_beat bolt_hls_write_page(bolt_beat* host_wr, const bolt_hls_place* p, const bolt_beat* beats)
{
write_page:
    for (int i = 0; i < BOLT_HLS_PAGE_BEATS; i++) {
#pragma HLS PIPELINE II = 1
        if ((bu64)i < p->beats) host_wr[p->first + (bu64)i] = beats[i];
    }
    return beats[p->beats - 1];
}

// The page image (header | ciphertext | tag) out of its covering beats.
static void bolt_hls_unpack(const bolt_dims* d, const bolt_beat* beats, bu64 offset, bu8* image)
{
unpack:
    for (int b = 0; b < BOLT_HLS_MAX_PAGE_BYTES; b++) {
#pragma HLS PIPELINE II = 1
        if ((bu64)b < d->page) image[b] = bolt_hls_byte(beats, offset + (bu64)b);
    }
}

// The page image into covering beats that already hold the neighbours' bytes of the edge beats.
static void bolt_hls_pack(const bolt_dims* d, const bu8* image, bu64 offset, bolt_beat* beats)
{
pack:
    for (int b = 0; b < BOLT_HLS_MAX_PAGE_BYTES; b++) {
#pragma HLS PIPELINE II = 1
        if ((bu64)b < d->page) bolt_hls_set_byte(beats, offset + (bu64)b, image[b]);
    }
}

// ---- the access: five processes, each channel written by one and read by the next (UG1399, "Dataflow Optimization
// Limitations": single-producer-consumer). What a later stage needs is forwarded stage by stage, never read by two.

// Reader -> open: the lookup, the command, both pages' covering beats as read.
struct bolt_hls_fetched {
    bolt_lookup lk;
    bu8 cmd[BOLT_HLS_MAX_RECORD_BYTES];
    bolt_hls_place p1, p2;
    bolt_beat beats1[BOLT_HLS_PAGE_BEATS], beats2[BOLT_HLS_PAGE_BEATS];
};

// Open -> modify: the same lookup and command, both page images with their bodies decrypted, the verdicts, and the
// edge beats (the neighbours' bytes the writer must write back as they were).
struct bolt_hls_opened {
    bolt_lookup lk;
    bu8 cmd[BOLT_HLS_MAX_RECORD_BYTES];
    bolt_hls_place p1, p2;
    bu8 image1[BOLT_HLS_MAX_PAGE_BYTES], image2[BOLT_HLS_MAX_PAGE_BYTES];
    bolt_beat edges[4]; // first and last covering beat of page 1, then of page 2
    bu64 ok1, ok2;
};

// Modify -> seal: both page images with their modified plaintext bodies, the verdict, the edge beats.
struct bolt_hls_modified {
    bolt_hls_place p1, p2;
    bu8 image1[BOLT_HLS_MAX_PAGE_BYTES], image2[BOLT_HLS_MAX_PAGE_BYTES];
    bolt_beat edges[4];
    bu64 verdict;
};

// Seal -> writer: where the beats go and whether they go (the beats themselves stream).
struct bolt_hls_sealed {
    bolt_hls_place p1, p2;
    bu64 verdict;
};

// Reader: the command record from the port it arrived on (plaintext batch or the private frame copy: two fixed
// ports, never a pointer chosen between them), the lookup (the position-map span as one fixed-length burst on its own
// port), then both pages' covering beats back to back, the second request issued without waiting for the first page
// to be opened.
static void bolt_hls_read(bolt_dims d, const bu8* prng_rk, bu64 seq, int sealed, bu64 at, const bu8* cmds, const bu8* frame, const bu64* posmap_rd,
    const bolt_beat* host_rd, bolt_hls_fetched* out)
{
read_command:
    for (int b = 0; b < BOLT_HLS_MAX_RECORD_BYTES; b++) {
#pragma HLS PIPELINE II = 1
        if ((bu64)b < d.cmd_bytes) out->cmd[b] = sealed ? frame[BOLT_FRAME_HEADER_BYTES + at * d.cmd_bytes + (bu64)b] : cmds[at * d.cmd_bytes + (bu64)b];
    }
    bolt_access_lookup(&d, prng_rk, seq, posmap_rd, out->cmd, &out->lk);
    out->p1 = bolt_hls_locate(&d, out->lk.page1);
    out->p2 = bolt_hls_locate(&d, out->lk.page2);
    bolt_hls_read_page(host_rd, &out->p1, out->beats1);
    bolt_hls_read_page(host_rd, &out->p2, out->beats2);
}

// AES-GCM open of both pages on chip; the verdicts go on to modify, which declassifies them (SPEC §9.5).
static void bolt_hls_open(bolt_dims d, const bolt_gcm_key* gcm, const bu64* versions_rd, const bolt_hls_fetched* in, bolt_hls_opened* out)
{
    out->lk = in->lk;
copy_command:
    for (int b = 0; b < BOLT_HLS_MAX_RECORD_BYTES; b++) out->cmd[b] = in->cmd[b];
    out->p1 = in->p1;
    out->p2 = in->p2;
    out->edges[0] = in->beats1[0];
    out->edges[1] = in->beats1[in->p1.beats - 1];
    out->edges[2] = in->beats2[0];
    out->edges[3] = in->beats2[in->p2.beats - 1];
    bolt_hls_unpack(&d, in->beats1, in->p1.offset, out->image1);
    bolt_hls_unpack(&d, in->beats2, in->p2.offset, out->image2);
    out->ok1 = bolt_open(&d, gcm, versions_rd, out->image1, in->p1.page);
    out->ok2 = bolt_open(&d, gcm, versions_rd, out->image2, in->p2.page);
}

// A response record to the port its batch answers on: the plaintext port, or the session's response cache in the
// device-private scratch buffer (a sealed batch; rsp_at is the cache body's offset there).
static void bolt_hls_put_response(const bolt_dims* d, int sealed, bu64 rsp_at, bu64 at, const bu8* rsp, bu8* rsps, bu8* scratch)
{
put_response:
    for (int b = 0; b < BOLT_HLS_MAX_RECORD_BYTES; b++) {
#pragma HLS PIPELINE II = 1
        if ((bu64)b < d->rsp_bytes) {
            if (sealed)
                scratch[rsp_at + at * d->rsp_bytes + (bu64)b] = rsp[b];
            else
                rsps[at * d->rsp_bytes + (bu64)b] = rsp[b];
        }
    }
}

// Modify: the shared phase over the on-chip page bodies and the HBM structures, then the response. After a failed
// verdict nothing changes but the failure words: the device halts (fail-stop, SPEC §6) and the batch loop answers
// every later record Halted without touching anything.
static void bolt_hls_modify(bolt_dims d, bu64* st, bu64* posmap, bu8* records, bu32* freelist, bu16* loads, bu32* pending, int sealed, bu64 rsp_at,
    bu64 at, bu8* rsps, bu8* scratch, const bolt_hls_opened* in, bolt_hls_modified* out)
{
    bolt_lookup lk = in->lk;
    bu8 rsp[BOLT_HLS_MAX_RECORD_BYTES];
copy_pages:
    for (int b = 0; b < BOLT_HLS_MAX_PAGE_BYTES; b++) {
#pragma HLS PIPELINE II = 1
        out->image1[b] = in->image1[b];
        out->image2[b] = in->image2[b];
    }
    for (int e = 0; e < 4; e++) out->edges[e] = in->edges[e];
    out->p1 = in->p1;
    out->p2 = in->p2;
    out->verdict = BOLT_PUBLIC_VERDICT(in->ok1 & in->ok2);
    if (out->verdict) {
        bolt_access_modify(&d, st, posmap, records, freelist, loads, pending, out->image1 + BOLT_PAGE_HEADER_BYTES, out->image2 + BOLT_PAGE_HEADER_BYTES,
            in->cmd, rsp, &lk);
    } else {
        bu8 none[BOLT_MAX_SLOT_BYTES] = {0};
        st[BOLT_ST_INTEGRITY_FAILURES]++;
        st[BOLT_ST_LAST_FAILED_PAGE] = BOLT_PUBLIC_VERDICT(in->ok1) ? lk.page2 : lk.page1;
#ifndef BOLT_FAULT_NO_FAIL_STOP
        st[BOLT_ST_HALTED] = 1;
#endif
        bolt_respond(&d, rsp, BOLT_STATUS_INTEGRITY_VIOLATION, 0, none, 0);
    }
    bolt_hls_put_response(&d, sealed, rsp_at, at, rsp, rsps, scratch);
}

// AES-GCM seal of both pages on chip (when the access was served), each packed into its covering beats, which stream
// to the writer. Where the two pages share a beat (adjacent pages) or are one page, the second page's beats start
// from the first page's packed beats, so the writer's second write keeps the first page's new bytes.
static void bolt_hls_seal(bolt_dims d, const bolt_gcm_key* gcm, bu64* versions, const bolt_hls_modified* in, hls::stream<bolt_beat>& beats,
    bolt_hls_sealed* out)
{
    bu8 image1[BOLT_HLS_MAX_PAGE_BYTES], image2[BOLT_HLS_MAX_PAGE_BYTES];
    bolt_beat out1[BOLT_HLS_PAGE_BEATS], out2[BOLT_HLS_PAGE_BEATS];
copy_images:
    for (int b = 0; b < BOLT_HLS_MAX_PAGE_BYTES; b++) {
#pragma HLS PIPELINE II = 1
        image1[b] = in->image1[b];
        image2[b] = in->image2[b];
    }
    out->p1 = in->p1;
    out->p2 = in->p2;
    out->verdict = in->verdict;
    if (in->verdict) {
        bolt_seal(&d, gcm, versions, image1, in->p1.page);
        bolt_seal(&d, gcm, versions, image2, in->p2.page);
    }
edge_beats:
    for (int i = 0; i < BOLT_HLS_PAGE_BEATS; i++) {
#pragma HLS PIPELINE II = 1
        out1[i] = (bu64)i == 0 ? in->edges[0] : (bu64)i + 1 == in->p1.beats ? in->edges[1] : bolt_beat();
    }
    bolt_hls_pack(&d, image1, in->p1.offset, out1);
edge_beats_second:
    for (int i = 0; i < BOLT_HLS_PAGE_BEATS; i++) {
#pragma HLS PIPELINE II = 1
        bu64 beat = in->p2.first + (bu64)i;
        bolt_beat own = (bu64)i == 0 ? in->edges[2] : (bu64)i + 1 == in->p2.beats ? in->edges[3] : bolt_beat();
#ifdef BOLT_FAULT_HLS_SHARED_BEAT
        bu64 shared = 0; // test-only fault: the second page's edge beat keeps the first page's old bytes
        (void)beat;
#else
        bu64 shared = beat >= in->p1.first && beat < in->p1.first + in->p1.beats;
#endif
        out2[i] = shared ? out1[beat - in->p1.first] : own;
    }
    bolt_hls_pack(&d, image2, in->p2.offset, out2);
stream_out:
    for (int i = 0; i < 2 * BOLT_HLS_PAGE_BEATS; i++) {
#pragma HLS PIPELINE II = 1
        beats.write(i < BOLT_HLS_PAGE_BEATS ? out1[i] : out2[i - BOLT_HLS_PAGE_BEATS]);
    }
}

// Writer: both pages' covering beats, first then second, each one burst of a length known before it starts, when
// the access was served; after an abort the beats are drained and nothing is written. Hands the touched pages and
// the outcome back to the batch loop (the schedule's inputs).
static void bolt_hls_write(bolt_beat* host_wr, hls::stream<bolt_beat>& beats, const bolt_hls_sealed* in, bu32* page1, bu32* page2, int* aborted)
{
write_pages:
    for (int i = 0; i < 2 * BOLT_HLS_PAGE_BEATS; i++) {
#pragma HLS PIPELINE II = 1
        bolt_beat beat = beats.read();
        int second = i >= BOLT_HLS_PAGE_BEATS;
        bu64 k = (bu64)(second ? i - BOLT_HLS_PAGE_BEATS : i);
        bu64 first = second ? in->p2.first : in->p1.first, beats_of_page = second ? in->p2.beats : in->p1.beats;
        if (in->verdict && k < beats_of_page) host_wr[first + k] = beat;
    }
    *page1 = in->p1.page;
    *page2 = in->p2.page;
    *aborted = in->verdict ? 0 : 1;
}

// One access (SPEC §6) as a dataflow region in canonical form (UG1399, "pragma HLS dataflow"): five processes, each
// called unconditionally, each channel written by one and read by the next. Structures that two stages touch have
// one port per stage (the position map: lookup and modify; the page versions: open and seal; host memory: reader and
// writer). The inputs every stage reads (the parameters, seq) are scalars; each AES-GCM stage has its own copy of
// the page key.
static void bolt_hls_access(bolt_dims d, const bu8* prng_rk, const bolt_gcm_key* gcm_open, const bolt_gcm_key* gcm_seal, bu64 seq, int sealed,
    bu64 rsp_at, bu64 at, const bu64* posmap_rd, bu64* posmap, bu8* records, bu32* freelist, bu16* loads, const bu64* versions_rd, bu64* versions,
    bu32* pending, const bu8* cmds, const bu8* frame, bu8* rsps, bu8* scratch, const bolt_beat* host_rd, bolt_beat* host_wr, bu64* st, bu32* page1,
    bu32* page2, int* aborted)
{
#pragma HLS DATAFLOW
    bolt_hls_fetched fetched;
    bolt_hls_opened opened;
    bolt_hls_modified modified;
    bolt_hls_sealed sealed_pages;
    hls::stream<bolt_beat> beats;
#pragma HLS STREAM variable = beats depth = 2 * BOLT_HLS_PAGE_BEATS
    bolt_hls_read(d, prng_rk, seq, sealed, at, cmds, frame, posmap_rd, host_rd, &fetched);
    bolt_hls_open(d, gcm_open, versions_rd, &fetched, &opened);
    bolt_hls_modify(d, st, posmap, records, freelist, loads, pending, sealed, rsp_at, at, rsps, scratch, &opened, &modified);
    bolt_hls_seal(d, gcm_seal, versions, &modified, beats, &sealed_pages);
    bolt_hls_write(host_wr, beats, &sealed_pages, page1, page2, aborted);
}

// The trace rows the schedule emitted since the last flush, from the context's on-chip rows to the trace port (at most
// BOLT_TRACE_HELD_ROWS: the top flushes after every schedule call; bolt_core.h).
static void bolt_hls_flush_trace(bolt_ctx* c, bu64* trace)
{
flush_trace:
    for (int i = 0; i < BOLT_TRACE_HELD_ROWS; i++) {
#pragma HLS PIPELINE II = 1
        bu64 row = c->trace_written + (bu64)i;
        if (row < c->st[BOLT_ST_TRACE_ROWS]) {
            for (int w = 0; w < BOLT_TRACE_ROW_WORDS; w++)
                trace[row * BOLT_TRACE_ROW_WORDS + (bu64)w] = c->trace[(row % BOLT_TRACE_HELD_ROWS) * BOLT_TRACE_ROW_WORDS + (bu64)w];
        }
    }
    c->trace_written = c->st[BOLT_ST_TRACE_ROWS];
}

// A batch (SPEC §8, §9), as bolt_execute serves it: the schedule's batch frame around the accesses; each access one
// dataflow region. A record after a halt is answered Halted before its lookup: no page is fetched (no row, no
// time). sealed: the records come from the private frame copy and the responses go to the session's response
// cache at rsp_at in scratch; else the plaintext ports.
static void bolt_hls_execute(bolt_ctx* c, bu64* posmap, const bu64* posmap_rd, bu8* records, bu32* freelist, bu16* loads, bu64* versions,
    const bu64* versions_rd, bu32* pending, bu8* scratch, const bu8* frame, const bu8* cmds, bu8* rsps, const bolt_beat* host_rd, bolt_beat* host_wr,
    bu64* trace, int sealed, bu64 rsp_at, bu64 count, bu64 link_in, bu64 link_out)
{
    bolt_gcm_key gcm_open = c->gcm, gcm_seal = c->gcm;
    bi64 first = (bi64)c->st[BOLT_ST_ACCESS_SEQ];
    bu64 ready = bolt_schedule_begin_batch(c, first, count, link_in);
    bolt_hls_flush_trace(c, trace);
    bu64 t = ready;
accesses:
    for (bu64 i = 0; i < count; i++) {
#pragma HLS LOOP_TRIPCOUNT max = BOLT_FRAME_MAX_RECORDS
        bu64 seq = c->st[BOLT_ST_ACCESS_SEQ]++;
        if (c->st[BOLT_ST_HALTED]) {
            bu8 rsp[BOLT_HLS_MAX_RECORD_BYTES], none[BOLT_MAX_SLOT_BYTES] = {0};
            bolt_respond(&c->d, rsp, BOLT_STATUS_HALTED, 0, none, 0);
            bolt_hls_put_response(&c->d, sealed, rsp_at, i, rsp, rsps, scratch);
            continue;
        }
        bu32 page1 = 0, page2 = 0;
        int aborted = 0;
        bolt_hls_access(c->d, c->prng_rk, &gcm_open, &gcm_seal, seq, sealed, rsp_at, i, posmap_rd, posmap, records, freelist, loads, versions_rd,
            versions, pending, cmds, frame, rsps, scratch, host_rd, host_wr, c->st, &page1, &page2, &aborted);
        t = bolt_max(t, bolt_schedule_access(c, first + (bi64)i, ready, page1, page2, aborted));
        bolt_hls_flush_trace(c, trace);
    }
    c->st[BOLT_ST_OPS] += count;
    c->st[BOLT_ST_BATCHES]++;
    bolt_schedule_end_batch(c, first + (bi64)count - 1, count, t, link_out);
    bolt_hls_flush_trace(c, trace);
    c->st[BOLT_ST_STATUS] = BOLT_STATUS_OK;
}

// A sealed batch (SPEC §10.4), as bolt_execute_sealed serves it; in is the frame as the host sent it (cmds, or a frame
// within cmds), out where its response frame goes (rsps, or within rsps). The response cache is an offset in scratch.
static void bolt_hls_execute_sealed(bolt_ctx* c, bu64* posmap, const bu64* posmap_rd, bu8* records, bu32* freelist, bu16* loads, bu64* versions,
    const bu64* versions_rd, bu32* pending, bu8* scratch, bu8* frame, const bu8* cmds, bu8* rsps, const bolt_beat* host_rd, bolt_beat* host_wr,
    bu64* trace, bu64 in_at, bu64 len, bu64 out_at, bu64 link_in, bu64 link_out)
{
    bi64 n = bolt_sealed_batch_open(c, scratch, frame, cmds + in_at, len, rsps + out_at);
    if (n < 0) return;
    bu8* rf = bolt_response_cache(c, scratch, bolt_rd64(frame));
    bolt_hls_execute(c, posmap, posmap_rd, records, freelist, loads, versions, versions_rd, pending, scratch, frame, cmds, rsps, host_rd, host_wr, trace, 1,
        (bu64)(rf - scratch) + BOLT_FRAME_HEADER_BYTES, (bu64)n, link_in, link_out);
    bolt_frame_seal_responses(c, scratch, frame, rf, (bu64)n, rsps + out_at);
}

// Multi-frame submission (BOLT_MODE_EXECUTE_FRAMES), as bolt_execute_frames serves it: frames and response frames are
// offsets into cmds and rsps.
static void bolt_hls_execute_frames(bolt_ctx* c, bu64* posmap, const bu64* posmap_rd, bu8* records, bu32* freelist, bu16* loads, bu64* versions,
    const bu64* versions_rd, bu32* pending, bu8* scratch, bu8* frame, const bu8* cmds, bu8* rsps, const bolt_beat* host_rd, bolt_beat* host_wr,
    bu64* trace, bu64 count)
{
    bu64 in_at = count * BOLT_FRAMES_ENTRY_BYTES, out_at = count * BOLT_FRAMES_RESULT_BYTES;
frames:
    for (bu64 i = 0; i < count; i++) {
#pragma HLS LOOP_TRIPCOUNT max = 64
        const bu8* entry = cmds + i * BOLT_FRAMES_ENTRY_BYTES;
        bu64 len = bolt_rd64(entry), batches = bolt_frames_entry_begin(c);
        bolt_hls_execute_sealed(c, posmap, posmap_rd, records, freelist, loads, versions, versions_rd, pending, scratch, frame, cmds, rsps, host_rd, host_wr,
            trace, in_at, len, out_at, bolt_rd64(entry + 8), bolt_rd64(entry + 16));
        bolt_frames_entry_end(c, rsps, i, count, batches);
        in_at += len;
        out_at += bolt_frames_response_bytes(c, len);
    }
    bolt_frames_done(c);
}

// The bulk load (SPEC §7), as bolt_init serves it: host memory cleared (whole beats), the items placed in the staged
// page plaintexts (device-private scratch), then every page sealed on chip with version 1 and written once, in page
// order, each as one burst of its covering beats; a beat two pages share is carried from one page to the next. The
// records come from the plaintext port or the private frame copy: `sealed` picks which, two fixed ports.
static void bolt_hls_init(bolt_ctx* c, bu64* posmap, bu8* records, bu32* freelist, bu16* loads, bu64* versions, bu32* pending, bu8* scratch,
    const bu8* frame, const bu8* cmds, bolt_beat* host_wr, bu64* trace, int sealed, bu64 count, bu64 link_in)
{
    bu64 region = (c->h * c->page + BOLT_HLS_BEAT_BYTES - 1) / BOLT_HLS_BEAT_BYTES;
clear_host:
    for (bu64 b = 0; b < region; b++) {
#pragma HLS PIPELINE II = 1
        host_wr[b] = bolt_beat();
    }
    int placed = sealed ? bolt_init_place(c, posmap, records, freelist, loads, versions, pending, scratch, frame + BOLT_FRAME_HEADER_BYTES, count, link_in)
                        : bolt_init_place(c, posmap, records, freelist, loads, versions, pending, scratch, cmds, count, link_in);
    bolt_hls_flush_trace(c, trace);
    if (!placed) return;
    bolt_beat carry = bolt_beat();
seal_pages:
    for (bu64 page = 0; page < c->h; page++) {
#pragma HLS LOOP_TRIPCOUNT max = 65536
        bu8 image[BOLT_HLS_MAX_PAGE_BYTES];
        bolt_beat beats[BOLT_HLS_PAGE_BEATS];
        bolt_hls_place p = bolt_hls_locate(&c->d, (bu32)page);
        bolt_page_stage(c, scratch, page, image);
        bolt_seal(&c->d, &c->gcm, versions, image, (bu32)page);
        for (int i = 0; i < BOLT_HLS_PAGE_BEATS; i++) beats[i] = i == 0 && p.offset != 0 ? carry : bolt_beat();
        bolt_hls_pack(&c->d, image, p.offset, beats);
        carry = bolt_hls_write_page(host_wr, &p, beats);
        bolt_init_page_written(c, page);
        bolt_hls_flush_trace(c, trace);
    }
    bolt_init_done(c);
}

// A new lifetime (SPEC §12), as bolt_new_lifetime serves it: every page read as its covering beats, opened under the
// old page key and sealed under the new one on chip, and written back as one burst, in page order; the first page that
// fails stops the pass (nothing more is written) and halts the device. A beat two pages share is carried from one page's
// write to the next: the next page's read may see that beat before or after the write (two ports), and takes only its
// own bytes from it.
static void bolt_hls_new_lifetime(bolt_ctx* c, bu64* versions, const bolt_beat* host_rd, bolt_beat* host_wr, const bu8* in, bu64 len)
{
    bolt_gcm_key next;
    if (!bolt_new_lifetime_begin(c, in, len, &next)) return;
    bu64 failed = 0, failed_page = 0;
    bolt_beat carry = bolt_beat();
reseal_pages:
    for (bu64 page = 0; page < c->h; page++) {
#pragma HLS LOOP_TRIPCOUNT max = 65536
        bu8 image[BOLT_HLS_MAX_PAGE_BYTES];
        bolt_beat beats[BOLT_HLS_PAGE_BEATS];
        if (failed) continue;
        bolt_hls_place p = bolt_hls_locate(&c->d, (bu32)page);
        bolt_hls_read_page(host_rd, &p, beats);
        bolt_hls_unpack(&c->d, beats, p.offset, image);
        if (!bolt_new_lifetime_reseal(c, versions, &next, image, page)) {
            failed = 1;
            failed_page = page;
            continue;
        }
        if (p.offset != 0) beats[0] = carry;
        bolt_hls_pack(&c->d, image, p.offset, beats);
        carry = bolt_hls_write_page(host_wr, &p, beats);
    }
    bolt_new_lifetime_end(c, failed, failed_page);
}

// The top: bolt_kernel()'s arguments in bolt_kernel()'s order (host memory as 512-bit beats: `host` is the write
// port), then three second ports for the data path's second stage: host_rd (host memory, read), posmap_rd (the
// position map, read by the lookup while modify writes `posmap`) and versions_rd (read by the open stage while the
// seal stage writes `versions`). The host binds each to the same buffer as its first port (UG1399's AXI4 burst
// "Summary": two m_axi ports onto one memory model mutually exclusive accesses). Each m_axi argument has its own
// bundle, so no function ever chooses at run time between two ports (UG1399, "Pointer Limitations" and "Pointers on
// the Interface"). HBM ports are standard C types widened to 512 bits (UG1399, "Automatic Port Width Resizing"). The
// host-page buffer is allocated in whole 64-byte beats (XRT allocates whole 4 KiB pages); the kernel reads and writes
// only the beats that cover the pages it touches.
extern "C" void bolt_hls_top(bu64* state, bu64* posmap, bu8* records, bu32* freelist, bu16* loads, bu64* versions, bu32* pending, bu8* scratch,
    bu8* frame, const bu8* cmds, bu8* rsps, bolt_beat* host, bu64* trace, const bu64* config, bu64* pub, bu32 mode, bu32 count, bu64 link_in,
    bu64 link_out, const bolt_beat* host_rd, const bu64* posmap_rd, const bu64* versions_rd)
{
#pragma HLS INTERFACE m_axi port = host_rd offset = slave bundle = host_rd max_read_burst_length = 16
#pragma HLS INTERFACE m_axi port = host offset = slave bundle = host max_write_burst_length = 16
#pragma HLS INTERFACE m_axi port = state offset = slave bundle = state
#pragma HLS INTERFACE m_axi port = posmap_rd offset = slave bundle = pm_rd max_widen_bitwidth = 512
#pragma HLS INTERFACE m_axi port = posmap offset = slave bundle = pm max_widen_bitwidth = 512
#pragma HLS INTERFACE m_axi port = records offset = slave bundle = rec max_widen_bitwidth = 512
#pragma HLS INTERFACE m_axi port = freelist offset = slave bundle = freel max_widen_bitwidth = 512
#pragma HLS INTERFACE m_axi port = loads offset = slave bundle = loads max_widen_bitwidth = 512
#pragma HLS INTERFACE m_axi port = versions_rd offset = slave bundle = ver_rd max_widen_bitwidth = 512
#pragma HLS INTERFACE m_axi port = versions offset = slave bundle = ver max_widen_bitwidth = 512
#pragma HLS INTERFACE m_axi port = pending offset = slave bundle = pend max_widen_bitwidth = 512
#pragma HLS INTERFACE m_axi port = scratch offset = slave bundle = scratch max_widen_bitwidth = 512
#pragma HLS INTERFACE m_axi port = frame offset = slave bundle = frame max_widen_bitwidth = 512
#pragma HLS INTERFACE m_axi port = cmds offset = slave bundle = cmds max_widen_bitwidth = 512
#pragma HLS INTERFACE m_axi port = rsps offset = slave bundle = rsps max_widen_bitwidth = 512
#pragma HLS INTERFACE m_axi port = trace offset = slave bundle = trace max_widen_bitwidth = 512
#pragma HLS INTERFACE m_axi port = config offset = slave bundle = config
#pragma HLS INTERFACE m_axi port = pub offset = slave bundle = pub
#pragma HLS INTERFACE s_axilite port = mode
#pragma HLS INTERFACE s_axilite port = count
#pragma HLS INTERFACE s_axilite port = link_in
#pragma HLS INTERFACE s_axilite port = link_out
#pragma HLS INTERFACE s_axilite port = return
    // The call's context: config, state and held trace rows on chip (state and config words in registers for the whole
    // call: UG1399, "pragma HLS disaggregate" and "pragma HLS array_partition", complete), and no pointer in it; every
    // function below gets the ports it touches as its own arguments (UG1399, "Pointer Limitations").
    bolt_ctx c;
#pragma HLS DISAGGREGATE variable = c
#pragma HLS ARRAY_PARTITION variable = c.st type = complete
#pragma HLS ARRAY_PARTITION variable = c.cfg type = complete
load_state:
    for (int w = 0; w < BOLT_STATE_WORDS; w++) c.st[w] = state[w];
load_config:
    for (int w = 0; w < BOLT_CONFIG_WORDS; w++) c.cfg[w] = config[w];
    c.trace_written = 0;
    bolt_ctx_params(&c);
    if (bolt_call_begin(&c, scratch, frame, mode, cmds, count, pub)) {
        if (mode == BOLT_MODE_HELLO) {
            bolt_hello(&c, scratch, cmds, count, rsps);
        } else if (mode == BOLT_MODE_INIT_SEALED) {
            bi64 n = bolt_sealed_load_open(&c, scratch, frame, cmds, count);
            if (n >= 0) bolt_hls_init(&c, posmap, records, freelist, loads, versions, pending, scratch, frame, cmds, host, trace, 1, (bu64)n, link_in);
        } else if (mode == BOLT_MODE_EXECUTE_SEALED) {
            bolt_hls_execute_sealed(&c, posmap, posmap_rd, records, freelist, loads, versions, versions_rd, pending, scratch, frame, cmds, rsps, host_rd, host,
                trace, 0, count, 0, link_in, link_out);
        } else if (mode == BOLT_MODE_EXECUTE_FRAMES) {
            bolt_hls_execute_frames(&c, posmap, posmap_rd, records, freelist, loads, versions, versions_rd, pending, scratch, frame, cmds, rsps, host_rd, host,
                trace, count);
        } else if (mode == BOLT_MODE_CHECKPOINT_EXPORT) {
            bolt_checkpoint_export(&c, posmap, records, freelist, loads, versions, pending, scratch, cmds, count, rsps);
        } else if (mode == BOLT_MODE_CHECKPOINT_IMPORT) {
            bolt_checkpoint_import(&c, posmap, records, freelist, loads, versions, pending, scratch, cmds, count, rsps, link_out);
        } else if (mode == BOLT_MODE_NEW_LIFETIME) {
            bolt_hls_new_lifetime(&c, versions, host_rd, host, cmds, count);
        } else if (mode == BOLT_MODE_INIT) {
            if (bolt_plain_init_allowed(&c)) bolt_hls_init(&c, posmap, records, freelist, loads, versions, pending, scratch, frame, cmds, host, trace, 0, count, link_in);
        } else if (mode == BOLT_MODE_EXECUTE) {
            if (bolt_plain_execute_allowed(&c))
                bolt_hls_execute(&c, posmap, posmap_rd, records, freelist, loads, versions, versions_rd, pending, scratch, frame, cmds, rsps, host_rd, host,
                    trace, 0, 0, count, link_in, link_out);
        } else {
            c.st[BOLT_ST_STATUS] = BOLT_CALL_BAD_MODE;
        }
        bolt_publish(&c, pub);
    }
store_state:
    for (int w = 0; w < BOLT_STATE_WORDS; w++) state[w] = c.st[w];
}
