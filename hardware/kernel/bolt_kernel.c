/* The Bolt accelerator kernel: one source for Vitis HLS (U55C), OpenCL C (PoCL, GPUs, any ICD) and g++
 * (C-simulation). The sealed channel (SPEC §10) is the product path: BOLT_MODE_HELLO opens a session,
 * BOLT_MODE_INIT_SEALED authenticates a load frame and runs the initialisation and bulk load (SPEC §7),
 * BOLT_MODE_EXECUTE_SEALED authenticates a command frame, serves its records (SPEC §6, §8) and seals the
 * response frame. BOLT_MODE_INIT and BOLT_MODE_EXECUTE are the plaintext record port behind the channel
 * (SPEC §10.6). Every host-visible transaction is also written to the trace buffer with its cycle from the
 * constant-time schedule (SPEC §9). BOLT_MODE_CHECKPOINT_EXPORT/IMPORT move the whole private state in and out as a
 * sealed image (SPEC §12). The OpenCL host concatenates prelude, ABI, crypto, core, channel, checkpoint and this
 * file and defines BOLT_AMALGAMATED. */
#ifndef BOLT_AMALGAMATED
#include "bolt_prelude.h"
#include "bolt_abi.h"
#include "bolt_ct.h"
#include "bolt_crypto.h"
#include "bolt_core.h"
#include "bolt_schedule.h"
#include "bolt_channel.h"
#include "bolt_access.h"
#include "bolt_checkpoint.h"
#endif

/* bolt_access's answers besides 0 (served). */
#define BOLT_ACCESS_ABORTED 1
#define BOLT_ACCESS_REFUSED 2

/* One access (SPEC §6), constant time (SPEC §9): every access, whatever its op, key, hit or miss, runs the same
 * loops and the same transactions: the position-map span read and written twice (lookup and placement, then the
 * backward shift at the item's entry), both pages opened, gathered, scattered, merged and sealed, one item-record
 * read and one write, l_max pending-record reads per touched page, one free-list pop, 2 l_max + 1 pushes, four
 * load transactions and five pending-list updates. Which of them change anything is decided by 0/1 flags.
 * Returns BOLT_ACCESS_ABORTED when an integrity failure aborted it (the device then halts), BOLT_ACCESS_REFUSED
 * when the device had already halted (nothing touched); page1/page2 are the touched pages. */
#if !BOLT_CTX_ON_CHIP /* bolt_kernel's own drivers; the HLS top (bolt_ctx on chip) has its own around the shared parts */
BOLT_FN int bolt_access(bolt_ctx* c, BOLT_GLOBAL bu64* pm, BOLT_GLOBAL bu8* rec, BOLT_GLOBAL bu32* freel, BOLT_GLOBAL bu16* loads, BOLT_GLOBAL bu64* ver,
    BOLT_GLOBAL bu32* pend, BOLT_GLOBAL bu8* host, BOLT_GLOBAL const bu8* cmd, BOLT_GLOBAL bu8* rsp, bu32* page1_out, bu32* page2_out)
{
    bolt_lookup lk;
    bu8 none[BOLT_MAX_SLOT_BYTES]; /* no value: the item buffer of a refused or aborted access */
    bu8 image1[BOLT_MAX_PAGE_IMAGE], image2[BOLT_MAX_PAGE_IMAGE]; /* both touched pages, on chip */
    bu64 a = c->st[BOLT_ST_ACCESS_SEQ]++;
    for (bu64 b = 0; b < c->slot; b += 8) {
        BOLT_LOOP();
        bolt_put64(none + b, 0);
    }
    if (c->st[BOLT_ST_HALTED]) {
        bolt_respond(&c->d, rsp, BOLT_STATUS_HALTED, 0, none, 0);
        return BOLT_ACCESS_REFUSED;
    }
    bolt_access_lookup(&c->d, c->prng_rk, a, pm, cmd, &lk);
    *page1_out = lk.page1;
    *page2_out = lk.page2;
    /* The two candidate pages are read and authenticated before anything changes; both are always opened. */
    bolt_page_fetch(&c->d, bolt_host_page(&c->d, host, lk.page1), image1);
    bolt_page_fetch(&c->d, bolt_host_page(&c->d, host, lk.page2), image2);
    bu64 ok1 = bolt_open(&c->d, &c->gcm, ver, image1, lk.page1);
    bu64 ok2 = bolt_open(&c->d, &c->gcm, ver, image2, lk.page2);
    if (!BOLT_PUBLIC_VERDICT(ok1 & ok2)) {
        /* Fail-stop (SPEC §6): the item keeps its candidates, so no later access may run and reveal them again. */
        c->st[BOLT_ST_INTEGRITY_FAILURES]++;
        c->st[BOLT_ST_LAST_FAILED_PAGE] = BOLT_PUBLIC_VERDICT(ok1) ? lk.page2 : lk.page1;
#ifndef BOLT_FAULT_NO_FAIL_STOP
        c->st[BOLT_ST_HALTED] = 1;
#endif
        bolt_respond(&c->d, rsp, BOLT_STATUS_INTEGRITY_VIOLATION, 0, none, 0);
        return BOLT_ACCESS_ABORTED;
    }
    bolt_access_modify(&c->d, c->st, pm, rec, freel, loads, pend, image1 + BOLT_PAGE_HEADER_BYTES, image2 + BOLT_PAGE_HEADER_BYTES, cmd, rsp, &lk);
    /* Both touched pages are sealed on chip and written, first then second. */
    bolt_seal(&c->d, &c->gcm, ver, image1, lk.page1);
    bolt_seal(&c->d, &c->gcm, ver, image2, lk.page2);
    bolt_page_store(&c->d, image1, bolt_host_page(&c->d, host, lk.page1));
    bolt_page_store(&c->d, image2, bolt_host_page(&c->d, host, lk.page2));
    return 0;
}
#endif

/* The load's staging pages in scratch, after the session table and the response caches (bolt_channel.h). */
BOLT_FN BOLT_GLOBAL bu8* bolt_staging(const bolt_ctx* c, BOLT_GLOBAL bu8* scratch)
{
    return scratch + bolt_session_table_bytes(c) + c->session_slots * bolt_frame_bytes(BOLT_FRAME_MAX_RECORDS, c->rsp_bytes);
}

/* Every HBM structure back to empty; the timing words are kept (time does not rewind). Host memory is the caller's:
 * bolt_init clears it once before a load, and a load writes nothing there until its pages are sealed. */
BOLT_FN void bolt_reset_device(bolt_ctx* c, BOLT_GLOBAL bu64* pm, BOLT_GLOBAL bu8* rec, BOLT_GLOBAL bu32* freel, BOLT_GLOBAL bu16* loads,
    BOLT_GLOBAL bu64* ver, BOLT_GLOBAL bu32* pend, BOLT_GLOBAL bu8* scratch)
{
    for (bu64 i = 0; i < c->p * BOLT_POSITION_ENTRY_WORDS; i++) pm[i] = 0;
    bolt_zero(rec, c->r * c->slot);
    for (bu64 i = 0; i < c->r; i++) freel[i] = (bu32)(c->r - 1 - i);
    for (bu64 i = 0; i < c->m; i++) loads[i] = 0;
    for (bu64 i = 0; i < c->h; i++) ver[i] = 0;
    for (bu64 i = 0; i < c->h; i++) bolt_pending(&c->d, pend, i)[0] = 0;
    bolt_zero(bolt_staging(c, scratch), c->h * c->page);
    c->st[BOLT_ST_ITEMS] = 0;
    c->st[BOLT_ST_STASH_COUNT] = 0;
    c->st[BOLT_ST_ACCESS_SEQ] = 0;
    c->st[BOLT_ST_STASH_FULL] = 0;
    c->st[BOLT_ST_FREE_COUNT] = c->r;
    c->st[BOLT_ST_INTEGRITY_FAILURES] = 0;
}

/* Device-side initialisation and bulk load, first part: every structure reset, the load's frame timed (a CMD of its
 * sealed size and a GCM pass over its records, on the plaintext port too: SPEC §10.6), the items placed into the
 * staged page plaintexts and the records. Returns 1 when every item was placed; on an error the device is left
 * empty, the status and the refused item's index set, and 0 returned. */
BOLT_FN int bolt_init_place(bolt_ctx* c, BOLT_GLOBAL bu64* pm, BOLT_GLOBAL bu8* rec, BOLT_GLOBAL bu32* freel, BOLT_GLOBAL bu16* loads,
    BOLT_GLOBAL bu64* ver, BOLT_GLOBAL bu32* pend, BOLT_GLOBAL bu8* scratch, BOLT_GLOBAL const bu8* cmds, bu64 count, bu64 link_in)
{
    bu64 status = BOLT_STATUS_OK, i = 0;
    bolt_reset_device(c, pm, rec, freel, loads, ver, pend, scratch);
    bolt_trace(c, -1, c->st[BOLT_ST_DEVICE_FREE], BOLT_TRACE_CMD, 0, bolt_frame_bytes(count, c->cmd_bytes));
    bu64 arrived = bolt_link_read(c, c->st[BOLT_ST_DEVICE_FREE], link_in);
    bu64 opened = bolt_crypto_bytes(c, arrived, count * c->cmd_bytes);
    c->st[BOLT_ST_LOAD_PLACED] = opened + c->cfg[BOLT_ST_T_LOAD_HBM];
    c->st[BOLT_ST_DEVICE_FREE] = c->st[BOLT_ST_LOAD_PLACED];
    if (count > c->n) status = BOLT_STATUS_CAPACITY_EXCEEDED;
    bu64 win[BOLT_SPAN_MAX * BOLT_POSITION_ENTRY_WORDS];
    bu8 it[BOLT_MAX_SLOT_BYTES];
    for (; status == BOLT_STATUS_OK && i < count; i++) status = BOLT_PUBLIC_LOAD_STATUS(bolt_load_one(&c->d, c->prng_rk, c->st, pm, rec, freel, loads, pend, bolt_staging(c, scratch), cmds + i * c->cmd_bytes, i, win, it));
    if (status != BOLT_STATUS_OK) {
        bolt_reset_device(c, pm, rec, freel, loads, ver, pend, scratch);
        c->st[BOLT_ST_STATUS] = status;
        c->st[BOLT_ST_ERROR_INDEX] = count > c->n ? count : i - 1;
        return 0;
    }
    return 1;
}

/* The staged plaintext of page `page` into the body of an on-chip page image, to be sealed. */
BOLT_FN void bolt_page_stage(const bolt_ctx* c, BOLT_GLOBAL bu8* scratch, bu64 page, bu8* image)
{
    BOLT_GLOBAL const bu8* staged = bolt_host_page(&c->d, bolt_staging(c, scratch), page) + BOLT_PAGE_HEADER_BYTES;
    for (bu64 b = 0; b < c->lmax * c->slot; b++) image[BOLT_PAGE_HEADER_BYTES + b] = staged[b];
}

/* The load's write of page `page` (sealed with version 1, in page order): its W row and the link time. */
BOLT_FN void bolt_init_page_written(bolt_ctx* c, bu64 page)
{
    bu64 issue = bolt_link_write_issue(c, bolt_crypto(c, c->st[BOLT_ST_LOAD_PLACED]));
    bolt_trace(c, -1, issue, BOLT_TRACE_W, page * c->page, c->page);
    c->st[BOLT_ST_DEVICE_FREE] = bolt_link_write(c, issue, c->cfg[BOLT_ST_T_PAGE_LINK]);
}

/* The load's end: the host may read the map's pages, the device serves batches. */
BOLT_FN void bolt_init_done(bolt_ctx* c)
{
    c->st[BOLT_ST_HOST_READY] = c->st[BOLT_ST_DEVICE_FREE];
    c->st[BOLT_ST_INITIALISED] = 1;
}

/* Device-side initialisation and bulk load (SPEC §7): host memory cleared, items placed, then every page sealed from
 * its staged plaintext with version 1 and written once, in page order. */
#if !BOLT_CTX_ON_CHIP
BOLT_FN void bolt_init(bolt_ctx* c, BOLT_GLOBAL bu64* pm, BOLT_GLOBAL bu8* rec, BOLT_GLOBAL bu32* freel, BOLT_GLOBAL bu16* loads, BOLT_GLOBAL bu64* ver,
    BOLT_GLOBAL bu32* pend, BOLT_GLOBAL bu8* scratch, BOLT_GLOBAL bu8* host, BOLT_GLOBAL const bu8* cmds, bu64 count, bu64 link_in)
{
    bolt_zero(host, c->h * c->page);
    if (!bolt_init_place(c, pm, rec, freel, loads, ver, pend, scratch, cmds, count, link_in)) return;
    for (bu64 page = 0; page < c->h; page++) {
        bu8 image[BOLT_MAX_PAGE_IMAGE];
        bolt_page_stage(c, scratch, page, image);
        bolt_seal(&c->d, &c->gcm, ver, image, (bu32)page);
        bolt_page_store(&c->d, image, bolt_host_page(&c->d, host, page));
        bolt_init_page_written(c, page);
    }
    bolt_init_done(c);
}

/* A batch: the sealed command frame (CMD) and one GCM pass to open it, the accesses (one at a time or pipelined,
 * SPEC §9), one GCM pass to seal the responses, then the response frame (RSP). The plaintext
 * port is timed as the frames it stands for (SPEC §10.6). */
BOLT_FN void bolt_execute(bolt_ctx* c, BOLT_GLOBAL bu64* pm, BOLT_GLOBAL bu8* rec, BOLT_GLOBAL bu32* freel, BOLT_GLOBAL bu16* loads, BOLT_GLOBAL bu64* ver,
    BOLT_GLOBAL bu32* pend, BOLT_GLOBAL bu8* host, BOLT_GLOBAL const bu8* cmds, BOLT_GLOBAL bu8* rsps, bu64 count, bu64 link_in, bu64 link_out)
{
    bi64 first = (bi64)c->st[BOLT_ST_ACCESS_SEQ];
    bu64 ready = bolt_schedule_begin_batch(c, first, count, link_in);
    bu64 t = ready;
    for (bu64 i = 0; i < count; i++) {
        BOLT_LOOP();
        bu32 page1 = 0, page2 = 0;
        int outcome = bolt_access(c, pm, rec, freel, loads, ver, pend, host, cmds + i * c->cmd_bytes, rsps + i * c->rsp_bytes, &page1, &page2);
        /* A refused record (halted device) is answered before the lookup: no row, no time. */
        if (outcome != BOLT_ACCESS_REFUSED) t = bolt_max(t, bolt_schedule_access(c, first + (bi64)i, ready, page1, page2, outcome == BOLT_ACCESS_ABORTED));
    }
    c->st[BOLT_ST_OPS] += count;
    c->st[BOLT_ST_BATCHES]++;
    bolt_schedule_end_batch(c, first + (bi64)count - 1, count, t, link_out);
    c->st[BOLT_ST_STATUS] = BOLT_STATUS_OK;
}
#endif

/* Sealed load (SPEC §10.4, §7), first part: authenticates the frame into the private copy and advances the session.
 * Returns the item count to load, or -1 when the call is answered already (refused frame, device initialised). */
BOLT_FN bi64 bolt_sealed_load_open(bolt_ctx* c, BOLT_GLOBAL bu8* sessions, BOLT_GLOBAL bu8* copy, BOLT_GLOBAL const bu8* frame, bu64 len)
{
    bi64 n = bolt_frame_open(c, sessions, copy, frame, len, BOLT_FRAME_LOAD, c->n);
    if (n < 0) return -1;
    if (c->st[BOLT_ST_INITIALISED]) {
        c->st[BOLT_ST_STATUS] = BOLT_CALL_ALREADY_INITIALISED;
        return -1;
    }
    return n;
}

#if !BOLT_CTX_ON_CHIP
/* Sealed load: authenticate, advance the session, then initialise from the private copy. */
BOLT_FN void bolt_init_sealed(bolt_ctx* c, BOLT_GLOBAL bu64* pm, BOLT_GLOBAL bu8* rec, BOLT_GLOBAL bu32* freel, BOLT_GLOBAL bu16* loads, BOLT_GLOBAL bu64* ver,
    BOLT_GLOBAL bu32* pend, BOLT_GLOBAL bu8* scratch, BOLT_GLOBAL bu8* copy, BOLT_GLOBAL bu8* host, BOLT_GLOBAL const bu8* frame, bu64 len, bu64 link_in)
{
    bi64 n = bolt_sealed_load_open(c, scratch, copy, frame, len);
    if (n >= 0) bolt_init(c, pm, rec, freel, loads, ver, pend, scratch, host, copy + BOLT_FRAME_HEADER_BYTES, (bu64)n, link_in);
}
#endif

/* The plaintext port's preconditions: a load only on a fresh device, a batch only after it. */
BOLT_FN int bolt_plain_init_allowed(bolt_ctx* c)
{
    if (!c->st[BOLT_ST_INITIALISED]) return 1;
    c->st[BOLT_ST_STATUS] = BOLT_CALL_ALREADY_INITIALISED;
    return 0;
}

BOLT_FN int bolt_plain_execute_allowed(bolt_ctx* c)
{
    if (c->st[BOLT_ST_INITIALISED]) return 1;
    c->st[BOLT_ST_STATUS] = BOLT_CALL_NOT_INITIALISED;
    return 0;
}

/* Sealed batch (SPEC §10.4), first part: authenticates the frame into the private copy and advances the session.
 * Returns the record count to serve, or -1 when the call is answered already: a refused frame, a device not yet
 * initialised, or a retransmission of the last executed frame (its cached response frame copied to out). */
BOLT_FN bi64 bolt_sealed_batch_open(bolt_ctx* c, BOLT_GLOBAL bu8* sessions, BOLT_GLOBAL bu8* copy, BOLT_GLOBAL const bu8* frame, bu64 len, BOLT_GLOBAL bu8* out)
{
    bi64 n = bolt_frame_open(c, sessions, copy, frame, len, BOLT_FRAME_COMMANDS, BOLT_FRAME_MAX_RECORDS);
    if (n == BOLT_FRAME_RETRANSMISSION) {
        bolt_frame_resend(c, sessions, copy, out);
        return -1;
    }
    if (n < 0) return -1;
    if (!c->st[BOLT_ST_INITIALISED]) {
        c->st[BOLT_ST_STATUS] = BOLT_CALL_NOT_INITIALISED;
        return -1;
    }
    return n;
}

/* Sealed batch (SPEC §10.4): authenticate, serve the records from the private copy into the session's private
 * response cache, seal the response frame there and write it out whole; a retransmission of the last executed
 * frame gets that cached frame again. */
#if !BOLT_CTX_ON_CHIP
BOLT_FN void bolt_execute_sealed(bolt_ctx* c, BOLT_GLOBAL bu64* pm, BOLT_GLOBAL bu8* rec, BOLT_GLOBAL bu32* freel, BOLT_GLOBAL bu16* loads,
    BOLT_GLOBAL bu64* ver, BOLT_GLOBAL bu32* pend, BOLT_GLOBAL bu8* scratch, BOLT_GLOBAL bu8* copy, BOLT_GLOBAL bu8* host, BOLT_GLOBAL const bu8* frame,
    bu64 len, BOLT_GLOBAL bu8* out, bu64 link_in, bu64 link_out)
{
    bi64 n = bolt_sealed_batch_open(c, scratch, copy, frame, len, out);
    if (n < 0) return;
    BOLT_GLOBAL bu8* rf = bolt_response_cache(c, scratch, bolt_rd64(copy));
    bolt_execute(c, pm, rec, freel, loads, ver, pend, host, copy + BOLT_FRAME_HEADER_BYTES, rf + BOLT_FRAME_HEADER_BYTES, (bu64)n, link_in, link_out);
    bolt_frame_seal_responses(c, scratch, copy, rf, (bu64)n, out);
}
#endif

/* Multi-frame submission, per frame: the call words start afresh; returns the batch count before the frame. */
BOLT_FN bu64 bolt_frames_entry_begin(bolt_ctx* c)
{
    c->st[BOLT_ST_STATUS] = BOLT_STATUS_OK;
    c->st[BOLT_ST_RESULT_BYTES] = 0;
    return c->st[BOLT_ST_BATCHES];
}

/* Frame i's result entry; a frame that executed before the last leaves the host ready when its response arrived (the
 * turnaround is paid once, after the last frame). */
BOLT_FN void bolt_frames_entry_end(bolt_ctx* c, BOLT_GLOBAL bu8* out, bu64 i, bu64 count, bu64 batches)
{
    if (i + 1 < count && c->st[BOLT_ST_BATCHES] != batches) c->st[BOLT_ST_HOST_READY] -= c->cfg[BOLT_ST_T_TURNAROUND];
    bolt_wr64(out + i * BOLT_FRAMES_RESULT_BYTES, c->st[BOLT_ST_STATUS]);
    bolt_wr64(out + i * BOLT_FRAMES_RESULT_BYTES + 8, c->st[BOLT_ST_RESULT_BYTES]);
}

/* Room for the response frame of a command frame of len bytes (none below the frame overhead). */
BOLT_FN bu64 bolt_frames_response_bytes(const bolt_ctx* c, bu64 len)
{
    bu64 overhead = BOLT_FRAME_HEADER_BYTES + BOLT_FRAME_TAG_BYTES;
    return bolt_frame_bytes(len >= overhead ? (len - overhead) / c->cmd_bytes : 0, c->rsp_bytes);
}

BOLT_FN void bolt_frames_done(bolt_ctx* c)
{
    c->st[BOLT_ST_STATUS] = BOLT_STATUS_OK;
    c->st[BOLT_ST_RESULT_BYTES] = 0;
}

/* Multi-frame submission (BOLT_MODE_EXECUTE_FRAMES, bolt_abi.h): each frame served in order exactly as
 * BOLT_MODE_EXECUTE_SEALED serves it, with its own link timing; a refused frame is that frame's answer only. The
 * frames were all waiting at the device, so the host's turnaround is paid once, after the last frame (as the
 * simulator's ExecuteSealedFrames models it). */
#if !BOLT_CTX_ON_CHIP
BOLT_FN void bolt_execute_frames(bolt_ctx* c, BOLT_GLOBAL bu64* pm, BOLT_GLOBAL bu8* rec, BOLT_GLOBAL bu32* freel, BOLT_GLOBAL bu16* loads,
    BOLT_GLOBAL bu64* ver, BOLT_GLOBAL bu32* pend, BOLT_GLOBAL bu8* scratch, BOLT_GLOBAL bu8* copy, BOLT_GLOBAL bu8* host, BOLT_GLOBAL const bu8* in,
    bu64 count, BOLT_GLOBAL bu8* out)
{
    BOLT_GLOBAL const bu8* frame = in + count * BOLT_FRAMES_ENTRY_BYTES;
    BOLT_GLOBAL bu8* response = out + count * BOLT_FRAMES_RESULT_BYTES;
    for (bu64 i = 0; i < count; i++) {
        BOLT_GLOBAL const bu8* entry = in + i * BOLT_FRAMES_ENTRY_BYTES;
        bu64 len = bolt_rd64(entry), batches = bolt_frames_entry_begin(c);
        bolt_execute_sealed(c, pm, rec, freel, loads, ver, pend, scratch, copy, host, frame, len, response, bolt_rd64(entry + 8), bolt_rd64(entry + 16));
        bolt_frames_entry_end(c, out, i, count, batches);
        frame += len;
        response += bolt_frames_response_bytes(c, len);
    }
    bolt_frames_done(c);
}
#endif

/* Provisioning (SPEC §11): opens the root key sealed to this device's unique key, then starts a fresh lifetime
 * from the entropy that follows it (a board's TRNG; the OpenCL prototype's host, see hardware/README.md). Every
 * private word is reset: a provisioned device is a new device. A blob that fails authentication changes nothing. */
BOLT_FN void bolt_provision(bolt_ctx* c, BOLT_GLOBAL bu8* copy, BOLT_GLOBAL const bu8* in, bu64 len)
{
    bolt_gcm_key wrap;
    bu8 key[16], nonce[12];
    if (len != BOLT_PROVISION_INPUT_BYTES) {
        c->st[BOLT_ST_STATUS] = BOLT_CALL_BAD_PROVISION;
        return;
    }
    bolt_put64(key, BOLT_DEVICE_KEY_LO);
    bolt_put64(key + 8, BOLT_DEVICE_KEY_HI);
    bolt_gcm_setkey(&wrap, key);
    for (int i = 0; i < 12; i++) nonce[i] = in[i];
    /* The label (AAD) and the opened key go through the private frame buffer: GCM reads global memory. */
    bolt_wr64(copy, BOLT_LABEL_PROVISION_LO);
    bolt_wr64(copy + 8, BOLT_LABEL_PROVISION_HI);
    if (!bolt_gcm_open(&wrap, nonce, copy, 16, in + BOLT_PROVISION_NONCE_BYTES, copy + 16, 16, in + BOLT_PROVISION_NONCE_BYTES + 16)) {
        bolt_zero(copy, 32);
        c->st[BOLT_ST_STATUS] = BOLT_CALL_BAD_PROVISION;
        return;
    }
    for (int w = 32; w < BOLT_STATE_WORDS; w++) c->st[w] = 0;
    c->st[BOLT_ST_ROOT_KEY_LO] = bolt_rd64(copy + 16);
    c->st[BOLT_ST_ROOT_KEY_HI] = bolt_rd64(copy + 24);
    c->st[BOLT_ST_LIFETIME_LO] = bolt_rd64(in + BOLT_PROVISION_BLOB_BYTES);
    c->st[BOLT_ST_LIFETIME_HI] = bolt_rd64(in + BOLT_PROVISION_BLOB_BYTES + 8);
    c->st[BOLT_ST_PROVISIONED] = BOLT_PROVISIONED_MAGIC;
    bolt_zero(copy, 32);
}

/* K_dev's round keys → K_prov; K_life = AES(K_dev, AES(K_dev, "BOLT-LIFETIME") ^ lifetime) → K_prng, K_page (SPEC §3).
 * Keys derive on-device at every call: only the root key and the lifetime are ever stored, in private state. */
BOLT_FN void bolt_derive_keys(BOLT_GLOBAL const bu64* st, bu8* prng_rk, bolt_gcm_key* gcm, bu8* prov_rk)
{
    bu8 key[16], dev_rk[BOLT_ROUND_KEY_BYTES], life_rk[BOLT_ROUND_KEY_BYTES];
    bolt_put64(key, st[BOLT_ST_ROOT_KEY_LO]);
    bolt_put64(key + 8, st[BOLT_ST_ROOT_KEY_HI]);
    bolt_aes_expand(key, dev_rk);
    bolt_put64(key, BOLT_LABEL_LIFETIME_LO);
    bolt_put64(key + 8, BOLT_LABEL_LIFETIME_HI);
    bolt_aes_encrypt(dev_rk, key);
    for (int i = 0; i < 8; i++) {
        key[i] ^= (bu8)(st[BOLT_ST_LIFETIME_LO] >> (8 * i));
        key[8 + i] ^= (bu8)(st[BOLT_ST_LIFETIME_HI] >> (8 * i));
    }
    bolt_aes_encrypt(dev_rk, key);
    bolt_aes_expand(key, life_rk);
    bolt_derive_round_keys(life_rk, BOLT_LABEL_PRNG_LO, BOLT_LABEL_PRNG_HI, prng_rk);
    bolt_derive_round_keys(life_rk, BOLT_LABEL_PAGE_LO, BOLT_LABEL_PAGE_HI, gcm->rk);
    bolt_derive_round_keys(dev_rk, BOLT_LABEL_PROV_LO, BOLT_LABEL_PROV_HI, prov_rk);
    bolt_gcm_init(gcm);
}

/* The public status record: what the host may know, copied out at the end of every call (SPEC §11). */
BOLT_FN void bolt_publish(const bolt_ctx* c, BOLT_GLOBAL bu64* pub)
{
    pub[BOLT_PUB_STATUS] = c->st[BOLT_ST_STATUS];
    pub[BOLT_PUB_ERROR_INDEX] = c->st[BOLT_ST_ERROR_INDEX];
    pub[BOLT_PUB_TRACE_ROWS] = c->st[BOLT_ST_TRACE_ROWS];
    pub[BOLT_PUB_RESULT_BYTES] = c->st[BOLT_ST_RESULT_BYTES];
    pub[BOLT_PUB_FRAMES_REJECTED] = c->st[BOLT_ST_FRAMES_REJECTED];
    pub[BOLT_PUB_FRAMES_RETRANSMITTED] = c->st[BOLT_ST_FRAMES_RETRANSMITTED];
    pub[BOLT_PUB_INTEGRITY_FAILURES] = c->st[BOLT_ST_INTEGRITY_FAILURES];
    pub[BOLT_PUB_HALTED] = c->st[BOLT_ST_HALTED];
    pub[BOLT_PUB_INITIALISED] = c->st[BOLT_ST_INITIALISED];
    pub[BOLT_PUB_OPS] = c->st[BOLT_ST_OPS];
    pub[BOLT_PUB_BATCHES] = c->st[BOLT_ST_BATCHES];
    pub[BOLT_PUB_PROVISIONED] = c->st[BOLT_ST_PROVISIONED] == BOLT_PROVISIONED_MAGIC;
    bu64 id_lo, id_hi;
    bolt_device_id(c->st, &id_lo, &id_hi);
    pub[BOLT_PUB_DEVICE_ID_LO] = id_lo;
    pub[BOLT_PUB_DEVICE_ID_HI] = id_hi;
    pub[BOLT_PUB_COMMITS] = c->st[BOLT_ST_COMMITS];
}

/* bolt_ctx's parameters from the call's config words (c->cfg set already). */
BOLT_FN void bolt_ctx_params(bolt_ctx* c)
{
    c->n = c->cfg[BOLT_ST_CAPACITY];
    c->m = c->cfg[BOLT_ST_BINS];
    c->k = c->cfg[BOLT_ST_HBM_BINS];
    c->h = c->cfg[BOLT_ST_HOST_PAGES];
    c->lmax = c->cfg[BOLT_ST_SLOTS_PER_BIN];
    c->slot = c->cfg[BOLT_ST_SLOT_BYTES];
    c->page = c->cfg[BOLT_ST_PAGE_BYTES];
    c->v = c->cfg[BOLT_ST_VALUE_SIZE];
    c->s = c->cfg[BOLT_ST_STASH_CAPACITY];
    c->r = c->cfg[BOLT_ST_RECORDS];
    c->p = c->cfg[BOLT_ST_POSITION_SLOTS];
    c->window = c->cfg[BOLT_ST_PROBE_WINDOW];
    c->cmd_bytes = c->cfg[BOLT_ST_COMMAND_BYTES];
    c->rsp_bytes = c->cfg[BOLT_ST_RESPONSE_BYTES];
    bolt_dims_from(c->cfg, &c->d);
    c->session_slots = c->cfg[BOLT_ST_SESSION_SLOTS];
}

/* Every call's prologue: the call words reset, provisioning served, anything before provisioning refused, the keys
 * derived and the session table ready. Returns 1 when the mode is still to be served (0: the call is answered and
 * pub written). */
BOLT_FN int bolt_call_begin(bolt_ctx* c, BOLT_GLOBAL bu8* scratch, BOLT_GLOBAL bu8* copy, bu32 mode, BOLT_GLOBAL const bu8* cmds, bu64 count,
    BOLT_GLOBAL bu64* pub)
{
    c->st[BOLT_ST_TRACE_ROWS] = 0;
    c->st[BOLT_ST_RESULT_BYTES] = 0;
    c->st[BOLT_ST_STATUS] = BOLT_STATUS_OK;
    if (c->slot > BOLT_MAX_SLOT_BYTES || c->lmax * c->slot > BOLT_MAX_PAGE_BODY) {
        /* A slot or page larger than this build's on-chip buffers: the kernel was built for smaller maps. */
        c->st[BOLT_ST_STATUS] = BOLT_CALL_BAD_MODE;
        bolt_publish(c, pub);
        return 0;
    }
    if (mode == BOLT_MODE_PROVISION) {
        bolt_provision(c, copy, cmds, count);
        bolt_publish(c, pub);
        return 0;
    }
    if (c->st[BOLT_ST_PROVISIONED] != BOLT_PROVISIONED_MAGIC) {
        /* Nothing is trusted before provisioning: only the status word is written. */
        pub[BOLT_PUB_STATUS] = BOLT_CALL_NOT_PROVISIONED;
        pub[BOLT_PUB_TRACE_ROWS] = 0;
        pub[BOLT_PUB_RESULT_BYTES] = 0;
        pub[BOLT_PUB_PROVISIONED] = 0;
        return 0;
    }
    bolt_derive_keys(c->st, c->prng_rk, &c->gcm, c->prov_rk);
    bolt_channel_ready(c, scratch);
    return 1;
}

#if !BOLT_CTX_ON_CHIP
/* The kernel. count: records (plaintext modes) or bytes (hello, frames, provisioning). link_in/link_out: PCIe
 * cycles of this call's command and response frame transfers (host-computed from the sizes). config: public
 * parameters and timing; state and the HBM buffers: device-private; pub: the public status record. */
BOLT_ENTRY bolt_kernel(BOLT_GLOBAL bu64* state, BOLT_GLOBAL bu64* posmap, BOLT_GLOBAL bu8* records, BOLT_GLOBAL bu32* freelist,
    BOLT_GLOBAL bu16* loads, BOLT_GLOBAL bu64* versions, BOLT_GLOBAL bu32* pending, BOLT_GLOBAL bu8* scratch, BOLT_GLOBAL bu8* frame,
    BOLT_GLOBAL const bu8* cmds, BOLT_GLOBAL bu8* rsps, BOLT_GLOBAL bu8* host, BOLT_GLOBAL bu64* trace,
    BOLT_GLOBAL const bu64* config, BOLT_GLOBAL bu64* pub, bu32 mode, bu32 count, bu64 link_in, bu64 link_out)
{
#if BOLT_HLS
#pragma HLS INTERFACE m_axi port = state offset = slave bundle = gmem0
#pragma HLS INTERFACE m_axi port = posmap offset = slave bundle = gmem1
#pragma HLS INTERFACE m_axi port = records offset = slave bundle = gmem2
#pragma HLS INTERFACE m_axi port = freelist offset = slave bundle = gmem3
#pragma HLS INTERFACE m_axi port = loads offset = slave bundle = gmem4
#pragma HLS INTERFACE m_axi port = versions offset = slave bundle = gmem5
#pragma HLS INTERFACE m_axi port = pending offset = slave bundle = gmem6
#pragma HLS INTERFACE m_axi port = scratch offset = slave bundle = gmem7
#pragma HLS INTERFACE m_axi port = frame offset = slave bundle = gmem12
#pragma HLS INTERFACE m_axi port = cmds offset = slave bundle = gmem8
#pragma HLS INTERFACE m_axi port = rsps offset = slave bundle = gmem9
#pragma HLS INTERFACE m_axi port = host offset = slave bundle = gmem10
#pragma HLS INTERFACE m_axi port = trace offset = slave bundle = gmem11
#pragma HLS INTERFACE m_axi port = config offset = slave bundle = gmem13
#pragma HLS INTERFACE m_axi port = pub offset = slave bundle = gmem14
#pragma HLS INTERFACE s_axilite port = mode
#pragma HLS INTERFACE s_axilite port = count
#pragma HLS INTERFACE s_axilite port = link_in
#pragma HLS INTERFACE s_axilite port = link_out
#pragma HLS INTERFACE s_axilite port = return
#endif
    /* The call's words: config, state and trace through their buffers; every HBM and host buffer is passed on as itself. */
    bolt_ctx c;
    c.cfg = config;
    c.st = state;
    c.trace = trace;
    bolt_ctx_params(&c);
    if (!bolt_call_begin(&c, scratch, frame, mode, cmds, count, pub)) return;
    if (mode == BOLT_MODE_HELLO) {
        bolt_hello(&c, scratch, cmds, count, rsps);
    } else if (mode == BOLT_MODE_INIT_SEALED) {
        bolt_init_sealed(&c, posmap, records, freelist, loads, versions, pending, scratch, frame, host, cmds, count, link_in);
    } else if (mode == BOLT_MODE_EXECUTE_SEALED) {
        bolt_execute_sealed(&c, posmap, records, freelist, loads, versions, pending, scratch, frame, host, cmds, count, rsps, link_in, link_out);
    } else if (mode == BOLT_MODE_EXECUTE_FRAMES) {
        bolt_execute_frames(&c, posmap, records, freelist, loads, versions, pending, scratch, frame, host, cmds, count, rsps);
    } else if (mode == BOLT_MODE_CHECKPOINT_EXPORT) {
        bolt_checkpoint_export(&c, posmap, records, freelist, loads, versions, pending, scratch, cmds, count, rsps);
    } else if (mode == BOLT_MODE_CHECKPOINT_IMPORT) {
        bolt_checkpoint_import(&c, posmap, records, freelist, loads, versions, pending, scratch, cmds, count, rsps, link_out);
    } else if (mode == BOLT_MODE_NEW_LIFETIME) {
        bolt_new_lifetime(&c, versions, host, cmds, count);
    } else if (mode == BOLT_MODE_INIT) {
        if (bolt_plain_init_allowed(&c)) bolt_init(&c, posmap, records, freelist, loads, versions, pending, scratch, host, cmds, count, link_in);
    } else if (mode == BOLT_MODE_EXECUTE) {
        if (bolt_plain_execute_allowed(&c)) bolt_execute(&c, posmap, records, freelist, loads, versions, pending, host, cmds, rsps, count, link_in, link_out);
    } else {
        state[BOLT_ST_STATUS] = BOLT_CALL_BAD_MODE;
    }
    bolt_publish(&c, pub);
}
#endif
