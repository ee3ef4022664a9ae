/* The engine of hardware/SPEC.md §4–§9 over HBM buffers: position map, record pool and free list, bin
 * loads, page versions, pending lists (the eviction buffer), the overflow stash count, page sealing, the
 * access script's building blocks. It mirrors sim/Bolt.Sim/Engine/BoltEngine*.cs decision for decision; the
 * schedule that stamps trace rows is bolt_schedule.h.
 * Constant time (SPEC §9): every loop runs a trip count fixed by the public parameters, every decision on a secret
 * is a 0/1 flag that selects with a mask, and each HBM structure sees the same transactions on every access;
 * secret-dependent HBM indices go through BOLT_HBM_INDEX (bolt_ct.h). */
#ifndef BOLT_CORE_H
#define BOLT_CORE_H

/* Compile-time maxima of the on-chip working sets (SPEC §9.4). The position-map span is two probe windows; the item
 * buffer holds the largest slot (20 bytes of digest and meta, a 4096-byte value, padded to 16). */
#define BOLT_SPAN_MAX (2 * BOLT_PROBE_WINDOW)
#ifndef BOLT_MAX_SLOT_BYTES /* an HLS build sets its own, smaller maximum (hardware/hls) */
#define BOLT_MAX_SLOT_BYTES 4128
#endif
/* The largest page body (l_max slots) the kernel's on-chip page images hold: the OpenCL host sets it to the map's
 * own l_max·SlotBytes at build time, the HLS top to its compile-time maxima; the g++ builds (C-sim, XRT fake) take 32
 * slots of the largest size. A map beyond it is refused (BOLT_CALL_BAD_MODE). */
#ifndef BOLT_MAX_PAGE_BODY
#define BOLT_MAX_PAGE_BODY (32 * BOLT_MAX_SLOT_BYTES)
#endif
#define BOLT_MAX_PAGE_IMAGE (BOLT_PAGE_HEADER_BYTES + BOLT_MAX_PAGE_BODY + BOLT_PAGE_TAG_BYTES)

/* The public parameters the engine works with: scalars only. Engine functions take these and the arrays they touch
 * as separate arguments, never a struct of pointers (UG1399, "Pointer Limitations": a pointer to a pointer is not
 * supported), so one source serves g++, OpenCL C (arrays in __global memory) and the HLS top (hardware/hls: HBM
 * arrays on m_axi ports, page buffers and the position-map span on chip). */
typedef struct {
    bu64 n, m, k, h, lmax, slot, page, v, s, r, p, window, span, cmd_bytes, rsp_bytes;
} bolt_dims;

/* The engine's parameters from the public config words; the span is min(P, 2D) entries (SPEC §9.4). */
BOLT_FN void bolt_dims_from(BOLT_GLOBAL const bu64* config, bolt_dims* d)
{
    d->n = config[BOLT_ST_CAPACITY];
    d->m = config[BOLT_ST_BINS];
    d->k = config[BOLT_ST_HBM_BINS];
    d->h = config[BOLT_ST_HOST_PAGES];
    d->lmax = config[BOLT_ST_SLOTS_PER_BIN];
    d->slot = config[BOLT_ST_SLOT_BYTES];
    d->page = config[BOLT_ST_PAGE_BYTES];
    d->v = config[BOLT_ST_VALUE_SIZE];
    d->s = config[BOLT_ST_STASH_CAPACITY];
    d->r = config[BOLT_ST_RECORDS];
    d->p = config[BOLT_ST_POSITION_SLOTS];
    d->window = config[BOLT_ST_PROBE_WINDOW];
    d->span = d->p < 2 * d->window ? d->p : 2 * d->window;
    d->cmd_bytes = config[BOLT_ST_COMMAND_BYTES];
    d->rsp_bytes = config[BOLT_ST_RESPONSE_BYTES];
}

/* One kernel call's words besides its buffers: the public parameters, the keys derived for the call, and the config,
 * state and trace words the schedule (bolt_schedule.h) and the control modes read and write. It holds no pointer to an
 * HBM structure or host memory: every function that touches one takes that array as its own argument (UG1399,
 * "Pointer Limitations": no pointer to a pointer, and so no struct of pointers passed by pointer).
 * bolt_kernel (OpenCL, g++) points cfg, st and trace at its config, state and trace buffers. The HLS top
 * (hardware/hls) defines BOLT_CTX_ON_CHIP: there they are on-chip arrays, loaded at the start of a call, the state
 * written back at its end, and the trace rows held here until the top writes them to its trace port, so the struct
 * has no pointer at all. */
#ifndef BOLT_CTX_ON_CHIP
#define BOLT_CTX_ON_CHIP 0
#endif
/* Trace rows the HLS top holds between two writes to its trace port: a schedule call emits at most 5 (a CMD or RSP row,
 * two R rows, the two pending write-backs of SPEC §9.2). */
#define BOLT_TRACE_HELD_ROWS 8
typedef struct {
#if BOLT_CTX_ON_CHIP
    bu64 cfg[BOLT_CONFIG_WORDS]; /* parameters and timing (public, host-written) */
    bu64 st[BOLT_STATE_WORDS];   /* device-private words */
    bu64 trace[BOLT_TRACE_HELD_ROWS * BOLT_TRACE_ROW_WORDS]; /* rows trace_written .. st[BOLT_ST_TRACE_ROWS] - 1 */
    bu64 trace_written;
#else
    BOLT_GLOBAL const bu64* cfg; /* parameters and timing (public, host-written) */
    BOLT_GLOBAL bu64* st;        /* device-private words */
    BOLT_GLOBAL bu64* trace;
#endif
    bu64 n, m, k, h, lmax, slot, page, v, s, r, p, window, cmd_bytes, rsp_bytes, session_slots;
    bu8 prng_rk[BOLT_ROUND_KEY_BYTES];
    bu8 prov_rk[BOLT_ROUND_KEY_BYTES];
    bolt_gcm_key gcm;
    bolt_dims d; /* the same parameters, for the engine */
} bolt_ctx;

/* ---- little-endian field access in global memory ---- */

BOLT_FN bu32 bolt_rd32(BOLT_GLOBAL const bu8* p) { return (bu32)p[0] | ((bu32)p[1] << 8) | ((bu32)p[2] << 16) | ((bu32)p[3] << 24); }

BOLT_FN bu64 bolt_rd64(BOLT_GLOBAL const bu8* p) { return bolt_gload64(p); }

BOLT_FN void bolt_wr32(BOLT_GLOBAL bu8* p, bu32 v)
{
    p[0] = (bu8)v;
    p[1] = (bu8)(v >> 8);
    p[2] = (bu8)(v >> 16);
    p[3] = (bu8)(v >> 24);
}

BOLT_FN void bolt_wr64(BOLT_GLOBAL bu8* p, bu64 v) { bolt_gstore64(p, v); }

/* Copies and clears of PUBLIC lengths only (frames, tables); secret lengths are masked (bolt_slot_compose). */
BOLT_FN void bolt_copy(BOLT_GLOBAL bu8* dst, BOLT_GLOBAL const bu8* src, bu64 n)
{
    for (bu64 i = 0; i < n; i++) dst[i] = src[i];
}

BOLT_FN void bolt_zero(BOLT_GLOBAL bu8* dst, bu64 n)
{
    for (bu64 i = 0; i < n; i++) dst[i] = 0;
}

BOLT_FN bu64 bolt_max(bu64 a, bu64 b) { return a > b ? a : b; }

/* ---- words: the engine selects and copies slots, pages and records 8 bytes at a time ----
 * Slot, page, command and response sizes are multiples of 8 (of 16 for the bodies), so a slot is SlotBytes/8 LE words. */

/* The mask of the bytes of the word at byte offset `at` that lie below `end` (a secret length plus its offset): all
 * ones, none, or the low end - at bytes; no branch, the shift amount is below 64. */
BOLT_FN bu64 bolt_bytes_below(bu64 end, bu64 at)
{
    bu64 some = bolt_lt(at, end), all = 1 ^ bolt_lt(end, at + 8);
    bu64 part = ((bu64)1 << (8 * ((end - at) & 7))) - 1;
    return bolt_sel(all, ~(bu64)0, part & bolt_mask(some));
}

/* Value word k (bytes 8k .. 8k + 7) of a command's value field of n bytes (public), the bytes from n on read as zero
 * (none for k < 0). The field is padded to 16 bytes, so the word load stays inside the command record. */
BOLT_FN bu64 bolt_value_word(BOLT_GLOBAL const bu8* value, bi64 k, bu64 n)
{
    if (k < 0 || 8 * (bu64)k >= n) return 0;
    bu64 w = bolt_gload64(value + 8 * k), left = n - 8 * (bu64)k;
    return left >= 8 ? w : w & (((bu64)1 << (8 * left)) - 1);
}

/* ---- the item buffer: one slot on chip (SPEC §2: digest[16] | meta u32 | value, zero padded) ---- */

BOLT_FN bu64 bolt_item64(const bu8* it, int at) { return bolt_le64(it + at); }

BOLT_FN bu32 bolt_item_meta(const bu8* it) { return (bu32)bolt_item64(it, BOLT_SLOT_META_OFFSET); }

/* Whether the slot at p (global) is occupied and holds the digest (lo, hi): a 0/1 flag, no short circuit. */
BOLT_FN bu64 bolt_slot_holds(BOLT_GLOBAL const bu8* p, bu64 lo, bu64 hi)
{
    bu64 occupied = (bu64)(bolt_rd32(p + BOLT_SLOT_META_OFFSET) >> 31);
    return occupied & bolt_eq(bolt_rd64(p), lo) & bolt_eq(bolt_rd64(p + 8), hi);
}

/* The same for a slot of an on-chip page image. */
BOLT_FN bu64 bolt_page_slot_holds(const bu8* p, bu64 lo, bu64 hi)
{
    bu64 occupied = (bu64)(bolt_le32(p + BOLT_SLOT_META_OFFSET) >> 31);
    return occupied & bolt_eq(bolt_item64(p, 0), lo) & bolt_eq(bolt_item64(p, 8), hi);
}

/* Where flag is 1, the item buffer becomes the slot (lo, hi, len, value from a command), zero padded: every byte
 * of the slot is written, the value bytes selected by position against the secret length. */
BOLT_FN void bolt_slot_compose(const bolt_dims* d, bu8* it, bu64 flag, bu64 lo, bu64 hi, BOLT_GLOBAL const bu8* value, bu32 len)
{
    bu64 meta = BOLT_SLOT_OCCUPIED_BIT | (bu64)len, end = BOLT_SLOT_VALUE_OFFSET + (bu64)len;
    for (bu64 w = 0; w < d->slot / 8; w++) {
        BOLT_LOOP();
        /* Word 2 is meta | value bytes 0..3; from there on, slot byte b holds value byte b - 20 (so word w holds the
         * high half of value word w - 3 and the low half of value word w - 2) while it is below the (secret) length:
         * which bytes is a mask, the loads are the same. */
        bu64 at = 8 * w, word = w == 0 ? lo : hi;
        if (w >= 2) {
            bu64 vals = (bolt_value_word(value, (bi64)w - 3, d->v) >> 32) | (bolt_value_word(value, (bi64)w - 2, d->v) << 32);
            word = (w == 2 ? meta : 0) | (vals & bolt_bytes_below(end, at));
        }
        bolt_put64(it + at, bolt_sel(flag, word, bolt_le64(it + at)));
    }
}

/* ---- the page bodies, on chip (private arrays; BRAM in the HLS top): a masked pass over every slot ---- */

/* it |= slot `which` of plain where use is 1 (it starts zero; at most one slot contributes). */
BOLT_FN void bolt_page_gather(const bolt_dims* d, const bu8* plain, bu64 use, bu64 which, bu8* it)
{
    for (bu64 s = 0; s < d->lmax; s++) {
        BOLT_LOOP();
        bu64 m = bolt_mask(use & bolt_eq(s, which));
        for (bu64 b = 0; b < d->slot; b += 8) {
            BOLT_LOOP();
            bolt_put64(it + b, bolt_le64(it + b) | (bolt_le64(plain + s * d->slot + b) & m));
        }
    }
}

/* Where use is 1, slot `which` of plain becomes the item buffer (keep 1) or zero (keep 0). */
BOLT_FN void bolt_page_scatter(const bolt_dims* d, bu8* plain, bu64 use, bu64 which, bu64 keep, const bu8* it)
{
    for (bu64 s = 0; s < d->lmax; s++) {
        BOLT_LOOP();
        bu64 here = use & bolt_eq(s, which), kept = bolt_mask(keep);
        for (bu64 b = 0; b < d->slot; b += 8) {
            BOLT_LOOP();
            bu8* p = plain + s * d->slot + b;
            bolt_put64(p, bolt_sel(here, bolt_le64(it + b) & kept, bolt_le64(p)));
        }
    }
}

/* The slot of plain holding (lo, hi), searched where use is 1: *found 0/1, returns its index (0 when none). */
BOLT_FN bu64 bolt_page_find(const bolt_dims* d, const bu8* plain, bu64 use, bu64 lo, bu64 hi, bu64* found)
{
    bu64 at = 0, any = 0;
    for (bu64 s = 0; s < d->lmax; s++) {
        BOLT_LOOP();
        bu64 match = use & bolt_page_slot_holds(plain + s * d->slot, lo, hi);
        at = bolt_sel(match, s, at);
        any |= match;
    }
    *found = any;
    return at;
}

/* ---- records (HBM): exactly one read-modify-write of a whole record per call ---- */

BOLT_FN BOLT_GLOBAL bu8* bolt_record(const bolt_dims* d, BOLT_GLOBAL bu8* rec, bu64 r)
{
#ifdef BOLT_FAULT_CT_ADDRESS
    return rec + r * d->slot; /* test-only fault: a secret HBM index without its declassification */
#else
    return rec + BOLT_HBM_INDEX(r) * d->slot;
#endif
}

/* Record r: where write is 1 it becomes the item buffer (keep 1) or zero (keep 0), else it is written back as it was. */
BOLT_FN void bolt_record_put(const bolt_dims* d, BOLT_GLOBAL bu8* rec, bu64 r, bu64 write, bu64 keep, const bu8* it)
{
    BOLT_GLOBAL bu8* p = bolt_record(d, rec, r);
    bu64 kept = bolt_mask(keep);
    BOLT_PORT(records, 1);
    for (bu64 b = 0; b < d->slot; b += 8) {
        BOLT_LOOP();
        bolt_gstore64(p + b, bolt_sel(write, bolt_le64(it + b) & kept, bolt_gload64(p + b)));
    }
}

/* Record r: where clear is 1 it becomes zero (freed records hold no stale value), else it is written back as it was. */
BOLT_FN void bolt_record_clear(const bolt_dims* d, BOLT_GLOBAL bu8* rec, bu64 r, bu64 clear)
{
    BOLT_GLOBAL bu8* p = bolt_record(d, rec, r);
    bu64 kept = bolt_mask(1 ^ clear);
    BOLT_PORT(records, 1);
    for (bu64 b = 0; b < d->slot; b += 8) {
        BOLT_LOOP();
        bolt_gstore64(p + b, bolt_gload64(p + b) & kept);
    }
}

/* it |= record r where use is 1. */
BOLT_FN void bolt_record_gather(const bolt_dims* d, BOLT_GLOBAL const bu8* rec, bu64 r, bu64 use, bu8* it)
{
    BOLT_GLOBAL const bu8* p = rec + BOLT_HBM_INDEX(r) * d->slot;
    bu64 m = bolt_mask(use);
    BOLT_PORT(records, 1);
    for (bu64 b = 0; b < d->slot; b += 8) {
        BOLT_LOOP();
        bolt_put64(it + b, bolt_le64(it + b) | (bolt_gload64(p + b) & m));
    }
}

/* ---- free list (RecordPool: LIFO, initially [R-1 ... 0] with 0 on top): one masked pop or push per call ---- */

/* Where take is 1 and a record is free, pops it: returns 1 with *r set; else returns 0 and changes nothing. */
BOLT_FN bu64 bolt_alloc(BOLT_GLOBAL bu64* st, BOLT_GLOBAL const bu32* freel, bu64 take, bu64* r)
{
    bu64 fc = st[BOLT_ST_FREE_COUNT];
    bu64 ok = take & bolt_nz(fc);
    bu64 top = freel[BOLT_HBM_INDEX(bolt_sel(ok, fc - 1, 0))];
    BOLT_PORT(freelist, 1);
    st[BOLT_ST_FREE_COUNT] = fc - ok;
    *r = bolt_sel(ok, top, *r);
    return ok;
}

/* Where give is 1, pushes record r (the caller clears the record). */
BOLT_FN void bolt_free_push(BOLT_GLOBAL bu64* st, BOLT_GLOBAL bu32* freel, bu64 give, bu64 r)
{
    bu64 fc = st[BOLT_ST_FREE_COUNT];
    BOLT_GLOBAL bu32* slot = freel + BOLT_HBM_INDEX(bolt_sel(give, fc, 0));
    *slot = (bu32)bolt_sel(give, r, *slot);
    BOLT_PORT(freelist, 1);
    st[BOLT_ST_FREE_COUNT] = fc + give;
}

/* ---- pending lists (HBM): per page, count then l_max record indices, in insertion order ---- */

BOLT_FN BOLT_GLOBAL bu32* bolt_pending(const bolt_dims* d, BOLT_GLOBAL bu32* pend, bu64 page) { return pend + BOLT_HBM_INDEX(page) * (d->lmax + 1); }

/* Where drop is 1, removes entry k of the page's list (the later ones move up); every word is rewritten. */
BOLT_FN void bolt_pending_remove(const bolt_dims* d, BOLT_GLOBAL bu32* pend, bu64 page, bu64 drop, bu64 k)
{
    BOLT_GLOBAL bu32* l = bolt_pending(d, pend, page);
    BOLT_PORT(pending, 1);
    l[0] = (bu32)(l[0] - drop);
    for (bu64 i = 0; i < d->lmax; i++) {
        BOLT_LOOP();
        bu64 next = i + 1 < d->lmax ? l[2 + i] : 0;
        l[1 + i] = (bu32)bolt_sel(drop & (1 ^ bolt_lt(i, k)), next, l[1 + i]);
    }
}

/* Where add is 1, appends record r to the page's list. */
BOLT_FN void bolt_pending_append(const bolt_dims* d, BOLT_GLOBAL bu32* pend, bu64 page, bu64 add, bu64 r)
{
    BOLT_GLOBAL bu32* l = bolt_pending(d, pend, page);
    bu64 count = l[0];
    BOLT_PORT(pending, 1);
    for (bu64 i = 0; i < d->lmax; i++) {
        BOLT_LOOP();
        l[1 + i] = (bu32)bolt_sel(add & bolt_eq(i, count), r, l[1 + i]);
    }
    l[0] = (bu32)(count + add);
}

/* The pending record of the page's list holding (lo, hi), searched where use is 1: *found 0/1, returns its
 * position in the list; *r the record. Reads the digest of l_max records whatever the count. */
BOLT_FN bu64 bolt_pending_find(const bolt_dims* d, BOLT_GLOBAL bu32* pend, BOLT_GLOBAL const bu8* rec, bu64 page, bu64 use, bu64 lo, bu64 hi, bu64* found, bu64* r)
{
    BOLT_GLOBAL const bu32* l = pend + BOLT_HBM_INDEX(page) * (d->lmax + 1);
    bu64 count = l[0], at = 0, any = 0;
    BOLT_PORT(pending, 1);
    for (bu64 i = 0; i < d->lmax; i++) {
        BOLT_LOOP();
        bu64 valid = bolt_lt(i, count);
        bu64 r_i = bolt_sel(valid, l[1 + i], 0);
        bu64 match = use & valid & bolt_slot_holds(rec + BOLT_HBM_INDEX(r_i) * d->slot, lo, hi);
        BOLT_PORT(records, 1);
        at = bolt_sel(match, i, at);
        *r = bolt_sel(match, r_i, *r);
        any |= match;
    }
    *found = any;
    return at;
}

/* ---- the position-map span (SPEC §4): entries [base, base + span) on chip, base = lo mod P ---- */

#define BOLT_SPAN_WORD(w, t, x) ((w)[BOLT_POSITION_ENTRY_WORDS * (t) + (x)])

/* Reads span entries from position base (mod P) into w: one fixed-length burst (two when it wraps). */
BOLT_FN void bolt_span_read(const bolt_dims* d, BOLT_GLOBAL const bu64* pm, bu64 base, bu64* w)
{
    bu64 mask = d->p - 1, first = BOLT_HBM_INDEX(base);
    BOLT_PORT(posmap, 1);
    for (bu64 t = 0; t < d->span; t++) {
        BOLT_LOOP();
        BOLT_GLOBAL const bu64* e = pm + BOLT_POSITION_ENTRY_WORDS * ((first + t) & mask);
        bu64 e0 = e[0], e1 = e[1], e2 = e[2], e3 = e[3]; /* the whole entry first: no store can alias a load */
        BOLT_SPAN_WORD(w, t, 0) = e0;
        BOLT_SPAN_WORD(w, t, 1) = e1;
        BOLT_SPAN_WORD(w, t, 2) = e2;
        BOLT_SPAN_WORD(w, t, 3) = e3;
    }
}

BOLT_FN void bolt_span_write(const bolt_dims* d, BOLT_GLOBAL bu64* pm, bu64 base, const bu64* w)
{
    bu64 mask = d->p - 1, first = BOLT_HBM_INDEX(base);
    BOLT_PORT(posmap, 1);
    for (bu64 t = 0; t < d->span; t++) {
        BOLT_LOOP();
        BOLT_GLOBAL bu64* e = pm + BOLT_POSITION_ENTRY_WORDS * ((first + t) & mask);
        bu64 e0 = BOLT_SPAN_WORD(w, t, 0), e1 = BOLT_SPAN_WORD(w, t, 1), e2 = BOLT_SPAN_WORD(w, t, 2), e3 = BOLT_SPAN_WORD(w, t, 3);
        e[0] = e0;
        e[1] = e1;
        e[2] = e2;
        e[3] = e3;
    }
}

/* The entry of (lo, hi) within the probe window: *hit 0/1, returns its offset. Every window entry is compared (a
 * lookup never stops at an empty entry, so it does not rely on runs staying unbroken). */
BOLT_FN bu64 bolt_span_find(const bolt_dims* d, const bu64* w, bu64 lo, bu64 hi, bu64* hit)
{
    bu64 at = 0, any = 0;
    for (bu64 t = 0; t < d->window; t++) {
        BOLT_LOOP();
        bu64 match = bolt_eq(BOLT_SPAN_WORD(w, t, 0), lo) & bolt_eq(BOLT_SPAN_WORD(w, t, 1), hi);
        at = bolt_sel(match, t, at);
        any |= match;
    }
    *hit = any;
    return at;
}

/* The placement words (2: candidates, 3: home and record) of entry `at`, selected by one pass over the window. */
BOLT_FN void bolt_span_get(const bolt_dims* d, const bu64* w, bu64 at, bu64* cands, bu64* placed)
{
    bu64 c = 0, p = 0;
    for (bu64 t = 0; t < d->window; t++) {
        BOLT_LOOP();
        bu64 m = bolt_mask(bolt_eq(t, at));
        c |= BOLT_SPAN_WORD(w, t, 2) & m;
        p |= BOLT_SPAN_WORD(w, t, 3) & m;
    }
    *cands = c;
    *placed = p;
}

/* Where set is 1, entry `at` takes the placement words (candidates, home, record). */
BOLT_FN void bolt_span_set(const bolt_dims* d, bu64* w, bu64 set, bu64 at, bu32 cand1, bu32 cand2, bu32 home, bu32 rec)
{
    for (bu64 t = 0; t < d->window; t++) {
        BOLT_LOOP();
        bu64 here = set & bolt_eq(t, at);
        BOLT_SPAN_WORD(w, t, 2) = bolt_sel(here, (bu64)cand1 | ((bu64)cand2 << 32), BOLT_SPAN_WORD(w, t, 2));
        BOLT_SPAN_WORD(w, t, 3) = bolt_sel(here, (bu64)home | ((bu64)rec << 32), BOLT_SPAN_WORD(w, t, 3));
    }
}

/* Where add is 1, the first empty window entry takes (lo, hi) and its placement; returns 1 when one was free. */
BOLT_FN bu64 bolt_span_insert(const bolt_dims* d, BOLT_GLOBAL bu64* st, bu64* w, bu64 add, bu64 lo, bu64 hi, bu32 cand1, bu32 cand2, bu32 home, bu32 rec)
{
    bu64 done = 0, at = 0;
    for (bu64 t = 0; t < d->window; t++) {
        BOLT_LOOP();
        bu64 here = add & (1 ^ done) & (1 ^ bolt_nz(BOLT_SPAN_WORD(w, t, 0) | BOLT_SPAN_WORD(w, t, 1)));
        BOLT_SPAN_WORD(w, t, 0) = bolt_sel(here, lo, BOLT_SPAN_WORD(w, t, 0));
        BOLT_SPAN_WORD(w, t, 1) = bolt_sel(here, hi, BOLT_SPAN_WORD(w, t, 1));
        at = bolt_sel(here, t, at);
        done |= here;
    }
    bolt_span_set(d, w, done, at, cand1, cand2, home, rec);
    st[BOLT_ST_ITEMS] += done;
    return done;
}

/* Where drop is 1, clears entry 0 of a span that starts AT the entry, then backward-shifts the run after it so
 * every entry stays within the window of its home (two passes, no data-dependent index: the first finds which
 * entries move, the second gives each vacated position the entry of the next mover). A run that would shift
 * past the span is left as it is: lookups compare the whole window, so they stay right (SPEC §9.4). */
BOLT_FN void bolt_span_remove(const bolt_dims* d, BOLT_GLOBAL bu64* st, bu64* w, bu64 base, bu64 drop)
{
    bu8 moved[BOLT_SPAN_MAX];
    bu64 mask = d->p - 1, hole = 0, open = drop;
    moved[0] = 0;
    for (bu64 t = 1; t < d->span; t++) {
        BOLT_LOOP();
        open &= bolt_nz(BOLT_SPAN_WORD(w, t, 0) | BOLT_SPAN_WORD(w, t, 1));
        bu64 home = BOLT_SPAN_WORD(w, t, 0) & mask;
        bu64 displaced = (base + t - home) & mask;
        bu64 move = open & (1 ^ bolt_lt(displaced, t - hole));
        moved[t] = (bu8)move;
        hole = bolt_sel(move, t, hole);
    }
    bu64 carry[BOLT_POSITION_ENTRY_WORDS] = {0, 0, 0, 0};
    for (bu64 u = d->span; u > 0; u--) {
        BOLT_LOOP();
        bu64 t = u - 1, vacated = bolt_mask((drop & (bu64)(t == 0)) | moved[t]), mover = bolt_mask(moved[t]);
        for (int x = 0; x < BOLT_POSITION_ENTRY_WORDS; x++) {
            bu64 old = BOLT_SPAN_WORD(w, t, x);
            BOLT_SPAN_WORD(w, t, x) = old ^ ((carry[x] ^ old) & vacated);
            carry[x] ^= (old ^ carry[x]) & mover;
        }
    }
    st[BOLT_ST_ITEMS] -= drop;
}

/* ---- bins, stash, placement (SPEC §6.7) ---- */

/* 1 when bin is a host bin (not the stash, not an HBM bin). */
BOLT_FN bu64 bolt_is_host_bin(const bolt_dims* d, bu64 bin) { return (1 ^ bolt_eq(bin, BOLT_STASH_HOME)) & (1 ^ bolt_lt(bin, d->k)); }

/* A bin's load (the stash has none: reads bin 0). */
BOLT_FN bu64 bolt_load_of(BOLT_GLOBAL const bu16* loads, bu64 bin)
{
    BOLT_PORT(loads, 1);
    return loads[BOLT_HBM_INDEX(bolt_sel(bolt_eq(bin, BOLT_STASH_HOME), 0, bin))];
}

/* Where add is 1, adds delta (+1 or -1 as a u64) to the bin's load; the transaction happens either way. */
BOLT_FN void bolt_load_add(BOLT_GLOBAL bu16* loads, bu64 bin, bu64 add, bu64 delta)
{
    BOLT_GLOBAL bu16* l = loads + BOLT_HBM_INDEX(bolt_sel(add, bin, 0));
    *l = (bu16)(*l + (delta & bolt_mask(add)));
    BOLT_PORT(loads, 1);
}

/* The less loaded of two bins, loads counted as if the item had left old_home; STASH if both are full. */
BOLT_FN bu64 bolt_choose_bin(const bolt_dims* d, BOLT_GLOBAL const bu16* loads, bu64 b1, bu64 b2, bu64 old_home)
{
    bu64 l1 = bolt_load_of(loads, b1) - bolt_eq(b1, old_home);
    bu64 l2 = bolt_load_of(loads, b2) - bolt_eq(b2, old_home);
#ifdef BOLT_FAULT_TIEBREAK
    bu64 first = bolt_lt(l1, l2); /* test-only fault: ties go to b2 */
#else
    bu64 first = 1 ^ bolt_lt(l2, l1);
#endif
    bu64 target = bolt_sel(first, b1, b2);
    bu64 load = bolt_sel(first, l1, l2);
    return bolt_sel(bolt_lt(load, d->lmax), target, BOLT_STASH_HOME);
}

/* Where go is 1, takes an item out of its old home's bookkeeping: the stash count, or the bin's load and (a host
 * bin, the item pending) its entry in the page's pending list. page1/page2 are the two touched pages, one of which
 * is a host home's page. */
BOLT_FN void bolt_unhome(const bolt_dims* d, BOLT_GLOBAL bu64* st, BOLT_GLOBAL bu16* loads, BOLT_GLOBAL bu32* pend, bu64 go, bu64 home, bu64 pending, bu64 k, bu64 page1, bu64 page2)
{
    bu64 stash = bolt_eq(home, BOLT_STASH_HOME), host = bolt_is_host_bin(d, home);
    bu64 on1 = host & bolt_eq(home - d->k, page1), on2 = host & (1 ^ on1);
    st[BOLT_ST_STASH_COUNT] -= go & stash;
    bolt_load_add(loads, home, go & (1 ^ stash), (bu64)0 - 1);
    bolt_pending_remove(d, pend, page1, go & pending & on1, k);
    bolt_pending_remove(d, pend, page2, go & pending & on2, k);
}

/* Where go is 1, homes an item that sits in record r: the stash, an HBM bin, or a host bin's pending list. */
BOLT_FN void bolt_place(const bolt_dims* d, BOLT_GLOBAL bu64* st, BOLT_GLOBAL bu16* loads, BOLT_GLOBAL bu32* pend, bu64 go, bu64 target, bu64 r, bu64 page1)
{
    bu64 stash = bolt_eq(target, BOLT_STASH_HOME), host = bolt_is_host_bin(d, target);
    st[BOLT_ST_STASH_COUNT] += go & stash;
    bolt_load_add(loads, target, go & (1 ^ stash), 1);
    bolt_pending_append(d, pend, bolt_sel(host, target - d->k, page1), go & host, r);
}

/* ---- page sealing (SPEC §5) ---- */

BOLT_FN BOLT_GLOBAL bu8* bolt_host_page(const bolt_dims* d, BOLT_GLOBAL bu8* host, bu64 page) { return host + page * d->page; }

/* The page nonce: u32 page | u64 version (SPEC §5). */
BOLT_FN void bolt_page_nonce(bu32 page, bu64 version, bu8* nonce)
{
    for (int i = 0; i < 4; i++) nonce[i] = (bu8)(page >> (8 * i));
    bolt_put64(nonce + 4, version);
}

#ifdef BOLT_FAULT_CT_BRANCH
static volatile bu64 bolt_fault_sink; /* test-only: keeps the injected scan from being optimised away */
#endif

/* A page's image (header | body | tag) on chip: read from host memory, and written back, whole. */
BOLT_FN void bolt_page_fetch(const bolt_dims* d, BOLT_GLOBAL const bu8* hp, bu8* image)
{
    BOLT_PORT(host, 1);
    for (bu64 b = 0; b < d->page; b += 8) bolt_put64(image + b, bolt_gload64(hp + b));
}

BOLT_FN void bolt_page_store(const bolt_dims* d, const bu8* image, BOLT_GLOBAL bu8* hp)
{
    BOLT_PORT(host, 1);
    for (bu64 b = 0; b < d->page; b += 8) bolt_gstore64(hp + b, bolt_le64(image + b));
}

/* Bumps the page's version and seals the page image in place: the header written, the body (the plaintext) encrypted
 * with bolt_crypto.h's GCM over on-chip buffers, the tag after it. */
BOLT_FN void bolt_seal(const bolt_dims* d, const bolt_gcm_key* gcm, BOLT_GLOBAL bu64* ver, bu8* image, bu32 page)
{
    bu64 body = d->lmax * d->slot;
    bu64 version = ++ver[page];
    BOLT_PORT(versions, 1);
    bu8 nonce[12];
#ifdef BOLT_FAULT_CT_BRANCH
    /* test-only fault: a secret-dependent early exit, the leak the constant-time checks (hardware/ct) must catch */
    bu64 first = 0;
    while (first < body && image[BOLT_PAGE_HEADER_BYTES + first] == 0) {
        BOLT_LOOP();
        first++;
    }
    bolt_fault_sink = first;
#endif
    bolt_put64(image + BOLT_PAGE_VERSION_OFFSET, version);
    bolt_put32(image + BOLT_PAGE_INDEX_OFFSET, page);
    bolt_put32(image + BOLT_PAGE_MAGIC_OFFSET, BOLT_PAGE_MAGIC);
    bolt_page_nonce(page, version, nonce);
    bolt_gcm_seal_local(gcm, nonce, image, image + BOLT_PAGE_HEADER_BYTES, body, image + BOLT_PAGE_HEADER_BYTES + body);
}

/* Authenticates the page image against the expected (page, version) nonce and decrypts its body in place (always:
 * the time does not depend on the verdict). The verdict never depends on unauthenticated header fields alone: the
 * tag is checked under the expected nonce. Returns a 0/1 flag (no short circuit: the caller declassifies it, SPEC
 * §9.5). */
BOLT_FN bu64 bolt_open(const bolt_dims* d, const bolt_gcm_key* gcm, BOLT_GLOBAL const bu64* ver, bu8* image, bu32 page)
{
    bu64 body = d->lmax * d->slot;
    bu64 expected = ver[page];
    BOLT_PORT(versions, 1);
    bu8 nonce[12];
    bolt_page_nonce(page, expected, nonce);
    bu64 header_ok = bolt_eq(bolt_item64(image, BOLT_PAGE_VERSION_OFFSET), expected) & bolt_eq(bolt_le32(image + BOLT_PAGE_INDEX_OFFSET), page)
        & bolt_eq(bolt_le32(image + BOLT_PAGE_MAGIC_OFFSET), BOLT_PAGE_MAGIC);
    bu64 tag_ok = (bu64)bolt_gcm_open_local(gcm, nonce, image, image + BOLT_PAGE_HEADER_BYTES, body, image + BOLT_PAGE_HEADER_BYTES + body);
    return (tag_ok & 1) & header_ok;
}

/* SPEC §6.8: the page's pending records, in order, go to its lowest empty slots and are freed. As a fixed pass:
 * slot s, when empty, takes pending entry j (the number taken so far) while j < count; then every listed record
 * is cleared and pushed on the free list in list order. l_max record reads and l_max record writes, always. */
BOLT_FN void bolt_merge(const bolt_dims* d, BOLT_GLOBAL bu64* st, BOLT_GLOBAL bu32* freel, BOLT_GLOBAL bu32* pend, BOLT_GLOBAL bu8* rec, bu64 page, bu8* plain)
{
    BOLT_GLOBAL bu32* l = bolt_pending(d, pend, page);
    bu64 count = l[0], j = 0;
    BOLT_PORT(pending, 1);
    for (bu64 s = 0; s < d->lmax; s++) {
        BOLT_LOOP();
        bu8* slot = plain + s * d->slot;
        bu64 take = (1 ^ (bu64)(bolt_le32(slot + BOLT_SLOT_META_OFFSET) >> 31)) & bolt_lt(j, count);
        /* Entry j of the list (entry 0 when nothing is taken, so the read stays inside the list): one read per slot. */
        bu64 r = bolt_sel(take, l[1 + BOLT_HBM_INDEX(bolt_sel(take, j, 0))], 0);
        BOLT_PORT(pending, 1);
        BOLT_GLOBAL const bu8* src = bolt_record(d, rec, r);
        BOLT_PORT(records, 1);
        for (bu64 b = 0; b < d->slot; b += 8) {
            BOLT_LOOP();
            bolt_put64(slot + b, bolt_sel(take, bolt_gload64(src + b), bolt_le64(slot + b)));
        }
        j += take;
    }
    for (bu64 i = 0; i < d->lmax; i++) {
        BOLT_LOOP();
        bu64 give = bolt_lt(i, count), r = bolt_sel(give, l[1 + i], 0);
        bolt_record_clear(d, rec, r, give);
        bolt_free_push(st, freel, give, r);
    }
    l[0] = 0;
}

/* Where same is 1 (both touched pages are one page), the second buffer becomes a copy of the first. */
BOLT_FN void bolt_page_follow(const bolt_dims* d, bu8* second, const bu8* first, bu64 same)
{
    for (bu64 b = 0; b < d->lmax * d->slot; b += 8) {
        BOLT_LOOP();
        bolt_put64(second + b, bolt_sel(same, bolt_le64(first + b), bolt_le64(second + b)));
    }
}

#endif
