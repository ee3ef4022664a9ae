/* The engine of hardware/SPEC.md §4–§9 over HBM buffers: position map, record pool and free list, bin
 * loads, page versions, pending lists (the eviction buffer), the overflow stash count, page sealing, the
 * access script and the bulk load. It mirrors sim/Bolt.Sim/Engine/BoltEngine*.cs decision for decision; the
 * schedule that stamps trace rows is bolt_schedule.h. */
#ifndef BOLT_CORE_H
#define BOLT_CORE_H

/* Everything one kernel call works on. Buffers are HBM except host (host memory over PCIe). */
typedef struct {
    BOLT_GLOBAL const bu64* cfg; /* parameters and timing (public, host-written) */
    BOLT_GLOBAL bu64* st;        /* device-private words */
    BOLT_GLOBAL bu64* pm;
    BOLT_GLOBAL bu8* rec;
    BOLT_GLOBAL bu32* freel;
    BOLT_GLOBAL bu16* loads;
    BOLT_GLOBAL bu64* ver;
    BOLT_GLOBAL bu32* pend;
    BOLT_GLOBAL bu8* buf1; /* plaintext of the first touched page */
    BOLT_GLOBAL bu8* buf2; /* plaintext of the second (unused when both touches are one page) */
    BOLT_GLOBAL bu8* sessions; /* the session table (device-private) */
    BOLT_GLOBAL bu8* frame;    /* device-private copy of a frame */
    BOLT_GLOBAL bu8* host;
    BOLT_GLOBAL bu64* trace;
    bu64 n, m, k, h, lmax, slot, page, v, s, r, p, window, cmd_bytes, rsp_bytes, session_slots;
    bu8 prng_rk[BOLT_ROUND_KEY_BYTES];
    bu8 prov_rk[BOLT_ROUND_KEY_BYTES];
    bolt_gcm_key gcm;
} bolt_ctx;

/* Where a found item's bytes are (BoltEngine.ItemLocation). */
typedef struct {
    int exists;
    int page_slot;     /* slot of the home page, or -1 */
    bu32 record;       /* HBM record, when not in the page */
    int pending_index; /* index in the page's pending list, or -1 */
} bolt_loc;

/* ---- little-endian field access in global memory ---- */

BOLT_FN bu32 bolt_rd32(BOLT_GLOBAL const bu8* p) { return (bu32)p[0] | ((bu32)p[1] << 8) | ((bu32)p[2] << 16) | ((bu32)p[3] << 24); }

BOLT_FN bu64 bolt_rd64(BOLT_GLOBAL const bu8* p) { return (bu64)bolt_rd32(p) | ((bu64)bolt_rd32(p + 4) << 32); }

BOLT_FN void bolt_wr32(BOLT_GLOBAL bu8* p, bu32 v)
{
    for (int i = 0; i < 4; i++) p[i] = (bu8)(v >> (8 * i));
}

BOLT_FN void bolt_wr64(BOLT_GLOBAL bu8* p, bu64 v)
{
    for (int i = 0; i < 8; i++) p[i] = (bu8)(v >> (8 * i));
}

BOLT_FN void bolt_copy(BOLT_GLOBAL bu8* dst, BOLT_GLOBAL const bu8* src, bu64 n)
{
    for (bu64 i = 0; i < n; i++) dst[i] = src[i];
}

BOLT_FN void bolt_zero(BOLT_GLOBAL bu8* dst, bu64 n)
{
    for (bu64 i = 0; i < n; i++) dst[i] = 0;
}

BOLT_FN bu64 bolt_max(bu64 a, bu64 b) { return a > b ? a : b; }

/* ---- slots (SPEC §2) ---- */

BOLT_FN int bolt_slot_occupied(BOLT_GLOBAL const bu8* s) { return (bolt_rd32(s + BOLT_SLOT_META_OFFSET) & BOLT_SLOT_OCCUPIED_BIT) != 0; }

BOLT_FN int bolt_slot_holds(BOLT_GLOBAL const bu8* s, bu64 lo, bu64 hi)
{
    return bolt_slot_occupied(s) && bolt_rd64(s) == lo && bolt_rd64(s + 8) == hi;
}

BOLT_FN void bolt_slot_write(const bolt_ctx* c, BOLT_GLOBAL bu8* s, bu64 lo, bu64 hi, BOLT_GLOBAL const bu8* value, bu32 len)
{
    bolt_wr64(s, lo);
    bolt_wr64(s + 8, hi);
    bolt_wr32(s + BOLT_SLOT_META_OFFSET, BOLT_SLOT_OCCUPIED_BIT | len);
    bolt_copy(s + BOLT_SLOT_VALUE_OFFSET, value, len);
    bolt_zero(s + BOLT_SLOT_VALUE_OFFSET + len, c->slot - BOLT_SLOT_VALUE_OFFSET - len);
}

BOLT_FN BOLT_GLOBAL bu8* bolt_page_slot(const bolt_ctx* c, BOLT_GLOBAL bu8* plain, bu64 i) { return plain + i * c->slot; }

/* ---- record pool and free list (RecordPool: LIFO, initially [R-1 ... 0] with 0 on top) ---- */

BOLT_FN BOLT_GLOBAL bu8* bolt_record(const bolt_ctx* c, bu32 r) { return c->rec + (bu64)r * c->slot; }

BOLT_FN int bolt_alloc(const bolt_ctx* c, bu32* r)
{
    if (c->st[BOLT_ST_FREE_COUNT] == 0) return 0;
    *r = c->freel[--c->st[BOLT_ST_FREE_COUNT]];
    return 1;
}

/* Freed records are cleared so no stale value lingers. */
BOLT_FN void bolt_free(const bolt_ctx* c, bu32 r)
{
    bolt_zero(bolt_record(c, r), c->slot);
    c->freel[c->st[BOLT_ST_FREE_COUNT]++] = r;
}

/* ---- pending lists: per page, count then l_max record indices, in insertion order ---- */

BOLT_FN BOLT_GLOBAL bu32* bolt_pending(const bolt_ctx* c, bu64 page) { return c->pend + page * (c->lmax + 1); }

BOLT_FN void bolt_pending_remove(const bolt_ctx* c, bu64 page, int k)
{
    BOLT_GLOBAL bu32* l = bolt_pending(c, page);
    bu32 count = --l[0];
    for (bu32 i = (bu32)k; i < count; i++) l[1 + i] = l[2 + i];
}

/* ---- position map (SPEC §4): 4 words per entry (lo | hi | cand1 + cand2 | home + rec), linear probing ---- */

#define BOLT_PM(c, i, w) ((c)->pm[BOLT_POSITION_ENTRY_WORDS * (i) + (w)])

BOLT_FN int bolt_pm_empty(const bolt_ctx* c, bu64 i) { return (BOLT_PM(c, i, 0) | BOLT_PM(c, i, 1)) == 0; }

BOLT_FN bu32 bolt_pm_cand1(const bolt_ctx* c, bu64 i) { return (bu32)BOLT_PM(c, i, 2); }

BOLT_FN bu32 bolt_pm_cand2(const bolt_ctx* c, bu64 i) { return (bu32)(BOLT_PM(c, i, 2) >> 32); }

BOLT_FN bu32 bolt_pm_home(const bolt_ctx* c, bu64 i) { return (bu32)BOLT_PM(c, i, 3); }

BOLT_FN bu32 bolt_pm_rec(const bolt_ctx* c, bu64 i) { return (bu32)(BOLT_PM(c, i, 3) >> 32); }

/* A placement: the candidates drawn for it, the bin it went to and its record. */
BOLT_FN void bolt_pm_set(const bolt_ctx* c, bu64 i, bu32 cand1, bu32 cand2, bu32 home, bu32 rec)
{
    BOLT_PM(c, i, 2) = (bu64)cand1 | ((bu64)cand2 << 32);
    BOLT_PM(c, i, 3) = (bu64)home | ((bu64)rec << 32);
}

BOLT_FN bi64 bolt_pm_find(const bolt_ctx* c, bu64 lo, bu64 hi)
{
    bu64 mask = c->p - 1, i = lo & mask;
    for (bu64 probe = 0; probe < c->window; probe++, i = (i + 1) & mask) {
        if (bolt_pm_empty(c, i)) return -1;
        if (BOLT_PM(c, i, 0) == lo && BOLT_PM(c, i, 1) == hi) return (bi64)i;
    }
    return -1;
}

BOLT_FN bi64 bolt_pm_insert(const bolt_ctx* c, bu64 lo, bu64 hi, bu32 cand1, bu32 cand2, bu32 home, bu32 rec)
{
    bu64 mask = c->p - 1, i = lo & mask;
    for (bu64 probe = 0; probe < c->window; probe++, i = (i + 1) & mask) {
        if (bolt_pm_empty(c, i)) {
            BOLT_PM(c, i, 0) = lo;
            BOLT_PM(c, i, 1) = hi;
            bolt_pm_set(c, i, cand1, cand2, home, rec);
            c->st[BOLT_ST_ITEMS]++;
            return (bi64)i;
        }
    }
    return -1;
}

/* Clears the slot, then backward-shifts the rest of the run so every entry stays within D of its home. */
BOLT_FN void bolt_pm_remove(const bolt_ctx* c, bu64 slot)
{
    bu64 mask = c->p - 1, i = slot, j = (slot + 1) & mask;
    for (int w = 0; w < BOLT_POSITION_ENTRY_WORDS; w++) BOLT_PM(c, i, w) = 0;
    for (bu64 step = 0; step < c->p && !bolt_pm_empty(c, j); step++, j = (j + 1) & mask) {
        bu64 home = BOLT_PM(c, j, 0) & mask;
        if (((j - home) & mask) >= ((j - i) & mask)) {
            for (int w = 0; w < BOLT_POSITION_ENTRY_WORDS; w++) {
                BOLT_PM(c, i, w) = BOLT_PM(c, j, w);
                BOLT_PM(c, j, w) = 0;
            }
            i = j;
        }
    }
    c->st[BOLT_ST_ITEMS]--;
}

/* ---- bins, stash, placement (SPEC §6.7) ---- */

BOLT_FN int bolt_is_host_bin(const bolt_ctx* c, bu32 bin) { return bin != BOLT_STASH_HOME && bin >= c->k; }

/* The less loaded of two bins, loads counted as if the item had left old_home; STASH if both are full. */
BOLT_FN bu32 bolt_choose_bin(const bolt_ctx* c, bu32 b1, bu32 b2, bu32 old_home)
{
    bi64 l1 = (bi64)c->loads[b1] - (b1 == old_home ? 1 : 0);
    bi64 l2 = (bi64)c->loads[b2] - (b2 == old_home ? 1 : 0);
#ifdef BOLT_FAULT_TIEBREAK
    int first = l1 < l2; /* test-only fault: ties go to b2 */
#else
    int first = l1 <= l2;
#endif
    bu32 target = first ? b1 : b2;
    bi64 load = first ? l1 : l2;
    return load >= (bi64)c->lmax ? BOLT_STASH_HOME : target;
}

/* Takes an item out of its old home's bookkeeping (load, pending list, stash count). */
BOLT_FN void bolt_unhome(const bolt_ctx* c, bu32 home, const bolt_loc* loc)
{
    if (home == BOLT_STASH_HOME) {
        c->st[BOLT_ST_STASH_COUNT]--;
        return;
    }
    c->loads[home]--;
    if (loc->pending_index >= 0) bolt_pending_remove(c, home - c->k, loc->pending_index);
}

/* Homes an item that sits in a record: HBM bin, pending list of a host page, or stash. */
BOLT_FN void bolt_place(const bolt_ctx* c, bu32 target, bu32 r)
{
    if (target == BOLT_STASH_HOME) {
        c->st[BOLT_ST_STASH_COUNT]++;
        return;
    }
    c->loads[target]++;
    if (bolt_is_host_bin(c, target)) {
        BOLT_GLOBAL bu32* l = bolt_pending(c, target - c->k);
        l[1 + l[0]] = r;
        l[0]++;
    }
}

/* ---- page sealing (SPEC §5) ---- */

BOLT_FN BOLT_GLOBAL bu8* bolt_host_page(const bolt_ctx* c, bu64 page) { return c->host + page * c->page; }

/* The page nonce: u32 page | u64 version (SPEC §5). */
BOLT_FN void bolt_page_nonce(bu32 page, bu64 version, bu8* nonce)
{
    for (int i = 0; i < 4; i++) nonce[i] = (bu8)(page >> (8 * i));
    bolt_put64(nonce + 4, version);
}

/* Bumps the page's version and seals plain into host memory (plain may be the page body itself). */
BOLT_FN void bolt_seal(bolt_ctx* c, bu32 page, BOLT_GLOBAL const bu8* plain)
{
    BOLT_GLOBAL bu8* hp = bolt_host_page(c, page);
    bu64 body = c->lmax * c->slot;
    bu64 version = ++c->ver[page];
    bu8 nonce[12];
#ifdef BOLT_FAULT_CT_BRANCH
    /* test-only fault: a secret-dependent early exit, the leak the constant-time checks (hardware/ct) must catch */
    bu64 first = 0;
    while (first < body && plain[first] == 0) first++;
    c->st[BOLT_STATE_WORDS - 1] = first;
#endif
    bolt_wr64(hp + BOLT_PAGE_VERSION_OFFSET, version);
    bolt_wr32(hp + BOLT_PAGE_INDEX_OFFSET, page);
    bolt_wr32(hp + BOLT_PAGE_MAGIC_OFFSET, BOLT_PAGE_MAGIC);
    bolt_page_nonce(page, version, nonce);
    bolt_gcm_seal(&c->gcm, nonce, hp, BOLT_PAGE_HEADER_BYTES, plain, hp + BOLT_PAGE_HEADER_BYTES, body, hp + BOLT_PAGE_HEADER_BYTES + body);
}

/* Authenticates page against the expected (page, version) nonce and decrypts it into plain. The verdict
 * never depends on unauthenticated header fields alone: the tag is checked under the expected nonce. */
BOLT_FN int bolt_open(bolt_ctx* c, bu32 page, BOLT_GLOBAL bu8* plain)
{
    BOLT_GLOBAL const bu8* hp = bolt_host_page(c, page);
    bu64 body = c->lmax * c->slot;
    bu64 expected = c->ver[page];
    bu8 nonce[12];
    bolt_page_nonce(page, expected, nonce);
    int tag_ok = bolt_gcm_open(&c->gcm, nonce, hp, BOLT_PAGE_HEADER_BYTES, hp + BOLT_PAGE_HEADER_BYTES, plain, body, hp + BOLT_PAGE_HEADER_BYTES + body);
    int header_ok = bolt_rd64(hp + BOLT_PAGE_VERSION_OFFSET) == expected && bolt_rd32(hp + BOLT_PAGE_INDEX_OFFSET) == page
        && bolt_rd32(hp + BOLT_PAGE_MAGIC_OFFSET) == BOLT_PAGE_MAGIC;
    return tag_ok && header_ok;
}

/* SPEC §6.8: each pending record of the page, in order, goes to the lowest empty slot and is freed. */
BOLT_FN void bolt_merge(const bolt_ctx* c, bu64 page, BOLT_GLOBAL bu8* plain)
{
    BOLT_GLOBAL bu32* l = bolt_pending(c, page);
    bu64 next = 0;
    for (bu32 k = 0; k < l[0]; k++) {
        while (next < c->lmax && bolt_slot_occupied(bolt_page_slot(c, plain, next))) next++;
        bolt_copy(bolt_page_slot(c, plain, next), bolt_record(c, l[1 + k]), c->slot);
        bolt_free(c, l[1 + k]);
    }
    l[0] = 0;
}

#endif
