/* The device end of the sealed channel (hardware/SPEC.md §10), mirroring Bolt.Core.Channel.ChannelEndpoint:
 * the handshake (session ids, device nonces from PRNG domain 2, CBC-MAC key derivation under K_prov), frame
 * opening with every check in the order of §10.4 on a device-private copy, response sealing, and the answer to a
 * retransmission of a session's last executed frame from its response cache. The session table and the response
 * cache live at the start of the device-private scratch buffer (`sessions` below), the frame copy in the private frame
 * buffer (`f`); both are passed in, never reached through bolt_ctx. The host only relays frames and never sees a key. */
#ifndef BOLT_CHANNEL_H
#define BOLT_CHANNEL_H

/* The session table: the last session id, then one slot per session (config[BOLT_ST_SESSION_SLOTS] of them). */
BOLT_FN bu64 bolt_session_table_bytes(const bolt_ctx* c) { return 8 + c->session_slots * BOLT_SESSION_SLOT_BYTES; }

BOLT_FN BOLT_GLOBAL bu8* bolt_session(const bolt_ctx* c, BOLT_GLOBAL bu8* sessions, bu64 id) { return sessions + 8 + (id % c->session_slots) * BOLT_SESSION_SLOT_BYTES; }

/* The response cache slot of session id: room for the largest response frame, after the session table. */
BOLT_FN BOLT_GLOBAL bu8* bolt_response_cache(const bolt_ctx* c, BOLT_GLOBAL bu8* sessions, bu64 id)
{
    return sessions + bolt_session_table_bytes(c) + (id % c->session_slots) * bolt_frame_bytes(BOLT_FRAME_MAX_RECORDS, c->rsp_bytes);
}

/* bolt_frame_open's answer to an authentic retransmission of the last executed frame (nothing advanced). */
#define BOLT_FRAME_RETRANSMISSION (-2)

/* A frame or hello was refused: nothing executed, nothing changed but the rejection counter. */
BOLT_FN void bolt_reject(bolt_ctx* c, bu32 fault)
{
    c->st[BOLT_ST_FRAMES_REJECTED]++;
    c->st[BOLT_ST_STATUS] = BOLT_CALL_CHANNEL_FAULT + fault;
}

/* The session table starts empty the first time the channel is used. */
BOLT_FN void bolt_channel_ready(bolt_ctx* c, BOLT_GLOBAL bu8* sessions)
{
    if (c->st[BOLT_ST_CHANNEL_READY]) return;
    bolt_zero(sessions, bolt_session_table_bytes(c));
    c->st[BOLT_ST_CHANNEL_READY] = 1;
}

/* CM(L(label) | Nc | Nd | s u64 | 0 u64) under K_prov: CBC-MAC over exactly four blocks (ChannelKdf.Derive). */
BOLT_FN void bolt_session_value(const bolt_ctx* c, bu64 label_lo, bu64 label_hi, const bu8* nc, const bu8* nd, bu64 id, bu8* out)
{
    bu8 last[16];
    bolt_put64(out, label_lo);
    bolt_put64(out + 8, label_hi);
    bolt_aes_encrypt(c->prov_rk, out);
    for (int i = 0; i < 16; i++) out[i] ^= nc[i];
    bolt_aes_encrypt(c->prov_rk, out);
    for (int i = 0; i < 16; i++) out[i] ^= nd[i];
    bolt_aes_encrypt(c->prov_rk, out);
    bolt_put64(last, id);
    bolt_put64(last + 8, 0);
    for (int i = 0; i < 16; i++) out[i] ^= last[i];
    bolt_aes_encrypt(c->prov_rk, out);
}

/* SPEC §10.2: reads the client hello (len bytes), opens session s = last + 1 in slot s mod config[BOLT_ST_SESSION_SLOTS], writes the device hello. */
BOLT_FN void bolt_hello(bolt_ctx* c, BOLT_GLOBAL bu8* sessions, BOLT_GLOBAL const bu8* in, bu64 len, BOLT_GLOBAL bu8* out)
{
    bu8 nc[16], nd[16], kc[16], kr[16], confirm[16];
    if (len != BOLT_HELLO_CLIENT_BYTES) {
        bolt_reject(c, BOLT_FAULT_HANDSHAKE);
        return;
    }
    for (int i = 0; i < 16; i++) nc[i] = in[i];
    bu64 id = BOLT_PUBLIC_SESSION(bolt_rd64(sessions) + 1);
    bolt_wr64(sessions, id);
    bolt_prng_bytes(c->prng_rk, BOLT_DOMAIN_SESSION, id, nd);
    bolt_session_value(c, BOLT_LABEL_CMD_LO, BOLT_LABEL_CMD_HI, nc, nd, id, kc);
    bolt_session_value(c, BOLT_LABEL_RSP_LO, BOLT_LABEL_RSP_HI, nc, nd, id, kr);
    bolt_session_value(c, BOLT_LABEL_CONFIRM_LO, BOLT_LABEL_CONFIRM_HI, nc, nd, id, confirm);
    BOLT_GLOBAL bu8* slot = bolt_session(c, sessions, id);
    bolt_wr64(slot, id);
    bolt_wr64(slot + 8, 0);
    for (int i = 0; i < 16; i++) {
        slot[16 + i] = kc[i];
        slot[32 + i] = kr[i];
        slot[BOLT_SESSION_TAG_OFFSET + i] = 0;
    }
    bolt_wr64(slot + BOLT_SESSION_CACHED_OFFSET, 0);
    c->st[BOLT_ST_COMMITS]++;
    bolt_wr64(out, id);
    bolt_wr64(out + 8, 0);
    for (int i = 0; i < 16; i++) {
        out[BOLT_HELLO_NONCE_OFFSET + i] = nd[i];
        out[BOLT_HELLO_CONFIRM_OFFSET + i] = confirm[i];
    }
    c->st[BOLT_ST_RESULT_BYTES] = BOLT_HELLO_DEVICE_BYTES;
}

/* The GCM nonce of a frame: sequence u64 | kind u32. */
BOLT_FN void bolt_frame_nonce(bu64 sequence, bu32 kind, bu8* nonce)
{
    bolt_put64(nonce, sequence);
    for (int i = 0; i < 4; i++) nonce[8 + i] = (bu8)(kind >> (8 * i));
}

/* The GCM key held in a session slot at offset 16 (commands) or 32 (responses). */
BOLT_FN void bolt_session_key(BOLT_GLOBAL const bu8* slot, int offset, bolt_gcm_key* k)
{
    bu8 key[16];
    for (int i = 0; i < 16; i++) key[i] = slot[offset + i];
    bolt_gcm_setkey(k, key);
}

/* Whether the tag of the frame copy f (n records) equals the slot's last executed tag. Both are public bytes
 * the host relayed, so the comparison need not be constant-time. */
BOLT_FN int bolt_tag_is_executed(BOLT_GLOBAL const bu8* slot, BOLT_GLOBAL const bu8* tag)
{
    int same = 1;
    for (int i = 0; i < 16; i++) same &= slot[BOLT_SESSION_TAG_OFFSET + i] == tag[i];
    return same;
}

/* SPEC §10.4 steps 1-6 up to execution: copies the frame (len bytes) into the private frame copy f, checks shape, session,
 * sequence and tag in that order, decrypts the records in place and advances the sequence. Returns the record
 * count, BOLT_FRAME_RETRANSMISSION for an authentic command frame with the last executed sequence number and tag
 * (nothing advanced), or -1 after bolt_reject (nothing changed). */
BOLT_FN bi64 bolt_frame_open(bolt_ctx* c, BOLT_GLOBAL bu8* sessions, BOLT_GLOBAL bu8* f, BOLT_GLOBAL const bu8* in, bu64 len, bu32 kind, bu64 max_records)
{
    bu64 r = c->cmd_bytes, overhead = BOLT_FRAME_HEADER_BYTES + BOLT_FRAME_TAG_BYTES;
    bolt_copy(f, in, len);
    if (len < overhead || (len - overhead) % r != 0) {
        bolt_reject(c, BOLT_FAULT_MALFORMED);
        return -1;
    }
    bu64 n = (len - overhead) / r;
    if (bolt_rd32(f + BOLT_FRAME_KIND_OFFSET) != kind || bolt_rd32(f + BOLT_FRAME_COUNT_OFFSET) != n
        || (kind != BOLT_FRAME_LOAD && n == 0) || n > max_records) {
        bolt_reject(c, BOLT_FAULT_MALFORMED);
        return -1;
    }
    bu64 id = bolt_rd64(f);
    BOLT_GLOBAL bu8* slot = bolt_session(c, sessions, id);
    if (id == 0 || BOLT_PUBLIC_SESSION(bolt_rd64(slot)) != id) {
        bolt_reject(c, BOLT_FAULT_UNKNOWN_SESSION);
        return -1;
    }
#ifdef BOLT_FAULT_CT_SESSION
    bu64 sequence = bolt_rd64(f + BOLT_FRAME_SEQUENCE_OFFSET), expected = bolt_rd64(slot + 8); /* test-only: no declassification */
#else
    bu64 sequence = bolt_rd64(f + BOLT_FRAME_SEQUENCE_OFFSET), expected = BOLT_PUBLIC_SESSION(bolt_rd64(slot + 8));
#endif
    BOLT_GLOBAL bu8* body = f + BOLT_FRAME_HEADER_BYTES;
    bolt_gcm_key k;
    bu8 nonce[12];
    bolt_session_key(slot, 16, &k);
    if (sequence != expected) {
        if (kind == BOLT_FRAME_COMMANDS && BOLT_PUBLIC_SESSION(bolt_rd64(slot + BOLT_SESSION_CACHED_OFFSET)) != 0 && sequence + 1 == expected
            && BOLT_PUBLIC_SESSION(bolt_tag_is_executed(slot, body + n * r))) {
            /* Same tag is not proof: the whole frame must authenticate (decrypted in place, never read). */
            bolt_frame_nonce(sequence, kind, nonce);
            if (!BOLT_PUBLIC_VERDICT(bolt_gcm_open(&k, nonce, f, BOLT_FRAME_HEADER_BYTES, body, body, n * r, body + n * r))) {
                bolt_reject(c, BOLT_FAULT_BAD_TAG);
                return -1;
            }
            return BOLT_FRAME_RETRANSMISSION;
        }
        bolt_reject(c, sequence < expected ? BOLT_FAULT_REPLAYED : BOLT_FAULT_OUT_OF_ORDER);
        return -1;
    }
    /* The nonce comes from the expected sequence number, never from the header alone. */
    bolt_frame_nonce(expected, kind, nonce);
#ifdef BOLT_FAULT_FRAME_TAG
    /* test-only fault: the tag is never checked (the frame is only decrypted) */
    bolt_gcm_open(&k, nonce, f, BOLT_FRAME_HEADER_BYTES, body, body, n * r, body + n * r);
#else
    if (!BOLT_PUBLIC_VERDICT(bolt_gcm_open(&k, nonce, f, BOLT_FRAME_HEADER_BYTES, body, body, n * r, body + n * r))) {
        bolt_reject(c, BOLT_FAULT_BAD_TAG);
        return -1;
    }
#endif
    /* From here the frame counts as executed: the previous answer can no longer be asked for again. */
    bolt_wr64(slot + 8, expected + 1);
    bolt_wr64(slot + BOLT_SESSION_CACHED_OFFSET, 0);
    c->st[BOLT_ST_COMMITS]++;
    return (bi64)n;
}

/* SPEC §10.4 step 6: the response frame of command frame (session of the frame copy f, expected - 1) is built in the
 * session's response cache, its n plaintext responses already in its body; seals it in place, remembers the
 * command frame's tag and the frame's size for a retransmission, and copies the frame out whole. */
BOLT_FN void bolt_frame_seal_responses(bolt_ctx* c, BOLT_GLOBAL bu8* sessions, BOLT_GLOBAL const bu8* f, BOLT_GLOBAL bu8* rf, bu64 n, BOLT_GLOBAL bu8* out)
{
    bu64 id = bolt_rd64(f), bytes = bolt_frame_bytes(n, c->rsp_bytes), body = n * c->rsp_bytes;
    BOLT_GLOBAL bu8* slot = bolt_session(c, sessions, id);
    BOLT_GLOBAL const bu8* tag = f + BOLT_FRAME_HEADER_BYTES + n * c->cmd_bytes;
    bu64 sequence = bolt_rd64(slot + 8) - 1;
    bolt_gcm_key k;
    bu8 nonce[12];
    /* SPEC §12: a response frame names the device's commit number, not the session (its key already does). */
    bolt_wr64(rf, c->st[BOLT_ST_COMMITS]);
    bolt_wr64(rf + BOLT_FRAME_SEQUENCE_OFFSET, sequence);
    bolt_wr32(rf + BOLT_FRAME_COUNT_OFFSET, (bu32)n);
    bolt_wr32(rf + BOLT_FRAME_KIND_OFFSET, BOLT_FRAME_RESPONSES);
    bolt_session_key(slot, 32, &k);
    bolt_frame_nonce(sequence, BOLT_FRAME_RESPONSES, nonce);
    bolt_gcm_seal(&k, nonce, rf, BOLT_FRAME_HEADER_BYTES, rf + BOLT_FRAME_HEADER_BYTES, rf + BOLT_FRAME_HEADER_BYTES, body, rf + BOLT_FRAME_HEADER_BYTES + body);
    for (int i = 0; i < 16; i++) slot[BOLT_SESSION_TAG_OFFSET + i] = tag[i];
    bolt_wr64(slot + BOLT_SESSION_CACHED_OFFSET, bytes);
    bolt_copy(out, rf, bytes);
    c->st[BOLT_ST_RESULT_BYTES] = bytes;
}

/* SPEC §10.4: a retransmission of session id's last executed frame gets its cached response frame again, byte
 * for byte; nothing runs, no trace row, the schedule does not move. */
BOLT_FN void bolt_frame_resend(bolt_ctx* c, BOLT_GLOBAL bu8* sessions, BOLT_GLOBAL const bu8* f, BOLT_GLOBAL bu8* out)
{
    bu64 id = bolt_rd64(f), bytes = BOLT_PUBLIC_SESSION(bolt_rd64(bolt_session(c, sessions, id) + BOLT_SESSION_CACHED_OFFSET));
    bolt_copy(out, bolt_response_cache(c, sessions, id), bytes);
    c->st[BOLT_ST_FRAMES_RETRANSMITTED]++;
    c->st[BOLT_ST_RESULT_BYTES] = bytes;
}

#endif
