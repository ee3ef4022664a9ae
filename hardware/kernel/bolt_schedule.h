/* The constant-time schedules of hardware/SPEC.md §9 — sequential (§9.1, sim/Bolt.Sim/Timing/AccessSchedule.cs)
 * and pipelined (§9.2, PipelinedSchedule.cs): integer cycles computed from the host's public timing words, the
 * frame sizes and the public page addresses only, stamped on every trace row. Kept apart from the engine
 * (bolt_core.h) because it is the model's port, not the data path. */
#ifndef BOLT_SCHEDULE_H
#define BOLT_SCHEDULE_H

BOLT_FN void bolt_trace(bolt_ctx* c, bi64 op, bu64 cycle, bu32 kind, bu64 address, bu64 bytes)
{
#if BOLT_CTX_ON_CHIP
    /* The HLS top holds the row on chip until it writes it to its trace port (bolt_core.h, bolt_ctx). */
    bu64* row = c->trace + (c->st[BOLT_ST_TRACE_ROWS]++ % BOLT_TRACE_HELD_ROWS) * BOLT_TRACE_ROW_WORDS;
#else
    BOLT_GLOBAL bu64* row = c->trace + c->st[BOLT_ST_TRACE_ROWS]++ * BOLT_TRACE_ROW_WORDS;
#endif
    BOLT_PORT(trace, 1);
    row[0] = (bu64)op;
    row[1] = cycle;
    row[2] = address;
    row[3] = (bu64)kind | (bytes << 32);
}

/* PCIe read: the round trip, then the transfer on the host-to-device direction. */
BOLT_FN bu64 bolt_link_read(bolt_ctx* c, bu64 issue, bu64 cycles)
{
    bu64 start = bolt_max(issue + c->cfg[BOLT_ST_T_ROUND_TRIP], c->st[BOLT_ST_LINK_IN_FREE]);
    c->st[BOLT_ST_LINK_IN_FREE] = start + cycles;
    return start + cycles;
}

/* A frame the host pushes (posted write, pipelined schedule): half a round trip, then the transfer inbound. */
BOLT_FN bu64 bolt_link_push(bolt_ctx* c, bu64 submit, bu64 cycles)
{
    bu64 start = bolt_max(submit + c->cfg[BOLT_ST_T_ROUND_TRIP] / 2, c->st[BOLT_ST_LINK_IN_FREE]);
    c->st[BOLT_ST_LINK_IN_FREE] = start + cycles;
    return start + cycles;
}

BOLT_FN bu64 bolt_link_write_issue(const bolt_ctx* c, bu64 ready) { return bolt_max(ready, c->st[BOLT_ST_LINK_OUT_FREE]); }

BOLT_FN bu64 bolt_link_write(bolt_ctx* c, bu64 issue, bu64 cycles)
{
    bu64 start = bolt_max(issue, c->st[BOLT_ST_LINK_OUT_FREE]);
    c->st[BOLT_ST_LINK_OUT_FREE] = start + cycles;
    return start + cycles;
}

BOLT_FN bu64 bolt_hbm(bolt_ctx* c, int channel, bu64 issue, bu64 cycles, int read)
{
    bu64 start = bolt_max(issue, c->st[channel]);
    c->st[channel] = start + cycles;
    return start + cycles + (read ? c->cfg[BOLT_ST_T_HBM_LATENCY] : 0);
}

/* One AES-GCM pass of `cycles` blocks on the engine whose next-free cycle is state word `engine`: II = 1, back to
 * back, result out a pipeline fill later (CryptoEngine.Run). */
BOLT_FN bu64 bolt_crypto_pass(bolt_ctx* c, int engine, bu64 ready, bu64 cycles)
{
    bu64 start = bolt_max(ready, c->st[engine]);
    c->st[engine] = start + cycles;
    return c->st[engine] + c->cfg[BOLT_ST_T_AES_FILL];
}

/* A pass over a page. */
BOLT_FN bu64 bolt_crypto_on(bolt_ctx* c, int engine, bu64 ready) { return bolt_crypto_pass(c, engine, ready, c->cfg[BOLT_ST_T_PAGE_AES]); }

BOLT_FN bu64 bolt_crypto(bolt_ctx* c, bu64 ready) { return bolt_crypto_on(c, BOLT_ST_CRYPTO_FREE, ready); }

/* An aggregated GHASH pass of `cycles` cycles on the unit whose next-free cycle is state word `unit`; the tag is out
 * a GHASH tail after its last input (GhashUnit.Run). */
BOLT_FN bu64 bolt_ghash(bolt_ctx* c, int unit, bu64 ready, bu64 cycles)
{
    bu64 start = bolt_max(ready, c->st[unit]);
    c->st[unit] = start + cycles;
    return c->st[unit] + c->cfg[BOLT_ST_T_GHASH_TAIL];
}

/* A pass over `bytes` of frame records: ceil(bytes / bytes per cycle) (the platform's rate is an integer). */
BOLT_FN bu64 bolt_crypto_bytes_on(bolt_ctx* c, int engine, bu64 ready, bu64 bytes)
{
    bu64 per = c->cfg[BOLT_ST_T_AES_BYTES_PER_CYCLE];
    return bolt_crypto_pass(c, engine, ready, (bytes + per - 1) / per);
}

BOLT_FN bu64 bolt_crypto_bytes(bolt_ctx* c, bu64 ready, bu64 bytes) { return bolt_crypto_bytes_on(c, BOLT_ST_CRYPTO_FREE, ready, bytes); }

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

/* Both reads at `read_issue` (the lookup is done), the record traffic on channel word `records` meanwhile, both
 * opens as the pages arrive; returns when all is in and open (AccessSchedule.ReadAndOpen). */
BOLT_FN bu64 bolt_read_and_open(bolt_ctx* c, bi64 op, bu64 read_issue, bu32 page1, bu32 page2, int records)
{
    bu64 first_in = bolt_schedule_read(c, op, read_issue, page1);
    bu64 second_in = bolt_schedule_read(c, op, read_issue, page2);
    bu64 records_in = bolt_hbm(c, records, read_issue, c->cfg[BOLT_ST_T_RECORD_HBM], 1);
    bu64 first_open = bolt_crypto(c, first_in);
    bu64 second_open = bolt_crypto(c, second_in);
    return bolt_max(bolt_max(first_open, second_open), records_in);
}

BOLT_FN int bolt_pipelined(const bolt_ctx* c) { return c->cfg[BOLT_ST_T_PIPELINE_DEPTH] > 0; }

/* ---- §9.1, sequential: one access at a time ---- */

/* The whole probe window, then R(page1) and R(page2) together; opens, modify, seals, W(page1), W(page2). */
BOLT_FN bu64 bolt_sequential_access(bolt_ctx* c, bi64 op, bu64 start, bu32 page1, bu32 page2, int aborted)
{
    bu64 read_issue = bolt_hbm(c, BOLT_ST_PM_FREE, start, c->cfg[BOLT_ST_T_WINDOW_HBM], 1);
    bu64 opened = bolt_read_and_open(c, op, read_issue, page1, page2, BOLT_ST_REC_FREE);
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

/* ---- §9.2, pipelined: up to `depth` accesses in flight; lookup and modify in command order ---- */

BOLT_FN void bolt_occupy(bolt_ctx* c, bu64 until) { c->st[BOLT_ST_DEVICE_FREE] = bolt_max(c->st[BOLT_ST_DEVICE_FREE], until); }

/* Issues the pending write-backs whose seals are out by `before`, in order (PipelinedSchedule.FlushPendingWrites). */
BOLT_FN void bolt_flush_writes(bolt_ctx* c, bu64 before)
{
    bu64 pending = c->st[BOLT_ST_PIPE_PENDING], done = 0;
    while (done < pending && c->st[BOLT_ST_PIPE_WRITES + done * 4 + 1] <= before) {
        BOLT_GLOBAL bu64* w = c->st + BOLT_ST_PIPE_WRITES + done * 4;
        bu64 end = bolt_schedule_write(c, (bi64)w[0], w[1], (bu32)w[2]);
        c->st[BOLT_ST_PIPE_ENDS + w[3]] = bolt_max(c->st[BOLT_ST_PIPE_ENDS + w[3]], end);
        bolt_occupy(c, end);
        done++;
    }
    for (bu64 i = done; i < pending; i++)
        for (int k = 0; k < 4; k++) c->st[BOLT_ST_PIPE_WRITES + (i - done) * 4 + k] = c->st[BOLT_ST_PIPE_WRITES + i * 4 + k];
    c->st[BOLT_ST_PIPE_PENDING] = pending - done;
}

BOLT_FN void bolt_pend_write(bolt_ctx* c, int index, bi64 op, bu64 ready, bu32 page, bu64 slot)
{
    BOLT_GLOBAL bu64* w = c->st + BOLT_ST_PIPE_WRITES + index * 4;
    w[0] = (bu64)op;
    w[1] = ready;
    w[2] = page;
    w[3] = slot;
}

/* PipelinedSchedule.Open: a page is authentic a GHASH tail after its last byte and its read keystream, and no sooner
 * than the open GHASH unit absorbs it from its first byte. */
BOLT_FN bu64 bolt_page_open(bolt_ctx* c, bu64 data_in, bu64 keystream)
{
    bu64 absorbed = bolt_ghash(c, BOLT_ST_PIPE_OPEN_GHASH_FREE, data_in - c->cfg[BOLT_ST_T_PAGE_LINK], c->cfg[BOLT_ST_T_PAGE_GHASH]);
    return bolt_max(bolt_max(data_in, keystream) + c->cfg[BOLT_ST_T_GHASH_TAIL], absorbed);
}

/* PipelinedSchedule.Access: the striped probe window; both reads and the record traffic, whose first beat (the page
 * versions) starts both pages' read and write keystreams on the open and seal engines; each page checked a GHASH tail
 * after its last byte; the response selected once both pages are in and the previous modify is done, sealed and
 * released once the pages are authentic; modify in order; the page seals are GHASH passes. Returns the release. */
BOLT_FN bu64 bolt_pipelined_access(bolt_ctx* c, bi64 op, bu64 ready, bu32 page1, bu32 page2, int aborted)
{
    bolt_flush_writes(c, ~(bu64)0);
    bu64 slot = c->st[BOLT_ST_PIPE_ACCESSES] % c->cfg[BOLT_ST_T_PIPELINE_DEPTH];
    bu64 start = bolt_max(bolt_max(ready, c->st[BOLT_ST_PIPE_LOOKUP_FREE]), c->st[BOLT_ST_PIPE_ENDS + slot]);
    bu64 looked_up = bolt_hbm(c, BOLT_ST_PM_FREE, start, c->cfg[BOLT_ST_T_WINDOW_STRIPED], 1);
    c->st[BOLT_ST_PIPE_LOOKUP_FREE] = looked_up;
    bu64 first_in = bolt_schedule_read(c, op, looked_up, page1);
    bu64 second_in = bolt_schedule_read(c, op, looked_up, page2);
    bu64 versions_in = bolt_max(looked_up, c->st[BOLT_ST_PIPE_REC_READ_FREE]) + 1 + c->cfg[BOLT_ST_T_HBM_LATENCY];
    bu64 records_in = bolt_hbm(c, BOLT_ST_PIPE_REC_READ_FREE, looked_up, c->cfg[BOLT_ST_T_RECORD_HBM], 1);
    bu64 first_open = bolt_page_open(c, first_in, bolt_crypto(c, versions_in));
    bu64 second_open = bolt_page_open(c, second_in, bolt_crypto(c, versions_in));
    bu64 first_seal_keystream = bolt_crypto_on(c, BOLT_ST_PIPE_SEAL_FREE, versions_in);
    bu64 second_seal_keystream = bolt_crypto_on(c, BOLT_ST_PIPE_SEAL_FREE, versions_in);
    bu64 opened = bolt_max(bolt_max(first_open, second_open), records_in);
    bu64 gb = c->cfg[BOLT_ST_T_GHASH_BYTES_PER_CYCLE];
    bu64 response_ghash = (c->rsp_bytes + gb - 1) / gb;
    c->st[BOLT_ST_PIPE_ACCESSES]++;
    if (aborted) {
        c->st[BOLT_ST_PIPE_ENDS + slot] = opened;
        bolt_occupy(c, opened);
        return bolt_ghash(c, BOLT_ST_PIPE_FRAME_GHASH_FREE, bolt_max(opened, c->st[BOLT_ST_PIPE_RESPONSE_KEYSTREAM]), response_ghash);
    }
    /* The response reads the item where the previous modify left it (a hot key): its select waits for that too. */
    bu64 selected = bolt_max(bolt_max(first_in, second_in), c->st[BOLT_ST_PIPE_MODIFY_FREE]) + c->cfg[BOLT_ST_T_RESPONSE_SELECT];
    bu64 released = bolt_max(opened, bolt_ghash(c, BOLT_ST_PIPE_FRAME_GHASH_FREE, bolt_max(selected, c->st[BOLT_ST_PIPE_RESPONSE_KEYSTREAM]), response_ghash));
    bu64 modified = bolt_max(opened, c->st[BOLT_ST_PIPE_MODIFY_FREE]) + c->cfg[BOLT_ST_T_MODIFY];
    c->st[BOLT_ST_PIPE_MODIFY_FREE] = modified;
    bu64 first_sealed = bolt_ghash(c, BOLT_ST_PIPE_SEAL_GHASH_FREE, bolt_max(modified, first_seal_keystream), c->cfg[BOLT_ST_T_PAGE_GHASH]);
    bu64 second_sealed = bolt_ghash(c, BOLT_ST_PIPE_SEAL_GHASH_FREE, bolt_max(modified, second_seal_keystream), c->cfg[BOLT_ST_T_PAGE_GHASH]);
    bolt_hbm(c, BOLT_ST_PIPE_REC_WRITE_FREE, modified, c->cfg[BOLT_ST_T_RECORD_HBM], 0);
    bolt_pend_write(c, 0, op, first_sealed, page1, slot);
    bolt_pend_write(c, 1, op, second_sealed, page2, slot);
    c->st[BOLT_ST_PIPE_PENDING] = 2;
    return released;
}

/* ---- a batch, either schedule ---- */

/* The command frame (CMD) and the GCM pass that opens it; returns when the first access may start. Sequentially
 * the device reads the frame once it and the host are ready; pipelined, the host pushes it at its submit cycle. */
BOLT_FN bu64 bolt_schedule_begin_batch(bolt_ctx* c, bi64 first, bu64 count, bu64 link_in)
{
    bu64 bytes = bolt_frame_bytes(count, c->cmd_bytes);
    if (bolt_pipelined(c)) {
        /* PipelinedSchedule.BeginBatch: the first record's keystream was computed ahead; further records' from the
         * frame's first byte; the tag a GHASH tail after the last byte; then this batch's response keystream and the
         * next frame's first-record keystream. */
        bu64 submit = c->st[BOLT_ST_HOST_READY];
        bolt_trace(c, first, submit, BOLT_TRACE_CMD, 0, bytes);
        bu64 arrived = bolt_link_push(c, submit, link_in);
        bu64 keystream = c->st[BOLT_ST_PIPE_FRAME_KEYSTREAM];
        if (count > 1) keystream = bolt_max(keystream, bolt_crypto_bytes_on(c, BOLT_ST_PIPE_FRAME_FREE, arrived - link_in, (count - 1) * c->cmd_bytes));
        bu64 gb = c->cfg[BOLT_ST_T_GHASH_BYTES_PER_CYCLE];
        bu64 absorbed = bolt_ghash(c, BOLT_ST_PIPE_FRAME_GHASH_FREE, arrived - link_in, (count * c->cmd_bytes + gb - 1) / gb);
        bu64 opened = bolt_max(bolt_max(arrived, keystream) + c->cfg[BOLT_ST_T_GHASH_TAIL], absorbed);
        c->st[BOLT_ST_PIPE_RESPONSE_KEYSTREAM] = bolt_crypto_bytes_on(c, BOLT_ST_PIPE_FRAME_FREE, opened, count * c->rsp_bytes);
        c->st[BOLT_ST_PIPE_FRAME_KEYSTREAM] = bolt_crypto_bytes_on(c, BOLT_ST_PIPE_FRAME_FREE, opened, c->cmd_bytes);
        return opened;
    }
    bu64 start = bolt_max(c->st[BOLT_ST_HOST_READY], c->st[BOLT_ST_DEVICE_FREE]);
    bolt_trace(c, first, start, BOLT_TRACE_CMD, 0, bytes);
    return bolt_crypto_bytes(c, bolt_link_read(c, start, link_in), count * c->cmd_bytes);
}

/* One access of a batch opened at `ready`; returns when its response record is ready (AccessSchedule.Access). */
BOLT_FN bu64 bolt_schedule_access(bolt_ctx* c, bi64 op, bu64 ready, bu32 page1, bu32 page2, int aborted)
{
    if (bolt_pipelined(c)) return bolt_pipelined_access(c, op, ready, page1, page2, aborted);
    return bolt_sequential_access(c, op, bolt_max(ready, c->st[BOLT_ST_DEVICE_FREE]), page1, page2, aborted);
}

/* The responses sealed after the last response record is ready at `t`, the response frame (RSP) out; pipelined,
 * it goes ahead of page write-backs whose seals come out later. Sets when the host has it and is ready again. */
BOLT_FN void bolt_schedule_end_batch(bolt_ctx* c, bi64 last, bu64 count, bu64 t, bu64 link_out)
{
    int pipelined = bolt_pipelined(c);
    bu64 sealed = pipelined ? bolt_max(t, c->st[BOLT_ST_PIPE_RESPONSE_KEYSTREAM] + c->cfg[BOLT_ST_T_GHASH_TAIL]) : bolt_crypto_bytes(c, t, count * c->rsp_bytes);
    if (pipelined) bolt_flush_writes(c, sealed);
    bu64 issue = bolt_link_write_issue(c, sealed);
    bolt_trace(c, last, issue, BOLT_TRACE_RSP, 0, bolt_frame_bytes(count, c->rsp_bytes));
    bu64 sent = bolt_link_write(c, issue, link_out);
    if (pipelined) bolt_flush_writes(c, ~(bu64)0);
    bolt_occupy(c, sent);
    c->st[BOLT_ST_HOST_READY] = sent + c->cfg[BOLT_ST_T_ROUND_TRIP] / 2 + c->cfg[BOLT_ST_T_TURNAROUND];
}

#endif
