/* The constant-time schedule of hardware/SPEC.md §9 (sim/Bolt.Sim/Timing/AccessSchedule.cs): integer cycles
 * computed from the host's public timing words and the public page addresses only, stamped on every trace row.
 * Kept apart from the engine (bolt_core.h) because it is the model's port, not the data path. */
#ifndef BOLT_SCHEDULE_H
#define BOLT_SCHEDULE_H

BOLT_FN void bolt_trace(bolt_ctx* c, bi64 op, bu64 cycle, bu32 kind, bu64 address, bu64 bytes)
{
    BOLT_GLOBAL bu64* row = c->trace + c->st[BOLT_ST_TRACE_ROWS]++ * BOLT_TRACE_ROW_WORDS;
    row[0] = (bu64)op;
    row[1] = cycle;
    row[2] = address;
    row[3] = (bu64)kind | (bytes << 32);
}

/* PCIe read: the round trip, then the transfer on the host-to-device direction. */
BOLT_FN bu64 bolt_link_read(const bolt_ctx* c, bu64 issue, bu64 cycles)
{
    bu64 start = bolt_max(issue + c->cfg[BOLT_ST_T_ROUND_TRIP], c->st[BOLT_ST_LINK_IN_FREE]);
    c->st[BOLT_ST_LINK_IN_FREE] = start + cycles;
    return start + cycles;
}

BOLT_FN bu64 bolt_link_write_issue(const bolt_ctx* c, bu64 ready) { return bolt_max(ready, c->st[BOLT_ST_LINK_OUT_FREE]); }

BOLT_FN bu64 bolt_link_write(const bolt_ctx* c, bu64 issue, bu64 cycles)
{
    bu64 start = bolt_max(issue, c->st[BOLT_ST_LINK_OUT_FREE]);
    c->st[BOLT_ST_LINK_OUT_FREE] = start + cycles;
    return start + cycles;
}

BOLT_FN bu64 bolt_hbm(const bolt_ctx* c, int channel, bu64 issue, bu64 cycles, int read)
{
    bu64 start = bolt_max(issue, c->st[channel]);
    c->st[channel] = start + cycles;
    return start + cycles + (read ? c->cfg[BOLT_ST_T_HBM_LATENCY] : 0);
}

/* One AES-GCM pass of `cycles` blocks: II = 1, back to back, result out a pipeline fill later (CryptoEngine.Run). */
BOLT_FN bu64 bolt_crypto_pass(const bolt_ctx* c, bu64 ready, bu64 cycles)
{
    bu64 start = bolt_max(ready, c->st[BOLT_ST_CRYPTO_FREE]);
    c->st[BOLT_ST_CRYPTO_FREE] = start + cycles;
    return c->st[BOLT_ST_CRYPTO_FREE] + c->cfg[BOLT_ST_T_AES_FILL];
}

/* A pass over a page. */
BOLT_FN bu64 bolt_crypto(const bolt_ctx* c, bu64 ready) { return bolt_crypto_pass(c, ready, c->cfg[BOLT_ST_T_PAGE_AES]); }

/* A pass over `bytes` of frame records: ceil(bytes / bytes per cycle) (the platform's rate is an integer). */
BOLT_FN bu64 bolt_crypto_bytes(const bolt_ctx* c, bu64 ready, bu64 bytes)
{
    bu64 per = c->cfg[BOLT_ST_T_AES_BYTES_PER_CYCLE];
    return bolt_crypto_pass(c, ready, (bytes + per - 1) / per);
}

/* Bytes of a sealed frame of n records of r bytes (SPEC §10.3). */
BOLT_FN bu64 bolt_frame_bytes(bu64 n, bu64 r) { return BOLT_FRAME_HEADER_BYTES + n * r + BOLT_FRAME_TAG_BYTES; }

/* R(page) now and the page's data in after the round trip and the transfer (AccessSchedule.Read). */
BOLT_FN bu64 bolt_schedule_read(bolt_ctx* c, bi64 op, bu64 issue, bu32 page)
{
    bolt_trace(c, op, issue, BOLT_TRACE_R, (bu64)page * c->page, c->page);
    return bolt_link_read(c, issue, c->cfg[BOLT_ST_T_PAGE_LINK]);
}

/* W(page) once its seal is out and the device-to-host direction is free; returns when its last byte left. */
BOLT_FN bu64 bolt_schedule_write(bolt_ctx* c, bi64 op, bu64 ready, bu32 page)
{
    bu64 issue = bolt_link_write_issue(c, ready);
    bolt_trace(c, op, issue, BOLT_TRACE_W, (bu64)page * c->page, c->page);
    return bolt_link_write(c, issue, c->cfg[BOLT_ST_T_PAGE_LINK]);
}

/* The whole probe window, then R(page1) and R(page2) together; opens, modify, seals, W(page1), W(page2). */
BOLT_FN bu64 bolt_schedule_access(bolt_ctx* c, bi64 op, bu64 start, bu32 page1, bu32 page2, int aborted)
{
    bu64 read_issue = bolt_hbm(c, BOLT_ST_PM_FREE, start, c->cfg[BOLT_ST_T_WINDOW_HBM], 1);
    bu64 first_in = bolt_schedule_read(c, op, read_issue, page1);
    bu64 second_in = bolt_schedule_read(c, op, read_issue, page2);
    bu64 hbm_ready = bolt_hbm(c, BOLT_ST_REC_FREE, read_issue, c->cfg[BOLT_ST_T_RECORD_HBM], 1);
    bu64 first_open = bolt_crypto(c, first_in);
    bu64 second_open = bolt_crypto(c, second_in);
    bu64 opened = bolt_max(bolt_max(first_open, second_open), hbm_ready);
    if (aborted) {
        c->st[BOLT_ST_DEVICE_FREE] = opened;
        return opened;
    }
    bu64 modified = opened + c->cfg[BOLT_ST_T_MODIFY];
    bu64 first_sealed = bolt_crypto(c, modified);
    bu64 second_sealed = bolt_crypto(c, modified);
    bolt_hbm(c, BOLT_ST_REC_FREE, modified, c->cfg[BOLT_ST_T_RECORD_HBM], 0);
    bu64 end = bolt_schedule_write(c, op, first_sealed, page1);
    end = bolt_max(end, bolt_schedule_write(c, op, second_sealed, page2));
    c->st[BOLT_ST_DEVICE_FREE] = end;
    return end;
}

#endif
