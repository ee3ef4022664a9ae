/* Sealed checkpoints of the kernel (hardware/SPEC.md §12): BOLT_MODE_CHECKPOINT_EXPORT writes the device's whole
 * private state as one image sealed under a key derived from the device key, BOLT_MODE_CHECKPOINT_IMPORT
 * authenticates such an image completely, then replaces the device's state with it. The image is the same bytes the
 * simulator writes (sim/Bolt.Sim/SimulatedDevice.Checkpoint.cs) after the same calls.
 *
 * Image (little-endian), BOLT_IMAGE_* below: magic | 15 parameter words | private state words 32..127 | position
 * map | records | free list | bin loads | page versions | pending lists | session table | response caches | zero
 * padding to 16 bytes. Words and bytes nothing ever reads again are written as zero, so two devices in the same state
 * write the same image: free-list entries at and above the free count, pending entries at and above a page's count,
 * a session's tag and cached frame when it has none (and the cache past its length), the pipelined schedule's
 * write-back words (always empty between calls: words 72..79), the per-call words (status, error index, trace rows, result bytes).
 * The root key and the provisioning mark are never in an image: the importing device keeps its own.
 *
 * File framing (Bolt.Core.Durability.CheckpointHeader): a 120-byte header, then the image in chunks of
 * BOLT_IMAGE_CHUNK_BYTES, each sealed with AES-128-GCM under K_img = AES(AES(K_dev, "BOLT-CHECKPOINT"), salt),
 * nonce = chunk index u64 | last u32, AAD = the header, each followed by its tag.
 *
 * Constant time (SPEC §9): every loop runs a trip count fixed by the parameters; which words are written as zero is
 * a masked select; import runs the whole authentication pass before it writes anything, and both passes always run
 * to the end, so the time of a call depends on the parameters alone. */
#ifndef BOLT_CHECKPOINT_H
#define BOLT_CHECKPOINT_H

#define BOLT_LABEL_CHECKPOINT_LO BOLT_U64(0x4548432d544c4f42) /* "BOLT-CHE" */
#define BOLT_LABEL_CHECKPOINT_HI BOLT_U64(0x00544e494f504b43) /* "CKPOINT" */
#define BOLT_LABEL_DEVICE_ID_LO BOLT_U64(0x5645442d544c4f42)  /* "BOLT-DEV" */
#define BOLT_LABEL_DEVICE_ID_HI BOLT_U64(0x000044492d454349)  /* "ICE-ID" */

/* The image's staging buffer: one GCM chunk of blocks (bolt_crypto.h). */
#define BOLT_IMAGE_LANE_BYTES (16 * BOLT_GCM_CHUNK)

/* Bytes of the image for these parameters (before padding; bolt_image_bytes pads). */
BOLT_FN bu64 bolt_image_bytes(const bolt_ctx* c)
{
    bu64 head = 8 + BOLT_IMAGE_PARAMETER_WORDS * 8;
    bu64 state = (BOLT_STATE_WORDS - BOLT_CONFIG_WORDS) * 8;
    bu64 engine = c->p * BOLT_POSITION_ENTRY_BYTES + c->r * c->slot + c->r * 4 + c->m * 2 + c->h * 8 + c->h * (c->lmax + 1) * 4;
    bu64 channel = bolt_session_table_bytes(c) + c->session_slots * bolt_frame_bytes(BOLT_FRAME_MAX_RECORDS, c->rsp_bytes);
    bu64 bytes = head + state + engine + channel;
    return (bytes + 15) / 16 * 16;
}

BOLT_FN bu64 bolt_image_chunks(bu64 image) { return image == 0 ? 1 : (image + BOLT_IMAGE_CHUNK_BYTES - 1) / BOLT_IMAGE_CHUNK_BYTES; }

/* Header, sealed chunks and their tags. */
BOLT_FN bu64 bolt_image_file_bytes(bu64 image) { return BOLT_CHECKPOINT_HEADER_BYTES + image + bolt_image_chunks(image) * 16; }

/* The parameter words an image is bound to: the config words that fix every layout. */
BOLT_FN bu64 bolt_image_parameter(const bolt_ctx* c, int i)
{
    return i < BOLT_IMAGE_PARAMETER_WORDS - 1 ? c->cfg[i] : c->cfg[BOLT_ST_SESSION_SLOTS];
}

/* K_dev's round keys, from the root key in private state. */
BOLT_FN void bolt_device_round_keys(BOLT_GLOBAL const bu64* st, bu8* dev_rk)
{
    bu8 key[16];
    bolt_put64(key, st[BOLT_ST_ROOT_KEY_LO]);
    bolt_put64(key + 8, st[BOLT_ST_ROOT_KEY_HI]);
    bolt_aes_expand(key, dev_rk);
}

/* The device's public id AES(K_dev, "BOLT-DEVICE-ID") as two words (Bolt.Core.Durability.CheckpointKeys.DeviceId). */
BOLT_FN void bolt_device_id(BOLT_GLOBAL const bu64* st, bu64* lo, bu64* hi)
{
    bu8 dev_rk[BOLT_ROUND_KEY_BYTES], id[16];
    bolt_device_round_keys(st, dev_rk);
    bolt_put64(id, BOLT_LABEL_DEVICE_ID_LO);
    bolt_put64(id + 8, BOLT_LABEL_DEVICE_ID_HI);
    bolt_aes_encrypt(dev_rk, id);
    /* Public by design (a PRF output on its own label): published every call, compared in the open at import. */
    *lo = bolt_declassify(bolt_item64(id, 0));
    *hi = bolt_declassify(bolt_item64(id, 8));
}

/* One pass over the image: sealing it out (export), or opening it in (import: first only checking, then writing). It
 * holds offsets, not pointers: the input and output buffers are passed to each function that reads or writes them. */
typedef struct {
    bolt_gcm_key key;
    bolt_gcm_state gcm;
    bu8 header[BOLT_CHECKPOINT_HEADER_BYTES];
    bu8 lane[BOLT_IMAGE_LANE_BYTES];
    bu64 fill;     /* bytes in lane (export) or bytes of lane already taken (import) */
    bu64 held;     /* import: bytes in lane */
    bu64 image;    /* image bytes */
    bu64 at;       /* image bytes passed so far */
    bu64 chunk;    /* current chunk */
    bu64 in_chunk; /* bytes of the current chunk passed so far */
    bu64 authentic; /* import: 1 while every tag so far matched */
    bu64 matches;   /* import: 1 while the image's parameters are this device's */
    bu64 sealed_at; /* export: where in the output the next sealed byte goes */
    bu64 input_at;  /* import: where in the input the next sealed byte comes from */
    int exporting;
    int applying;
} bolt_image_io;

BOLT_FN bu64 bolt_image_chunk_bytes(const bolt_image_io* io, bu64 chunk)
{
    bu64 start = chunk * BOLT_IMAGE_CHUNK_BYTES;
    return io->image - start < BOLT_IMAGE_CHUNK_BYTES ? io->image - start : BOLT_IMAGE_CHUNK_BYTES;
}

BOLT_FN void bolt_image_begin_chunk(bolt_image_io* io)
{
    bu8 nonce[12];
    bu64 last = (io->chunk + 1) * BOLT_IMAGE_CHUNK_BYTES >= io->image;
    bolt_put64(nonce, io->chunk);
    for (int i = 0; i < 4; i++) nonce[8 + i] = i == 0 ? (bu8)last : (bu8)0;
    bolt_gcm_begin(&io->gcm, nonce);
    bolt_gcm_aad(&io->key, &io->gcm, io->header, BOLT_CHECKPOINT_HEADER_BYTES);
    io->in_chunk = 0;
}

/* The image key from the header's salt, and the first chunk begun. */
BOLT_FN void bolt_image_start(bolt_image_io* io, BOLT_GLOBAL const bu64* st, bu64 image, int exporting, int applying)
{
    bu8 dev_rk[BOLT_ROUND_KEY_BYTES], ckpt_rk[BOLT_ROUND_KEY_BYTES], key[16];
    bolt_device_round_keys(st, dev_rk);
    bolt_derive_round_keys(dev_rk, BOLT_LABEL_CHECKPOINT_LO, BOLT_LABEL_CHECKPOINT_HI, ckpt_rk);
    for (int i = 0; i < 16; i++) key[i] = io->header[BOLT_CHECKPOINT_SALT_OFFSET + i];
    bolt_aes_encrypt(ckpt_rk, key);
    bolt_gcm_setkey(&io->key, key);
    io->fill = 0;
    io->held = 0;
    io->image = image;
    io->at = 0;
    io->chunk = 0;
    io->authentic = 1;
    io->matches = 1;
    io->exporting = exporting;
    io->applying = applying;
    bolt_image_begin_chunk(io);
}

/* Export: seals the staged bytes out; at a chunk's end, its tag, and the next chunk begun. */
/* The staged bytes through one GCM chunk call (seal or open), in place. */
BOLT_FN void bolt_image_gcm(bolt_image_io* io, bu64 bytes, int seal)
{
    bu64 d[2 * BOLT_GCM_CHUNK];
    for (bu64 i = 0; i < bytes / 8; i++) d[i] = bolt_le64(io->lane + 8 * i);
    bolt_gcm_chunk(&io->key, &io->gcm, d, (int)(bytes / 16), seal);
    for (bu64 i = 0; i < bytes / 8; i++) bolt_put64(io->lane + 8 * i, d[i]);
}

BOLT_FN void bolt_image_flush(bolt_image_io* io, BOLT_GLOBAL bu8* out)
{
    bu8 tag[16];
    bolt_image_gcm(io, io->fill, 1);
    for (bu64 i = 0; i < io->fill; i++) out[io->sealed_at + i] = io->lane[i];
    io->sealed_at += io->fill;
    io->fill = 0;
    if (io->in_chunk == bolt_image_chunk_bytes(io, io->chunk)) {
        bolt_gcm_finish(&io->key, &io->gcm, BOLT_CHECKPOINT_HEADER_BYTES, io->in_chunk, tag);
        for (int i = 0; i < 16; i++) out[io->sealed_at + (bu64)i] = tag[i];
        io->sealed_at += 16;
        io->chunk++;
        if (io->at < io->image) bolt_image_begin_chunk(io);
    }
}

/* Import: opens the next staged bytes (up to one GCM chunk, never past the image chunk); at its end, checks its tag. */
BOLT_FN void bolt_image_refill(bolt_image_io* io, BOLT_GLOBAL const bu8* in)
{
    bu8 expected[16], tag[16];
    bu64 left = bolt_image_chunk_bytes(io, io->chunk) - io->in_chunk;
    bu64 n = left < BOLT_IMAGE_LANE_BYTES ? left : BOLT_IMAGE_LANE_BYTES;
    for (bu64 i = 0; i < n; i++) io->lane[i] = in[io->input_at + i];
    io->input_at += n;
    bolt_image_gcm(io, n, 0);
    io->in_chunk += n;
    io->held = n;
    io->fill = 0;
    if (io->in_chunk == bolt_image_chunk_bytes(io, io->chunk)) {
        bolt_gcm_finish(&io->key, &io->gcm, BOLT_CHECKPOINT_HEADER_BYTES, io->in_chunk, expected);
        for (int i = 0; i < 16; i++) tag[i] = in[io->input_at + (bu64)i];
        io->input_at += 16;
        io->authentic &= (bu64)bolt_tag_equal(expected, tag);
        io->chunk++;
        if (io->chunk * BOLT_IMAGE_CHUNK_BYTES < io->image) bolt_image_begin_chunk(io);
    }
}

/* One byte of the image: export passes b out and returns it; import returns the image's byte (b is ignored). in is
 * read only by an import, out written only by an export. */
BOLT_FN bu8 bolt_image_byte(bolt_image_io* io, bu8 b, BOLT_GLOBAL const bu8* in, BOLT_GLOBAL bu8* out)
{
    if (io->exporting) {
        io->lane[io->fill++] = b;
        io->at++;
        io->in_chunk++;
        if (io->fill == BOLT_IMAGE_LANE_BYTES || io->in_chunk == bolt_image_chunk_bytes(io, io->chunk)) bolt_image_flush(io, out);
        return b;
    }
    if (io->fill == io->held) bolt_image_refill(io, in);
    io->at++;
    return io->lane[io->fill++];
}

/* A little-endian value of `bytes` bytes through the image. */
BOLT_FN bu64 bolt_image_value(bolt_image_io* io, bu64 v, int bytes, BOLT_GLOBAL const bu8* in, BOLT_GLOBAL bu8* out)
{
    bu64 value = 0;
    for (int i = 0; i < bytes; i++) value |= (bu64)bolt_image_byte(io, (bu8)(v >> (8 * i)), in, out) << (8 * i);
    return value;
}

/* Whether private state word w travels in an image: not the root key, the provisioning mark or the per-call words. */
BOLT_FN int bolt_image_keeps_word(int w)
{
    return w != BOLT_ST_ROOT_KEY_LO && w != BOLT_ST_ROOT_KEY_HI && w != BOLT_ST_PROVISIONED && w != BOLT_ST_STATUS
        && w != BOLT_ST_ERROR_INDEX && w != BOLT_ST_TRACE_ROWS && w != BOLT_ST_RESULT_BYTES
        && (w < BOLT_ST_PIPE_WRITES || w >= BOLT_ST_PIPE_WRITES + 2 * 4);
}

/* The whole image, section by section, in the order of the header comment, over the HBM structures and the session
 * table and response caches at the start of scratch. Import writes only when applying. */
BOLT_FN void bolt_image_walk(bolt_ctx* c, bolt_image_io* io, BOLT_GLOBAL bu64* pm, BOLT_GLOBAL bu8* rec, BOLT_GLOBAL bu32* freel, BOLT_GLOBAL bu16* loads,
    BOLT_GLOBAL bu64* ver, BOLT_GLOBAL bu32* pend, BOLT_GLOBAL bu8* sessions, BOLT_GLOBAL const bu8* in, BOLT_GLOBAL bu8* out)
{
    int apply = io->applying;
    io->matches &= bolt_eq(bolt_image_value(io, BOLT_IMAGE_MAGIC, 8, in, out), BOLT_IMAGE_MAGIC);
    for (int i = 0; i < BOLT_IMAGE_PARAMETER_WORDS; i++) {
        bu64 expected = bolt_image_parameter(c, i);
        io->matches &= bolt_eq(bolt_image_value(io, expected, 8, in, out), expected);
    }
    for (int w = BOLT_CONFIG_WORDS; w < BOLT_STATE_WORDS; w++) {
        int keep = bolt_image_keeps_word(w);
        bu64 v = bolt_image_value(io, keep ? c->st[w] : 0, 8, in, out);
        if (apply && keep) c->st[w] = v;
    }
    for (bu64 i = 0; i < c->p * BOLT_POSITION_ENTRY_WORDS; i++) {
        BOLT_LOOP();
        bu64 v = bolt_image_value(io, pm[i], 8, in, out);
        if (apply) pm[i] = v;
    }
    for (bu64 i = 0; i < c->r * c->slot; i++) {
        BOLT_LOOP();
        bu8 v = bolt_image_byte(io, rec[i], in, out);
        if (apply) rec[i] = v;
    }
    bu64 free_count = c->st[BOLT_ST_FREE_COUNT];
    for (bu64 i = 0; i < c->r; i++) {
        BOLT_LOOP();
        bu64 v = bolt_image_value(io, bolt_sel(bolt_lt(i, free_count), freel[i], 0), 4, in, out);
        if (apply) freel[i] = (bu32)v;
    }
    for (bu64 i = 0; i < c->m; i++) {
        BOLT_LOOP();
        bu64 v = bolt_image_value(io, loads[i], 2, in, out);
        if (apply) loads[i] = (bu16)v;
    }
    for (bu64 i = 0; i < c->h; i++) {
        BOLT_LOOP();
        bu64 v = bolt_image_value(io, ver[i], 8, in, out);
        if (apply) ver[i] = v;
    }
    for (bu64 page = 0; page < c->h; page++) {
        BOLT_LOOP();
        BOLT_GLOBAL bu32* l = pend + page * (c->lmax + 1);
        bu64 count = l[0];
        for (bu64 j = 0; j <= c->lmax; j++) {
            BOLT_LOOP();
            bu64 live = (bu64)(j == 0) | bolt_lt(j - 1, count);
            bu64 v = bolt_image_value(io, bolt_sel(live, l[j], 0), 4, in, out);
            if (apply) l[j] = (bu32)v;
        }
    }
    /* The session table: last id, then per slot id | next | keys | tag | cached bytes (public sizes: frames). */
    bu64 last = bolt_image_value(io, bolt_rd64(sessions), 8, in, out);
    if (apply) bolt_wr64(sessions, last);
    for (bu64 s = 0; s < c->session_slots; s++) {
        BOLT_GLOBAL bu8* slot = sessions + 8 + s * BOLT_SESSION_SLOT_BYTES;
        bu64 cached = bolt_rd64(slot + BOLT_SESSION_CACHED_OFFSET);
        for (bu64 b = 0; b < BOLT_SESSION_SLOT_BYTES; b++) {
            bu64 stale = (bu64)(b >= BOLT_SESSION_TAG_OFFSET && b < BOLT_SESSION_CACHED_OFFSET) & (1 ^ bolt_nz(cached));
            bu8 v = bolt_image_byte(io, bolt_sel8(stale, 0, slot[b]), in, out);
            if (apply) slot[b] = v;
        }
    }
    bu64 cache_bytes = bolt_frame_bytes(BOLT_FRAME_MAX_RECORDS, c->rsp_bytes);
    for (bu64 s = 0; s < c->session_slots; s++) {
        BOLT_GLOBAL bu8* cache = sessions + bolt_session_table_bytes(c) + s * cache_bytes;
        bu64 cached = bolt_rd64(sessions + 8 + s * BOLT_SESSION_SLOT_BYTES + BOLT_SESSION_CACHED_OFFSET);
        for (bu64 b = 0; b < cache_bytes; b++) {
            BOLT_LOOP();
            bu8 v = bolt_image_byte(io, bolt_sel8(bolt_lt(b, cached), cache[b], 0), in, out);
            if (apply) cache[b] = v;
        }
    }
    while (io->at < io->image) bolt_image_byte(io, 0, in, out);
}

/* BOLT_MODE_CHECKPOINT_EXPORT: in = the 120-byte header the host filled (number, counter, salt, host bytes and digest);
 * the device writes its commit number, its id and its image size into it, writes it to out, then the sealed image.
 * Nothing in the device changes. */
BOLT_FN void bolt_checkpoint_export(bolt_ctx* c, BOLT_GLOBAL bu64* pm, BOLT_GLOBAL bu8* rec, BOLT_GLOBAL bu32* freel, BOLT_GLOBAL bu16* loads,
    BOLT_GLOBAL bu64* ver, BOLT_GLOBAL bu32* pend, BOLT_GLOBAL bu8* sessions, BOLT_GLOBAL const bu8* in, bu64 len, BOLT_GLOBAL bu8* out)
{
    bolt_image_io io;
    bu64 lo, hi, image = bolt_image_bytes(c);
    if (len != BOLT_CHECKPOINT_HEADER_BYTES) {
        c->st[BOLT_ST_STATUS] = BOLT_CALL_BAD_CHECKPOINT;
        return;
    }
    for (int i = 0; i < BOLT_CHECKPOINT_HEADER_BYTES; i++) io.header[i] = in[i];
    bolt_device_id(c->st, &lo, &hi);
    bolt_put64(io.header + BOLT_CHECKPOINT_COMMIT_OFFSET, c->st[BOLT_ST_COMMITS]);
    bolt_put64(io.header + BOLT_CHECKPOINT_DEVICE_ID_OFFSET, lo);
    bolt_put64(io.header + BOLT_CHECKPOINT_DEVICE_ID_OFFSET + 8, hi);
    bolt_put64(io.header + BOLT_CHECKPOINT_IMAGE_BYTES_OFFSET, image);
    for (int i = 0; i < BOLT_CHECKPOINT_HEADER_BYTES; i++) out[i] = io.header[i];
    io.sealed_at = BOLT_CHECKPOINT_HEADER_BYTES;
    bolt_image_start(&io, c->st, image, 1, 0);
    bolt_image_walk(c, &io, pm, rec, freel, loads, ver, pend, sessions, in, out);
    c->st[BOLT_ST_RESULT_BYTES] = bolt_image_file_bytes(image);
}

/* BOLT_MODE_CHECKPOINT_IMPORT: in = header | sealed image (len bytes); minimum = the lowest monotonic-counter value
 * the caller accepts; out (the call's output buffer) is the walk's export port and is not written. Refused with nothing changed when the length is not this map's, the header names another device
 * or a counter below the minimum, any chunk fails authentication, or the image is another map's; otherwise every
 * private structure becomes the image's (the device continues the image's lifetime and commit number). */
BOLT_FN void bolt_checkpoint_import(bolt_ctx* c, BOLT_GLOBAL bu64* pm, BOLT_GLOBAL bu8* rec, BOLT_GLOBAL bu32* freel, BOLT_GLOBAL bu16* loads,
    BOLT_GLOBAL bu64* ver, BOLT_GLOBAL bu32* pend, BOLT_GLOBAL bu8* sessions, BOLT_GLOBAL const bu8* in, bu64 len, BOLT_GLOBAL bu8* out, bu64 minimum)
{
    bolt_image_io io;
    bu64 lo, hi, image = bolt_image_bytes(c);
    if (len != bolt_image_file_bytes(image)) {
        c->st[BOLT_ST_STATUS] = BOLT_CALL_BAD_CHECKPOINT;
        return;
    }
    for (int i = 0; i < BOLT_CHECKPOINT_HEADER_BYTES; i++) io.header[i] = in[i];
    bolt_device_id(c->st, &lo, &hi);
    if (bolt_item64(io.header, BOLT_CHECKPOINT_DEVICE_ID_OFFSET) != lo || bolt_item64(io.header, BOLT_CHECKPOINT_DEVICE_ID_OFFSET + 8) != hi
        || bolt_item64(io.header, BOLT_CHECKPOINT_IMAGE_BYTES_OFFSET) != image) {
        c->st[BOLT_ST_STATUS] = BOLT_CALL_WRONG_DEVICE;
        return;
    }
    if (bolt_item64(io.header, BOLT_CHECKPOINT_COUNTER_OFFSET) < minimum) {
        c->st[BOLT_ST_STATUS] = BOLT_CALL_ROLLED_BACK;
        return;
    }
    /* Pass 1: authenticate every chunk and check the parameters; nothing is written. */
    io.input_at = BOLT_CHECKPOINT_HEADER_BYTES;
    bolt_image_start(&io, c->st, image, 0, 0);
    bolt_image_walk(c, &io, pm, rec, freel, loads, ver, pend, sessions, in, out);
    if (!BOLT_PUBLIC_VERDICT(io.authentic)) {
        c->st[BOLT_ST_STATUS] = BOLT_CALL_BAD_CHECKPOINT;
        return;
    }
    if (!BOLT_PUBLIC_VERDICT(io.matches)) {
        c->st[BOLT_ST_STATUS] = BOLT_CALL_WRONG_DEVICE;
        return;
    }
    /* Pass 2: the same bytes again, written into place. The host cannot change them between the passes: they were
     * read within this call, and a chunk that differs fails its tag (the state is then a mix; the device halts). */
    io.input_at = BOLT_CHECKPOINT_HEADER_BYTES;
    bolt_image_start(&io, c->st, image, 0, 1);
    bolt_image_walk(c, &io, pm, rec, freel, loads, ver, pend, sessions, in, out);
    if (!BOLT_PUBLIC_VERDICT(io.authentic)) c->st[BOLT_ST_HALTED] = 1;
}

/* BOLT_MODE_NEW_LIFETIME: in = a fresh 16-byte lifetime nonce. The device moves to it (SPEC §12: after a recovery's
 * replay, so nothing it draws or seals afterwards reuses a PRNG block or a page nonce of calls lost in the crash): every
 * sealed page is opened under the old page key and sealed under the new one, in page order, with its next version. A
 * page that fails authentication stops the pass and halts the device (fail-stop, as in an access); whether one
 * failed is public, like every integrity verdict. The PRNG and session nonces derive from the new lifetime from the
 * next call on (keys derive at every call). */
BOLT_FN void bolt_derive_keys(BOLT_GLOBAL const bu64* st, bu8* prng_rk, bolt_gcm_key* gcm, bu8* prov_rk); /* bolt_kernel.c */

/* The new lifetime's first part: the lifetime words replaced and *next the new page key. Returns 1 when pages are to be
 * re-sealed (the device holds a map), 0 when the call is answered already. */
BOLT_FN int bolt_new_lifetime_begin(bolt_ctx* c, BOLT_GLOBAL const bu8* in, bu64 len, bolt_gcm_key* next)
{
    bu8 prng_rk[BOLT_ROUND_KEY_BYTES], prov_rk[BOLT_ROUND_KEY_BYTES];
    if (len != 16) {
        c->st[BOLT_ST_STATUS] = BOLT_CALL_BAD_CHECKPOINT;
        return 0;
    }
    c->st[BOLT_ST_LIFETIME_LO] = bolt_rd64(in);
    c->st[BOLT_ST_LIFETIME_HI] = bolt_rd64(in + 8);
    bolt_derive_keys(c->st, prng_rk, next, prov_rk);
    return c->st[BOLT_ST_INITIALISED] ? 1 : 0; /* nothing is sealed before the load */
}

/* One page's image (on chip) opened under the old page key and, when authentic, sealed under the new one with its next
 * version. Returns the verdict (public, SPEC §9.5). */
BOLT_FN bu64 bolt_new_lifetime_reseal(const bolt_ctx* c, BOLT_GLOBAL bu64* ver, const bolt_gcm_key* next, bu8* image, bu64 page)
{
    bu64 ok = BOLT_PUBLIC_VERDICT(bolt_open(&c->d, &c->gcm, ver, image, (bu32)page));
    if (ok) bolt_seal(&c->d, next, ver, image, (bu32)page);
    return ok;
}

/* The end: a page that failed halts the device (fail-stop). */
BOLT_FN void bolt_new_lifetime_end(bolt_ctx* c, bu64 failed, bu64 failed_page)
{
    if (failed) {
        c->st[BOLT_ST_INTEGRITY_FAILURES]++;
        c->st[BOLT_ST_LAST_FAILED_PAGE] = failed_page;
        c->st[BOLT_ST_HALTED] = 1;
    }
}

#if !BOLT_CTX_ON_CHIP /* bolt_kernel's page pass over host memory; the HLS top's runs over its beat ports */
BOLT_FN void bolt_new_lifetime(bolt_ctx* c, BOLT_GLOBAL bu64* ver, BOLT_GLOBAL bu8* host, BOLT_GLOBAL const bu8* in, bu64 len)
{
    bolt_gcm_key next;
    if (!bolt_new_lifetime_begin(c, in, len, &next)) return;
    bu64 failed = 0, failed_page = 0;
    bu8 image[BOLT_MAX_PAGE_IMAGE]; /* one page, on chip */
    for (bu64 page = 0; page < c->h; page++) {
        BOLT_LOOP();
        BOLT_GLOBAL bu8* hp = bolt_host_page(&c->d, host, page);
        if (failed) continue;
        bolt_page_fetch(&c->d, hp, image);
        if (!bolt_new_lifetime_reseal(c, ver, &next, image, page)) {
            failed = 1;
            failed_page = page;
            continue;
        }
        bolt_page_store(&c->d, image, hp);
    }
    for (bu64 i = 0; i < BOLT_MAX_PAGE_IMAGE; i++) image[i] = 0;
    bolt_new_lifetime_end(c, failed, failed_page);
}
#endif

#endif
