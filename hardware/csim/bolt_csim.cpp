// C-simulation testbench: runs the kernel function (hardware/kernel/bolt_kernel.c, compiled as C++) on a
// command file exactly as a host would drive the device, and writes the responses, the host-visible trace
// (docs/design.md §5 CSV) and the final host memory. A sealed input (SPEC §10) carries a client hello and sealed frames
// instead of plaintext records: the testbench relays them like the untrusted host and writes the device hello
// and the sealed response frames it gets back. The file format is documented in hardware/README.md.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#ifdef BOLT_CSIM_HLS_TOP
// The HLS top (hardware/hls/bolt_hls_top.cpp) instead of bolt_kernel(): the same testbench, host memory as 512-bit
// beats (Vitis HLS's C simulation compiles the top the same way: without __SYNTHESIS__).
#include "../hls/bolt_hls_top.cpp"
#else
#include "../kernel/bolt_kernel.c"
#endif
#include "../ct/bolt_ct_marks.h"

namespace {

struct Reader {
    FILE* f;
    template <typename T> T get()
    {
        T v{};
        if (std::fread(&v, sizeof v, 1, f) != 1) fail("truncated input file");
        return v;
    }
    void bytes(std::vector<bu8>& out, size_t n)
    {
        out.resize(n);
        if (n != 0 && std::fread(out.data(), 1, n, f) != n) fail("truncated input file");
    }
    [[noreturn]] static void fail(const char* why)
    {
        std::fprintf(stderr, "bolt-csim: %s\n", why);
        std::exit(2);
    }
};

void write_file(const std::string& path, const void* data, size_t n)
{
    FILE* f = std::fopen(path.c_str(), "wb");
    if (f == nullptr || (n != 0 && std::fwrite(data, 1, n, f) != n) || std::fclose(f) != 0) Reader::fail("cannot write an output file");
}

// SPEC §1 recomputed in C from the primary parameters: the host's derived sizes must agree.
bool check_derived(const std::vector<bu64>& st, bu32 n, bu32 c, double alpha, bu32 v, bu32 s, bu32 lmax_override)
{
    bu64 m = (n + c - 1) / c;
    bu64 k = (bu64)std::floor(alpha * (double)m + 0.5);
    bu64 h = m - k;
    bu64 lmax = lmax_override != 0 ? lmax_override : c + (bu64)std::ceil(std::log2(std::log2((double)(n > 4 ? n : 4)))) + 1;
    bu64 slot = (BOLT_SLOT_VALUE_OFFSET + v + 15) & ~(bu64)15;
    bu64 page = BOLT_PAGE_HEADER_BYTES + lmax * slot + BOLT_PAGE_TAG_BYTES;
    bu64 e = (bu64)std::ceil((1 + alpha) * (double)h / 2.0 + (double)lmax * std::sqrt((double)h * std::log((double)n)));
    bu64 p = 1;
    while (p < 2ull * n) p <<= 1;
    bu64 expect[][2] = {{BOLT_ST_BINS, m}, {BOLT_ST_HBM_BINS, k}, {BOLT_ST_HOST_PAGES, h}, {BOLT_ST_SLOTS_PER_BIN, lmax},
        {BOLT_ST_SLOT_BYTES, slot}, {BOLT_ST_PAGE_BYTES, page}, {BOLT_ST_RECORDS, k * lmax + e + s}, {BOLT_ST_POSITION_SLOTS, p},
        {BOLT_ST_PROBE_WINDOW, p < BOLT_PROBE_WINDOW ? p : BOLT_PROBE_WINDOW}, {BOLT_ST_COMMAND_BYTES, 32 + ((v + 15) & ~15u)},
        {BOLT_ST_RESPONSE_BYTES, 16 + ((v + 15) & ~15u)}, {BOLT_ST_CAPACITY, n}, {BOLT_ST_VALUE_SIZE, v}, {BOLT_ST_STASH_CAPACITY, s}};
    bool ok = true;
    for (auto& e2 : expect) {
        if (st[e2[0]] != e2[1]) {
            std::fprintf(stderr, "bolt-csim: state word %llu is %llu, SPEC §1 gives %llu\n", (unsigned long long)e2[0],
                (unsigned long long)st[e2[0]], (unsigned long long)e2[1]);
            ok = false;
        }
    }
    return ok;
}

const char* kind_name(bu32 kind)
{
    switch (kind) {
    case BOLT_TRACE_R: return "R";
    case BOLT_TRACE_W: return "W";
    case BOLT_TRACE_CMD: return "CMD";
    default: return "RSP";
    }
}

int self_test()
{
    // FIPS-197 appendix C.1.
    bu8 key[16], block[16], rk[BOLT_ROUND_KEY_BYTES];
    const bu8 expect[16] = {0x69, 0xc4, 0xe0, 0xd8, 0x6a, 0x7b, 0x04, 0x30, 0xd8, 0xcd, 0xb7, 0x80, 0x70, 0xb4, 0xc5, 0x5a};
    for (int i = 0; i < 16; i++) {
        key[i] = (bu8)i;
        block[i] = (bu8)(i * 0x11);
    }
    bolt_aes_expand(key, rk);
    bolt_aes_encrypt(rk, block);
    if (std::memcmp(block, expect, 16) != 0) {
        std::fprintf(stderr, "bolt-csim: AES-128 known answer failed\n");
        return 1;
    }
    // SPEC §3: bolt_range64 is the high word of the 128-bit product, from 64-bit products only.
    bu64 x = 0x9E3779B97F4A7C15u;
    for (int i = 0; i < 100000; i++) {
        x = x * 6364136223846793005u + 1442695040888963407u;
        bu64 n = (x >> 33) | 1u;
        if (bolt_range64(x, n) != (bu32)(((unsigned __int128)x * n) >> 64)) {
            std::fprintf(stderr, "bolt-csim: range64 differs from the 128-bit product at x=%llx n=%llu\n", (unsigned long long)x, (unsigned long long)n);
            return 1;
        }
    }
    std::printf("bolt-csim: self-test passed (AES-128 FIPS-197 C.1, range64)\n");
    return 0;
}

#ifdef BOLT_WORK_COUNT
// The work-count build (SPEC §9.4): after each kernel call, every loop's iterations and every port's transactions
// during that call, appended to OUTDIR/work.txt as "call N" then "NAME COUNT" lines; then the counters restart.
void dump_work(const std::string& path, int call)
{
    FILE* f = std::fopen(path.c_str(), "a");
    if (f == nullptr) Reader::fail("cannot write OUTDIR/work.txt");
    std::fprintf(f, "call %d\n", call);
    for (int i = 0; i < BOLT_WORK_SITES; i++) {
        bolt_work_site* s = bolt_work_sites + i;
        if (s->name == nullptr) continue;
        if (s->line != 0)
            std::fprintf(f, "loop:%s:%d %llu\n", s->name, s->line, s->count);
        else
            std::fprintf(f, "%s %llu\n", s->name, s->count);
        s->count = 0;
    }
    std::fclose(f);
}
#endif

} // namespace

int main(int argc, char** argv)
{
    if (argc == 2 && std::strcmp(argv[1], "--self-test") == 0) return self_test();
    if (argc != 3) {
        std::fprintf(stderr, "usage: bolt-csim INPUT OUTDIR   (writes OUTDIR/responses.bin, trace.csv, host.bin, status.txt; frames.bin when sealed)\n"
                             "       bolt-csim --self-test\n");
        return 2;
    }
    FILE* in = std::fopen(argv[1], "rb");
    if (in == nullptr) Reader::fail("cannot open the input file");
    Reader r{in};
    char magic[8];
    if (std::fread(magic, 1, 8, in) != 8 || std::memcmp(magic, "BOLTCSI4", 8) != 0) Reader::fail("not a bolt-csim input (magic BOLTCSI4)");
    bu32 n = r.get<bu32>(), c = r.get<bu32>(), v = r.get<bu32>(), s = r.get<bu32>();
    double alpha = r.get<double>();
    bu32 lmax_override = r.get<bu32>();
    // Flags: bit 0 sealed channel; bit 1 a checkpoint round trip after the batches (the constant-time checks ask for it).
    bu32 flags = r.get<bu32>();
    bool sealed = (flags & 1u) != 0, checkpoint_round_trip = (flags & 2u) != 0;
    // Sealed only: frames per kernel call. 1 = one BOLT_MODE_EXECUTE_SEALED call per frame; more = consecutive frames
    // submitted together in one BOLT_MODE_EXECUTE_FRAMES call (multi-frame submission), as the host's
    // ExecuteSealedFrames does.
    bu32 frames_per_call = r.get<bu32>();
    if (frames_per_call == 0 || (!sealed && frames_per_call != 1)) Reader::fail("frames per call must be 1, or more on the sealed channel");
    bu32 words = r.get<bu32>();
    if (words != BOLT_CONFIG_WORDS) Reader::fail("config image size differs from BOLT_CONFIG_WORDS");
    // The public config the host writes; the private state starts as whatever memory holds (here zero) until
    // provisioning resets it; the public status record is all the host reads back.
    std::vector<bu64> cfg(words), st(BOLT_STATE_WORDS), pub(BOLT_PUBLIC_WORDS);
    for (auto& w : cfg) w = r.get<bu64>();
    if (!check_derived(cfg, n, c, alpha, v, s, lmax_override)) return 3;
    std::vector<bu8> provision;
    r.bytes(provision, BOLT_PROVISION_INPUT_BYTES);

    // The HBM buffers, sized as the OpenCL host sizes them.
    bu64 lmax = cfg[BOLT_ST_SLOTS_PER_BIN], slot = cfg[BOLT_ST_SLOT_BYTES], h = cfg[BOLT_ST_HOST_PAGES];
    bu64 cmd_bytes = cfg[BOLT_ST_COMMAND_BYTES], rsp_bytes = cfg[BOLT_ST_RESPONSE_BYTES];
    std::vector<bu64> pm(cfg[BOLT_ST_POSITION_SLOTS] * BOLT_POSITION_ENTRY_WORDS);
    std::vector<bu8> records(cfg[BOLT_ST_RECORDS] * slot), scratch(8 + cfg[BOLT_ST_SESSION_SLOTS] * (BOLT_SESSION_SLOT_BYTES + 40 + BOLT_FRAME_MAX_RECORDS * rsp_bytes) + h * cfg[BOLT_ST_PAGE_BYTES]), host(h * cfg[BOLT_ST_PAGE_BYTES]);
    std::vector<bu32> freelist(cfg[BOLT_ST_RECORDS]), pending(h * (lmax + 1));
    std::vector<bu16> loads(cfg[BOLT_ST_BINS]);
    std::vector<bu64> versions(h), trace;
    std::vector<bu8> cmds, rsps, all_rsps, frame, frames;
    bu64 rejected = 0;
    int calls = 0;

    std::string out = argv[2];
    FILE* csv = std::fopen((out + "/trace.csv").c_str(), "w");
    if (csv == nullptr) Reader::fail("cannot write OUTDIR/trace.csv");
    std::fprintf(csv, "op,cycle,kind,address,bytes\n");
    // A checkpoint file's bytes (SPEC §12) for these parameters, as the kernel computes them.
    bolt_ctx dims{};
    dims.p = cfg[BOLT_ST_POSITION_SLOTS];
    dims.r = cfg[BOLT_ST_RECORDS];
    dims.slot = slot;
    dims.m = cfg[BOLT_ST_BINS];
    dims.h = h;
    dims.lmax = lmax;
    dims.rsp_bytes = rsp_bytes;
    dims.session_slots = cfg[BOLT_ST_SESSION_SLOTS];
    const bu64 checkpoint_bytes = bolt_image_file_bytes(bolt_image_bytes(&dims));
    // The buffers of one call, sized as the OpenCL host sizes them: trace rows, response bytes, frame scratch bytes.
    struct Sizes {
        size_t rows, rsp, frame;
    };
    // count: records (plaintext modes) or bytes (hello, frames and checkpoints).
    auto sizes = [&](bu32 mode, bu32 count) {
        bool checkpoint = mode == BOLT_MODE_CHECKPOINT_EXPORT || mode == BOLT_MODE_CHECKPOINT_IMPORT;
        bool framed = mode == BOLT_MODE_HELLO || mode == BOLT_MODE_INIT_SEALED || mode == BOLT_MODE_EXECUTE_SEALED || mode == BOLT_MODE_PROVISION;
        bu64 records_in = framed ? (count >= 40 ? (count - 40) / cmd_bytes : 0) : count;
        bool init = mode == BOLT_MODE_INIT || mode == BOLT_MODE_INIT_SEALED;
        size_t rsp_size = mode == BOLT_MODE_HELLO ? BOLT_HELLO_DEVICE_BYTES : framed ? 40 + records_in * rsp_bytes : records_in * rsp_bytes;
        size_t rows = checkpoint ? 1 : init ? 1 + h : 4 * (size_t)records_in + 2;
        return Sizes{rows, checkpoint ? (size_t)checkpoint_bytes : init ? 0 : rsp_size, framed ? count + 40 + records_in * rsp_bytes : 64};
    };
    auto run_sized = [&](bu32 mode, bu32 count, bu64 link_in, bu64 link_out, Sizes z) {
        bool checkpoint = mode == BOLT_MODE_CHECKPOINT_EXPORT || mode == BOLT_MODE_CHECKPOINT_IMPORT;
        bool framed = mode == BOLT_MODE_HELLO || mode == BOLT_MODE_INIT_SEALED || mode == BOLT_MODE_EXECUTE_SEALED || mode == BOLT_MODE_PROVISION;
        trace.assign(z.rows * BOLT_TRACE_ROW_WORDS, 0);
        rsps.assign(z.rsp, 0);
        frame.assign(z.frame, 0);
        // -DBOLT_CT_CHECK: secrets undefined for the call, the device's outputs declassified after it (hardware/ct).
        for (int w : BOLT_CT_PRIVATE_WORDS) BOLT_CT_SECRET(&st[(size_t)w], sizeof(bu64));
        if (!framed && !checkpoint && mode != BOLT_MODE_EXECUTE_FRAMES) BOLT_CT_SECRET(cmds.data(), cmds.size());
        BOLT_CT_SECRET(pm.data(), pm.size() * sizeof(bu64));
        BOLT_CT_SECRET(records.data(), records.size());
        BOLT_CT_SECRET(freelist.data(), freelist.size() * sizeof(bu32));
        BOLT_CT_SECRET(loads.data(), loads.size() * sizeof(bu16));
        BOLT_CT_SECRET(pending.data(), pending.size() * sizeof(bu32));
        BOLT_CT_SECRET(scratch.data(), scratch.size());
        BOLT_CT_SECRET(frame.data(), frame.size());
#ifdef BOLT_CSIM_HLS_TOP
        // Host memory in whole beats, as the host allocates it for the top; the bytes past the region stay zero.
        std::vector<bolt_beat> beats((host.size() + BOLT_HLS_BEAT_BYTES - 1) / BOLT_HLS_BEAT_BYTES);
        for (size_t b = 0; b < host.size(); b++) bolt_hls_set_byte(beats.data(), b, host[b]);
        bolt_hls_top(st.data(), pm.data(), records.data(), freelist.data(), loads.data(), versions.data(), pending.data(), scratch.data(), frame.data(),
            cmds.data(), rsps.data(), beats.data(), trace.data(), cfg.data(), pub.data(), mode, count, link_in, link_out, beats.data(), pm.data(),
            versions.data());
        for (size_t b = 0; b < host.size(); b++) host[b] = bolt_hls_byte(beats.data(), b);
#else
        bolt_kernel(st.data(), pm.data(), records.data(), freelist.data(), loads.data(), versions.data(), pending.data(), scratch.data(),
            frame.data(), cmds.data(), rsps.data(), host.data(), trace.data(), cfg.data(), pub.data(), mode, count, link_in, link_out);
#endif
        BOLT_CT_PUBLIC(st.data(), st.size() * sizeof(bu64));
        BOLT_CT_PUBLIC(pub.data(), pub.size() * sizeof(bu64));
        BOLT_CT_PUBLIC(rsps.data(), rsps.size());
        BOLT_CT_PUBLIC(trace.data(), trace.size() * sizeof(bu64));
        BOLT_CT_PUBLIC(host.data(), host.size());
#ifdef BOLT_WORK_COUNT
        dump_work(out + "/work.txt", calls);
#endif
        calls++;
        for (bu64 i = 0; i < pub[BOLT_PUB_TRACE_ROWS]; i++) {
            const bu64* row = &trace[i * BOLT_TRACE_ROW_WORDS];
            std::fprintf(csv, "%lld,%llu,%s,%llu,%llu\n", (long long)(bi64)row[0], (unsigned long long)row[1], kind_name((bu32)row[3]),
                (unsigned long long)row[2], (unsigned long long)(row[3] >> 32));
        }
        if (pub[BOLT_PUB_STATUS] >= BOLT_CALL_CHANNEL_FAULT) rejected++;
        if (checkpoint) return;
        if (framed)
            frames.insert(frames.end(), rsps.begin(), rsps.begin() + (long)pub[BOLT_PUB_RESULT_BYTES]);
        else if (mode != BOLT_MODE_EXECUTE_FRAMES)
            all_rsps.insert(all_rsps.end(), rsps.begin(), rsps.end());
    };
    auto run = [&](bu32 mode, bu32 count, bu64 link_in, bu64 link_out) { run_sized(mode, count, link_in, link_out, sizes(mode, count)); };
    // Multi-frame submission (bolt_abi.h BOLT_MODE_EXECUTE_FRAMES): the table of (bytes, link-in, link-out), then the
    // frames; each answered frame's response frame is relayed in order, a refused one counts as rejected.
    auto run_frames = [&](const std::vector<std::vector<bu8>>& group, const std::vector<bu64>& link_in, const std::vector<bu64>& link_out) {
        bu64 count = group.size();
        Sizes z{0, count * BOLT_FRAMES_RESULT_BYTES, 64};
        cmds.assign(count * BOLT_FRAMES_ENTRY_BYTES, 0);
        std::vector<bu64> at;
        for (bu64 i = 0; i < count; i++) {
            bu64 len = group[i].size(), in_frame = len >= 40 ? (len - 40) / cmd_bytes : 0, answer = 40 + in_frame * rsp_bytes;
            bu64 entry[3] = {len, link_in[i], link_out[i]};
            std::memcpy(cmds.data() + i * BOLT_FRAMES_ENTRY_BYTES, entry, sizeof entry);
            cmds.insert(cmds.end(), group[i].begin(), group[i].end());
            at.push_back(z.rsp);
            z.rsp += answer;
            z.rows += 4 * in_frame + 2;
            z.frame = std::max<size_t>(z.frame, len + answer);
        }
        run_sized(BOLT_MODE_EXECUTE_FRAMES, (bu32)count, 0, 0, z);
        for (bu64 i = 0; i < count; i++) {
            bu64 result[2];
            std::memcpy(result, rsps.data() + i * BOLT_FRAMES_RESULT_BYTES, sizeof result);
            if (result[0] >= BOLT_CALL_CHANNEL_FAULT) rejected++;
            if (result[0] == BOLT_STATUS_OK) frames.insert(frames.end(), rsps.begin() + (long)at[i], rsps.begin() + (long)(at[i] + result[1]));
        }
    };

    cmds = provision;
    run(BOLT_MODE_PROVISION, BOLT_PROVISION_INPUT_BYTES, 0, 0);
    if (pub[BOLT_PUB_STATUS] != BOLT_STATUS_OK) Reader::fail("the provisioning blob did not open under the development device key");
    if (sealed) {
        r.bytes(cmds, BOLT_HELLO_CLIENT_BYTES);
        run(BOLT_MODE_HELLO, BOLT_HELLO_CLIENT_BYTES, 0, 0);
    }
    // Plaintext: the load's record count, then its records; sealed: the load frame's length in bytes, then the frame.
    bu32 load_count = r.get<bu32>();
    bu64 load_link = r.get<bu64>();
    r.bytes(cmds, sealed ? load_count : load_count * cmd_bytes);
    run(sealed ? BOLT_MODE_INIT_SEALED : BOLT_MODE_INIT, load_count, load_link, 0);
    bu64 load_status = pub[BOLT_PUB_STATUS], load_index = pub[BOLT_PUB_ERROR_INDEX];
    bu32 batches = load_status == BOLT_STATUS_OK ? r.get<bu32>() : 0;
    std::vector<std::vector<bu8>> group;
    std::vector<bu64> group_in, group_out;
    for (bu32 b = 0; b < batches; b++) {
        bu32 count = r.get<bu32>();
        bu64 link_in = r.get<bu64>(), link_out = r.get<bu64>();
        r.bytes(cmds, sealed ? count : count * cmd_bytes);
        if (frames_per_call == 1) {
            run(sealed ? BOLT_MODE_EXECUTE_SEALED : BOLT_MODE_EXECUTE, count, link_in, link_out);
            continue;
        }
        group.push_back(cmds);
        group_in.push_back(link_in);
        group_out.push_back(link_out);
        if (group.size() == frames_per_call || b + 1 == batches) {
            run_frames(group, group_in, group_out);
            group.clear();
            group_in.clear();
            group_out.clear();
        }
    }
    // The checkpoint round trip (SPEC §12): the whole private state exported, then imported back, so every output below
    // is unchanged; under the constant-time builds (hardware/ct) both modes go through the same checks as the rest.
    if (load_status == BOLT_STATUS_OK && checkpoint_round_trip) {
        cmds.assign(BOLT_CHECKPOINT_HEADER_BYTES, 0);
        std::memcpy(cmds.data(), "BOLTCKPT\1", 9);
        run(BOLT_MODE_CHECKPOINT_EXPORT, BOLT_CHECKPOINT_HEADER_BYTES, 0, 0);
        if (pub[BOLT_PUB_STATUS] != BOLT_STATUS_OK || pub[BOLT_PUB_RESULT_BYTES] != checkpoint_bytes) Reader::fail("the checkpoint export failed");
        cmds = rsps;
        run(BOLT_MODE_CHECKPOINT_IMPORT, (bu32)checkpoint_bytes, 0, 0);
        if (pub[BOLT_PUB_STATUS] != BOLT_STATUS_OK) Reader::fail("the kernel refused its own checkpoint");
    }
    std::fclose(in);
    if (std::fclose(csv) != 0) Reader::fail("cannot write OUTDIR/trace.csv");
    write_file(out + "/responses.bin", all_rsps.data(), all_rsps.size());
    write_file(out + "/host.bin", host.data(), host.size());
    if (sealed) write_file(out + "/frames.bin", frames.data(), frames.size());
    FILE* status = std::fopen((out + "/status.txt").c_str(), "w");
    if (status == nullptr) Reader::fail("cannot write OUTDIR/status.txt");
    std::fprintf(status, "load_status=%llu\nload_error_index=%llu\nbatches=%u\naccesses=%llu\nitems=%llu\nstash=%llu\nstash_full=%llu\nrejected=%llu\n",
        (unsigned long long)load_status, (unsigned long long)load_index, batches, (unsigned long long)st[BOLT_ST_ACCESS_SEQ],
        (unsigned long long)st[BOLT_ST_ITEMS], (unsigned long long)st[BOLT_ST_STASH_COUNT], (unsigned long long)st[BOLT_ST_STASH_FULL], (unsigned long long)rejected);
    std::fclose(status);
    return load_status == BOLT_STATUS_OK ? 0 : 4;
}
