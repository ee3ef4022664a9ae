/* One access and one bulk-load item (hardware/SPEC.md §6, §7), constant time (SPEC §9), as shared phases over
 * explicit arrays: the OpenCL/C-sim kernel (bolt_kernel.c) runs them in order on its __global buffers, the HLS top
 * (hardware/hls/bolt_hls_top.cpp) runs them as a dataflow chain reader -> AES-GCM open -> modify -> AES-GCM seal ->
 * writer over on-chip page buffers. No phase takes a struct of pointers (UG1399, "Pointer Limitations"). */
#ifndef BOLT_ACCESS_H
#define BOLT_ACCESS_H

/* The response record: status, length, flags, then len value bytes from the item buffer, zero padded. Every byte is
 * written once; which are value bytes is a mask on the (secret) length. */
BOLT_FN void bolt_respond(const bolt_dims* d, BOLT_GLOBAL bu8* rsp, bu64 status, bu64 was_present, const bu8* it, bu64 len)
{
    BOLT_PORT(rsps, 1);
    bolt_gstore64(rsp, (status & 0xFFFFFFFFu) | (len << 32));
    bolt_gstore64(rsp + 8, was_present & BOLT_RSP_FLAG_WAS_PRESENT);
    /* Response byte b >= 16 is value byte b - 16, slot byte b + 4 (the high half of slot word b, the low half of slot
     * word b + 8; none past the slot), while it is below the (secret) length. */
    for (bu64 b = BOLT_RSP_VALUE_OFFSET; b < d->rsp_bytes; b += 8) {
        BOLT_LOOP();
        bu64 value = ((b < d->slot ? bolt_le64(it + b) : 0) >> 32) | ((b + 8 < d->slot ? bolt_le64(it + b + 8) : 0) << 32);
        bolt_gstore64(rsp + b, value & bolt_bytes_below(BOLT_RSP_VALUE_OFFSET + len, b));
    }
}

/* What the lookup phase hands to the modify phase: the command's fields and flags, the fresh bins, the item's
 * entry, the two touched pages (public), and the position-map span on chip. */
typedef struct {
    bu64 win[BOLT_SPAN_MAX * BOLT_POSITION_ENTRY_WORDS];
    bu64 lo, hi, len, is_get, is_put, is_del, status, ok, base, at, hit, home, rec, b1, b2;
    bu32 page1, page2;
} bolt_lookup;

/* Phase 1 (reader): two PRNG blocks per access whatever happens next (the fresh bins, and the dummy pages with the
 * same 64-bit range, so a dummy page and a candidate page follow one law, SPEC §3); the command's validation as
 * flags (the first failing check wins); the span read as one fixed-length burst and the lookup over the whole
 * window; the item's two candidate pages, or fresh dummies for a miss or an HBM candidate. */
BOLT_FN void bolt_access_lookup(const bolt_dims* d, const bu8* prng_rk, bu64 seq, BOLT_GLOBAL const bu64* pm, BOLT_GLOBAL const bu8* cmd, bolt_lookup* lk)
{
    bu64 bins[2], dummies[2];
    bolt_prng_block64(prng_rk, BOLT_DOMAIN_ACCESS, seq, bins);
    bolt_prng_block64(prng_rk, BOLT_DOMAIN_DUMMY, seq, dummies);
#ifdef BOLT_FAULT_PRNG
    dummies[0] ^= BOLT_U64(0x8000000000000000); /* test-only fault: one bit of the first dummy draw */
#endif
#ifdef BOLT_FAULT_BIASED_DUMMIES
    bu32 dummy1 = bolt_range((bu32)dummies[0], d->h), dummy2 = bolt_range((bu32)dummies[1], d->h); /* test-only: the old draw */
#else
    bu32 dummy1 = bolt_range64(dummies[0], d->h), dummy2 = bolt_range64(dummies[1], d->h);
#endif
    lk->b1 = bolt_range64(bins[0], d->m);
    lk->b2 = bolt_range64(bins[1], d->m);
    bu32 op = bolt_rd32(cmd + BOLT_CMD_OP_OFFSET);
    lk->len = bolt_rd32(cmd + BOLT_CMD_LENGTH_OFFSET);
    lk->lo = bolt_rd64(cmd + BOLT_CMD_DIGEST_OFFSET);
    lk->hi = bolt_rd64(cmd + BOLT_CMD_DIGEST_OFFSET + 8);
    BOLT_PORT(cmds, 1);
    lk->is_get = bolt_eq(op, BOLT_OP_GET);
    lk->is_put = bolt_eq(op, BOLT_OP_PUT);
    lk->is_del = bolt_eq(op, BOLT_OP_DELETE);
    bu64 status = bolt_sel(lk->is_put & bolt_lt(d->v, lk->len), BOLT_STATUS_VALUE_TOO_LARGE, BOLT_STATUS_OK);
    status = bolt_sel(bolt_nz(lk->lo | lk->hi), status, BOLT_STATUS_INVALID_KEY);
    lk->status = bolt_sel(lk->is_get | lk->is_put | lk->is_del, status, BOLT_STATUS_INVALID_COMMAND);
    lk->ok = bolt_eq(lk->status, BOLT_STATUS_OK);
    lk->base = lk->lo & (d->p - 1);
    bolt_span_read(d, pm, lk->base, lk->win);
    lk->at = bolt_span_find(d, lk->win, lk->lo, lk->hi, &lk->hit);
    lk->hit &= lk->ok;
    bu64 cands = 0, placed = 0;
    bolt_span_get(d, lk->win, lk->at, &cands, &placed);
    bu64 cand1 = bolt_sel(lk->hit, cands & 0xFFFFFFFFu, BOLT_STASH_HOME), cand2 = bolt_sel(lk->hit, cands >> 32, BOLT_STASH_HOME);
    lk->home = bolt_sel(lk->hit, placed & 0xFFFFFFFFu, BOLT_STASH_HOME);
    lk->rec = placed >> 32;
    lk->page1 = (bu32)BOLT_PUBLIC_PAGE(bolt_sel(bolt_is_host_bin(d, cand1), cand1 - d->k, dummy1));
#ifdef BOLT_FAULT_CANDIDATE
    lk->page2 = (bu32)BOLT_PUBLIC_PAGE(dummy2); /* test-only fault: the second candidate is never touched */
    (void)cand2;
#else
    lk->page2 = (bu32)BOLT_PUBLIC_PAGE(bolt_sel(bolt_is_host_bin(d, cand2), cand2 - d->k, dummy2));
#endif
}

/* Phase 3 (modify), after both pages opened and authenticated, their bodies in the on-chip buf1 and buf2: locate the item (a host-home item
 * is in its home page's buffer, the first when both touches are one page, or in that page's pending list; an HBM
 * or stash item in the record its entry names), execute and re-place it (SPEC §6.7), answer, and let both pages
 * take their pending items (SPEC §6.8). Every step runs whatever the op, key, hit or miss; 0/1 flags decide what
 * changes. The same transactions on every access: see SPEC §9.4. */
BOLT_FN void bolt_access_modify(const bolt_dims* d, BOLT_GLOBAL bu64* st, BOLT_GLOBAL bu64* pm, BOLT_GLOBAL bu8* rec, BOLT_GLOBAL bu32* freel,
    BOLT_GLOBAL bu16* loads, BOLT_GLOBAL bu32* pend, bu8* buf1, bu8* buf2, BOLT_GLOBAL const bu8* cmd, BOLT_GLOBAL bu8* rsp,
    bolt_lookup* lk)
{
    bu8 it[BOLT_MAX_SLOT_BYTES];
    bu64 lo = lk->lo, hi = lk->hi, home = lk->home, page1 = lk->page1, page2 = lk->page2;
    for (bu64 b = 0; b < d->slot; b += 8) {
        BOLT_LOOP();
        bolt_put64(it + b, 0);
    }
    /* Locate and gather the item into the item buffer. */
    bu64 host_home = bolt_is_host_bin(d, home);
    bu64 on1 = host_home & bolt_eq(home - d->k, page1), on2 = host_home & (1 ^ on1);
    bu64 f1 = 0, f2 = 0, p1 = 0, p2 = 0, pr = 0;
    bu64 s1 = bolt_page_find(d, buf1, on1, lo, hi, &f1), s2 = bolt_page_find(d, buf2, on2, lo, hi, &f2);
    bu64 k1 = bolt_pending_find(d, pend, rec, page1, on1 & (1 ^ f1), lo, hi, &p1, &pr);
    bu64 k2 = bolt_pending_find(d, pend, rec, page2, on2 & (1 ^ f2), lo, hi, &p2, &pr);
    bu64 in_page = f1 | f2, pending = p1 | p2, pk = bolt_sel(p1, k1, k2);
    bu64 exists = lk->hit & ((1 ^ host_home) | in_page | pending), in_record = exists & (1 ^ in_page);
    bu64 r_item = bolt_sel(pending, pr, lk->rec);
    bolt_page_gather(d, buf1, f1, s1, it);
    bolt_page_gather(d, buf2, f2, s2, it);
    bolt_record_gather(d, rec, bolt_sel(in_record, r_item, 0), in_record, it);
    bu64 sent_len = bolt_item_meta(it) & ~(bu64)BOLT_SLOT_OCCUPIED_BIT;

    /* Execute and re-place. A put's new slot replaces the item buffer. */
    bu64 ok = lk->ok, is_get = lk->is_get, is_put = lk->is_put;
    bu64 replace = ok & exists & (is_get | is_put), insert = ok & is_put & (1 ^ exists), remove = ok & lk->is_del & exists;
    bu64 not_found = ok & (1 ^ exists) & (is_get | lk->is_del), send = replace & is_get;
    bolt_slot_compose(d, it, ok & is_put, lo, hi, cmd + BOLT_CMD_VALUE_OFFSET, (bu32)lk->len);
    bu64 stash_count = st[BOLT_ST_STASH_COUNT], from_stash = bolt_eq(home, BOLT_STASH_HOME);
    bu64 target = bolt_choose_bin(d, loads, lk->b1, lk->b2, bolt_sel(replace, home, BOLT_STASH_HOME));
    bu64 to_stash = bolt_eq(target, BOLT_STASH_HOME);
    /* A replace fails when the stash is full without it or no record is free to take the item out of its page; an
     * insert is refused at capacity or once the stash has overflowed, and fails like a replace. */
    bu64 rep_block = to_stash & (1 ^ bolt_lt(stash_count - (replace & from_stash), d->s));
    bu64 at_capacity = insert & (1 ^ bolt_lt(st[BOLT_ST_ITEMS], d->n));
    bu64 overflowed = insert & (1 ^ at_capacity) & bolt_nz(st[BOLT_ST_STASH_FULL]);
    bu64 ins_try = insert & (1 ^ at_capacity) & (1 ^ overflowed);
    bu64 r_new = 0;
    bu64 got = bolt_alloc(st, freel, (replace & (1 ^ rep_block) & in_page) | (ins_try & (1 ^ rep_block)), &r_new);
    bu64 rep_fail = replace & (rep_block | (in_page & (1 ^ got))), ins_fail = ins_try & (rep_block | (1 ^ got));
    st[BOLT_ST_STASH_FULL] = bolt_sel(rep_fail | ins_fail, 1, st[BOLT_ST_STASH_FULL]);
    bu64 rep_go = replace & (1 ^ rep_fail), ins_go = ins_try & (1 ^ ins_fail);
    bu64 r_dest = bolt_sel(insert | in_page, r_new, r_item);
    bu32 rec_field = (bu32)bolt_sel(bolt_is_host_bin(d, target), BOLT_NO_RECORD, r_dest);
    bolt_span_set(d, lk->win, rep_go, lk->at, (bu32)lk->b1, (bu32)lk->b2, (bu32)target, rec_field);
    bu64 inserted = bolt_span_insert(d, st, lk->win, ins_go, lo, hi, (bu32)lk->b1, (bu32)lk->b2, (bu32)target, rec_field);
    bu64 ins_refused = ins_go & (1 ^ inserted), ins_ok = ins_go & inserted;
    /* The page slot: emptied when the item leaves it or is deleted, rewritten when a failed replace keeps it there. */
    bolt_page_scatter(d, buf1, f1 & (replace | remove), s1, rep_fail, it);
    bolt_page_scatter(d, buf2, f2 & (replace | remove), s2, rep_fail, it);
    /* The one record write: the item's record after a replace or an insert, or a cleared one (a delete of a record
     * item, an insert the position map refused) that goes back on the free list. */
    bu64 freed = ins_refused | (remove & in_record);
    bu64 r_write = bolt_sel(remove, r_item, r_dest);
    bu64 write = (replace & (1 ^ (rep_fail & in_page))) | ins_go | (remove & in_record);
    bolt_record_put(d, rec, bolt_sel(write, r_write, 0), write, replace | ins_ok, it);
    bolt_free_push(st, freel, freed, r_write);
    bolt_unhome(d, st, loads, pend, rep_go | remove, home, pending, pk, page1, page2);
    bolt_place(d, st, loads, pend, rep_go | ins_ok, target, r_dest, page1);
    /* The position map: the window back, then the backward shift at the removed entry (at the window's base,
     * shifting nothing, on every other access). */
    bolt_span_write(d, pm, lk->base, lk->win);
    bu64 shift_base = bolt_sel(remove, (lk->base + lk->at) & (d->p - 1), lk->base);
    bolt_span_read(d, pm, shift_base, lk->win);
    bolt_span_remove(d, st, lk->win, shift_base, remove);
    bolt_span_write(d, pm, shift_base, lk->win);

    bu64 status = bolt_sel(at_capacity | ins_refused, BOLT_STATUS_CAPACITY_EXCEEDED, lk->status);
    status = bolt_sel(overflowed | ins_fail, BOLT_STATUS_STASH_OVERFLOW, status);
    status = bolt_sel(not_found, BOLT_STATUS_NOT_FOUND, status);
    bolt_respond(d, rsp, status, lk->hit, it, bolt_sel(send, sent_len, 0));

    /* Both touched pages take their pending items (the second buffer follows the first when they are one page). */
    bolt_merge(d, st, freel, pend, rec, page1, buf1);
    bolt_page_follow(d, buf2, buf1, bolt_eq(page1, page2));
    bolt_merge(d, st, freel, pend, rec, page2, buf2);
}

/* Places load item i (SPEC §7); returns a device status. Constant work per item like an access; on any refusal the
 * caller resets the device, so a refused item's partial effects do not matter. host is the page images the load
 * fills in place (SPEC §9.5: a disclosure). */
BOLT_FN bu64 bolt_load_one(const bolt_dims* d, const bu8* prng_rk, BOLT_GLOBAL bu64* st, BOLT_GLOBAL bu64* pm, BOLT_GLOBAL bu8* rec, BOLT_GLOBAL bu32* freel,
    BOLT_GLOBAL bu16* loads, BOLT_GLOBAL bu32* pend, BOLT_GLOBAL bu8* host, BOLT_GLOBAL const bu8* cmd, bu64 i, bu64* win, bu8* it)
{
    bu32 op = bolt_rd32(cmd + BOLT_CMD_OP_OFFSET), len = bolt_rd32(cmd + BOLT_CMD_LENGTH_OFFSET);
    bu64 lo = bolt_rd64(cmd + BOLT_CMD_DIGEST_OFFSET), hi = bolt_rd64(cmd + BOLT_CMD_DIGEST_OFFSET + 8);
    bu64 status = bolt_sel(bolt_eq(op, BOLT_OP_PUT), BOLT_STATUS_OK, BOLT_STATUS_INVALID_COMMAND);
    status = bolt_sel(bolt_lt(d->v, len), BOLT_STATUS_VALUE_TOO_LARGE, status);
    status = bolt_sel(bolt_nz(lo | hi), status, BOLT_STATUS_INVALID_KEY);
    bu64 base = lo & (d->p - 1), duplicate = 0, q[2], r = 0;
    bolt_span_read(d, pm, base, win);
    bolt_span_find(d, win, lo, hi, &duplicate);
    status = bolt_sel(bolt_eq(status, BOLT_STATUS_OK) & duplicate, BOLT_STATUS_INVALID_KEY, status);
    bu64 ok = bolt_eq(status, BOLT_STATUS_OK);
    bolt_prng_block64(prng_rk, BOLT_DOMAIN_LOAD, i, q);
    bu64 b1 = bolt_range64(q[0], d->m), b2 = bolt_range64(q[1], d->m);
    bu64 target = bolt_choose_bin(d, loads, b1, b2, BOLT_STASH_HOME), host_bin = bolt_is_host_bin(d, target);
    bolt_slot_compose(d, it, 1, lo, hi, cmd + BOLT_CMD_VALUE_OFFSET, len);
    /* A host bin: slots fill in order during a load, so the lowest empty slot is the bin's current load. */
    bu64 to_page = ok & host_bin;
    /* The staging pages are device memory (SPEC §7): which one an item goes to is an HBM address. */
    bu64 page = BOLT_HBM_INDEX(bolt_sel(to_page, target - d->k, 0));
    bu64 slot = BOLT_HBM_INDEX(bolt_sel(to_page, bolt_load_of(loads, target), 0));
    BOLT_GLOBAL bu8* dst = bolt_host_page(d, host, page) + BOLT_PAGE_HEADER_BYTES + slot * d->slot;
    for (bu64 b = 0; b < d->slot; b += 8) {
        BOLT_LOOP();
        bolt_gstore64(dst + b, bolt_sel(to_page, bolt_le64(it + b), bolt_gload64(dst + b)));
    }
    bolt_load_add(loads, target, to_page, 1);
    /* An HBM bin or the stash: a record. */
    bu64 to_record = ok & (1 ^ host_bin);
    bu64 blocked = bolt_eq(target, BOLT_STASH_HOME) & (1 ^ bolt_lt(st[BOLT_ST_STASH_COUNT], d->s));
    bu64 got = bolt_alloc(st, freel, to_record & (1 ^ blocked), &r);
    bu64 overflow = to_record & (blocked | (1 ^ got)), recorded = to_record & (1 ^ overflow);
    bolt_record_put(d, rec, bolt_sel(recorded, r, 0), recorded, 1, it);
    bu64 inserted = bolt_span_insert(d, st, win, to_page | recorded, lo, hi, (bu32)b1, (bu32)b2, (bu32)target, (bu32)bolt_sel(host_bin, BOLT_NO_RECORD, r));
    bolt_span_write(d, pm, base, win);
    bolt_place(d, st, loads, pend, recorded & inserted, target, r, 0);
    status = bolt_sel((to_page | recorded) & (1 ^ inserted), BOLT_STATUS_CAPACITY_EXCEEDED, status);
    return bolt_sel(overflow, BOLT_STATUS_STASH_OVERFLOW, status);
}

#endif
