/* AES-128 (FIPS-197), the AES-CTR PRNG (SPEC §3) and AES-128-GCM (NIST SP 800-38D) for pages (SPEC §5) and
 * channel frames (SPEC §10).
 * Plain byte-oriented AES with an S-box table and a bitwise GF(2^128) multiply: small, portable and
 * synthesizable; an HLS build would swap in a pipelined core without changing any caller. */
#ifndef BOLT_CRYPTO_H
#define BOLT_CRYPTO_H

BOLT_TABLE bu8 BOLT_SBOX[256] = {
    0x63, 0x7c, 0x77, 0x7b, 0xf2, 0x6b, 0x6f, 0xc5, 0x30, 0x01, 0x67, 0x2b, 0xfe, 0xd7, 0xab, 0x76,
    0xca, 0x82, 0xc9, 0x7d, 0xfa, 0x59, 0x47, 0xf0, 0xad, 0xd4, 0xa2, 0xaf, 0x9c, 0xa4, 0x72, 0xc0,
    0xb7, 0xfd, 0x93, 0x26, 0x36, 0x3f, 0xf7, 0xcc, 0x34, 0xa5, 0xe5, 0xf1, 0x71, 0xd8, 0x31, 0x15,
    0x04, 0xc7, 0x23, 0xc3, 0x18, 0x96, 0x05, 0x9a, 0x07, 0x12, 0x80, 0xe2, 0xeb, 0x27, 0xb2, 0x75,
    0x09, 0x83, 0x2c, 0x1a, 0x1b, 0x6e, 0x5a, 0xa0, 0x52, 0x3b, 0xd6, 0xb3, 0x29, 0xe3, 0x2f, 0x84,
    0x53, 0xd1, 0x00, 0xed, 0x20, 0xfc, 0xb1, 0x5b, 0x6a, 0xcb, 0xbe, 0x39, 0x4a, 0x4c, 0x58, 0xcf,
    0xd0, 0xef, 0xaa, 0xfb, 0x43, 0x4d, 0x33, 0x85, 0x45, 0xf9, 0x02, 0x7f, 0x50, 0x3c, 0x9f, 0xa8,
    0x51, 0xa3, 0x40, 0x8f, 0x92, 0x9d, 0x38, 0xf5, 0xbc, 0xb6, 0xda, 0x21, 0x10, 0xff, 0xf3, 0xd2,
    0xcd, 0x0c, 0x13, 0xec, 0x5f, 0x97, 0x44, 0x17, 0xc4, 0xa7, 0x7e, 0x3d, 0x64, 0x5d, 0x19, 0x73,
    0x60, 0x81, 0x4f, 0xdc, 0x22, 0x2a, 0x90, 0x88, 0x46, 0xee, 0xb8, 0x14, 0xde, 0x5e, 0x0b, 0xdb,
    0xe0, 0x32, 0x3a, 0x0a, 0x49, 0x06, 0x24, 0x5c, 0xc2, 0xd3, 0xac, 0x62, 0x91, 0x95, 0xe4, 0x79,
    0xe7, 0xc8, 0x37, 0x6d, 0x8d, 0xd5, 0x4e, 0xa9, 0x6c, 0x56, 0xf4, 0xea, 0x65, 0x7a, 0xae, 0x08,
    0xba, 0x78, 0x25, 0x2e, 0x1c, 0xa6, 0xb4, 0xc6, 0xe8, 0xdd, 0x74, 0x1f, 0x4b, 0xbd, 0x8b, 0x8a,
    0x70, 0x3e, 0xb5, 0x66, 0x48, 0x03, 0xf6, 0x0e, 0x61, 0x35, 0x57, 0xb9, 0x86, 0xc1, 0x1d, 0x9e,
    0xe1, 0xf8, 0x98, 0x11, 0x69, 0xd9, 0x8e, 0x94, 0x9b, 0x1e, 0x87, 0xe9, 0xce, 0x55, 0x28, 0xdf,
    0x8c, 0xa1, 0x89, 0x0d, 0xbf, 0xe6, 0x42, 0x68, 0x41, 0x99, 0x2d, 0x0f, 0xb0, 0x54, 0xbb, 0x16,
};

#define BOLT_ROUND_KEY_BYTES 176

/* An S-box lookup. On the FPGA the table is an on-chip ROM whose read time does not depend on the index. In the
 * constant-time check build (-DBOLT_CT_CHECK, hardware/ct) an indexed load would hide the secret from valgrind
 * (memcheck treats a value loaded through an undefined index as defined), so there the lookup is a full scan with
 * a mask: the same result, and the output's secrecy is that of the input. */
#ifdef BOLT_CT_CHECK
BOLT_FN bu8 bolt_sbox(bu8 x)
{
    bu8 r = 0;
    for (int i = 0; i < 256; i++) {
        bu32 equal = (((bu32)i ^ (bu32)x) - 1u) >> 31; /* 1 exactly when i == x */
        r = (bu8)(r | (BOLT_SBOX[i] & (bu8)(0u - equal)));
    }
    return r;
}
#else
#define bolt_sbox(x) BOLT_SBOX[x]
#endif

BOLT_FN bu8 bolt_xtime(bu8 x) { return (bu8)((x << 1) ^ ((x & 0x80) ? 0x1b : 0x00)); }

/* Expands a 16-byte key into the 11 round keys. */
BOLT_FN void bolt_aes_expand(const bu8* key, bu8* rk)
{
    bu8 rcon = 1;
    for (int i = 0; i < 16; i++) rk[i] = key[i];
    for (int i = 16; i < BOLT_ROUND_KEY_BYTES; i += 4) {
        bu8 t0 = rk[i - 4], t1 = rk[i - 3], t2 = rk[i - 2], t3 = rk[i - 1];
        if ((i & 15) == 0) {
            bu8 s = t0;
            t0 = (bu8)(bolt_sbox(t1) ^ rcon);
            t1 = bolt_sbox(t2);
            t2 = bolt_sbox(t3);
            t3 = bolt_sbox(s);
            rcon = bolt_xtime(rcon);
        }
        rk[i] = (bu8)(rk[i - 16] ^ t0);
        rk[i + 1] = (bu8)(rk[i - 15] ^ t1);
        rk[i + 2] = (bu8)(rk[i - 14] ^ t2);
        rk[i + 3] = (bu8)(rk[i - 13] ^ t3);
    }
}

/* Encrypts one 16-byte block in place. */
BOLT_FN void bolt_aes_encrypt(const bu8* rk, bu8* s)
{
    for (int i = 0; i < 16; i++) s[i] ^= rk[i];
    for (int round = 1; round <= 10; round++) {
        bu8 t[16];
        /* SubBytes + ShiftRows: column-major state, row r shifts left by r. */
        for (int c = 0; c < 4; c++)
            for (int r = 0; r < 4; r++) t[c * 4 + r] = bolt_sbox(s[((c + r) & 3) * 4 + r]);
        if (round < 10) {
            for (int c = 0; c < 4; c++) {
                bu8 a0 = t[c * 4], a1 = t[c * 4 + 1], a2 = t[c * 4 + 2], a3 = t[c * 4 + 3];
                bu8 all = (bu8)(a0 ^ a1 ^ a2 ^ a3);
                s[c * 4] = (bu8)(a0 ^ all ^ bolt_xtime((bu8)(a0 ^ a1)));
                s[c * 4 + 1] = (bu8)(a1 ^ all ^ bolt_xtime((bu8)(a1 ^ a2)));
                s[c * 4 + 2] = (bu8)(a2 ^ all ^ bolt_xtime((bu8)(a2 ^ a3)));
                s[c * 4 + 3] = (bu8)(a3 ^ all ^ bolt_xtime((bu8)(a3 ^ a0)));
            }
        } else {
            for (int i = 0; i < 16; i++) s[i] = t[i];
        }
        for (int i = 0; i < 16; i++) s[i] ^= rk[round * 16 + i];
    }
}

/* KDF(label) = AES-128-Encrypt(K_dev, label) (SPEC §3). The 16-byte ASCII label, zero padded, comes as two
 * LE u64 words because OpenCL C keeps string literals in __constant memory, out of reach of a private pointer. */
#define BOLT_LABEL_PRNG_LO BOLT_U64(0x4e52502d544c4f42) /* "BOLT-PRN" */
#define BOLT_LABEL_PRNG_HI BOLT_U64(0x00000059454b2d47) /* "G-KEY" */
#define BOLT_LABEL_PAGE_LO BOLT_U64(0x4741502d544c4f42) /* "BOLT-PAG" */
#define BOLT_LABEL_PAGE_HI BOLT_U64(0x00000059454b2d45) /* "E-KEY" */
#define BOLT_LABEL_PROV_LO BOLT_U64(0x4f52502d544c4f42) /* "BOLT-PRO" */
#define BOLT_LABEL_PROV_HI BOLT_U64(0x00000059454b2d56) /* "V-KEY" */
#define BOLT_LABEL_CMD_LO BOLT_U64(0x444d432d544c4f42)  /* "BOLT-CMD" */
#define BOLT_LABEL_CMD_HI BOLT_U64(0x0000000059454b2d)  /* "-KEY" */
#define BOLT_LABEL_RSP_LO BOLT_U64(0x5053522d544c4f42)  /* "BOLT-RSP" */
#define BOLT_LABEL_RSP_HI BOLT_U64(0x0000000059454b2d)  /* "-KEY" */
#define BOLT_LABEL_CONFIRM_LO BOLT_U64(0x4e4f432d544c4f42) /* "BOLT-CON" */
#define BOLT_LABEL_CONFIRM_HI BOLT_U64(0x000000004d524946) /* "FIRM" */

BOLT_FN void bolt_derive_round_keys(const bu8* dev_rk, bu64 label_lo, bu64 label_hi, bu8* rk)
{
    bu8 key[16];
    for (int i = 0; i < 8; i++) {
        key[i] = (bu8)(label_lo >> (8 * i));
        key[8 + i] = (bu8)(label_hi >> (8 * i));
    }
    bolt_aes_encrypt(dev_rk, key);
    bolt_aes_expand(key, rk);
}

BOLT_FN bu32 bolt_le32(const bu8* p) { return (bu32)p[0] | ((bu32)p[1] << 8) | ((bu32)p[2] << 16) | ((bu32)p[3] << 24); }

/* PRNG block (domain, index) = AES(K_prng, u64 index | u32 domain | u32 0) as 16 bytes. */
BOLT_FN void bolt_prng_bytes(const bu8* prng_rk, bu32 domain, bu64 index, bu8* b)
{
    for (int i = 0; i < 8; i++) b[i] = (bu8)(index >> (8 * i));
    for (int i = 0; i < 4; i++) b[8 + i] = (bu8)(domain >> (8 * i));
    for (int i = 12; i < 16; i++) b[i] = 0;
    bolt_aes_encrypt(prng_rk, b);
}

/* The same block as four LE u32 words. */
BOLT_FN void bolt_prng_block(const bu8* prng_rk, bu32 domain, bu64 index, bu32* w)
{
    bu8 b[16];
    bolt_prng_bytes(prng_rk, domain, index, b);
    for (int i = 0; i < 4; i++) w[i] = bolt_le32(b + 4 * i);
}

/* Range(w, n) = (w · n) >> 32, multiply-shift (SPEC §3). */
BOLT_FN bu32 bolt_range(bu32 w, bu64 n) { return (bu32)(((bu64)w * n) >> 32); }

/* GF(2^128) in GCM's bit order: x = (hi, lo), hi holds bytes 0..7 big-endian. Bitwise, no tables. */
BOLT_FN void bolt_gf_mul(bu64* xh, bu64* xl, bu64 hh, bu64 hl)
{
    bu64 zh = 0, zl = 0, vh = hh, vl = hl;
    for (int i = 0; i < 128; i++) {
        bu64 bit = i < 64 ? (*xh >> (63 - i)) & 1 : (*xl >> (127 - i)) & 1;
        bu64 mask = (bu64)0 - bit;
        zh ^= vh & mask;
        zl ^= vl & mask;
        bu64 carry = (bu64)0 - (vl & 1);
        vl = (vl >> 1) | (vh << 63);
        vh = (vh >> 1) ^ (carry & ((bu64)0xE1 << 56));
    }
    *xh = zh;
    *xl = zl;
}

BOLT_FN bu64 bolt_be64(const bu8* p)
{
    bu64 v = 0;
    for (int i = 0; i < 8; i++) v = (v << 8) | p[i];
    return v;
}

/* An AES-128-GCM key: round keys and the hash key H = AES(K, 0). Pages use K_page; frames the session keys. */
typedef struct {
    bu8 rk[BOLT_ROUND_KEY_BYTES];
    bu64 hh;
    bu64 hl;
} bolt_gcm_key;

BOLT_FN void bolt_gcm_init(bolt_gcm_key* k)
{
    bu8 zero[16];
    for (int i = 0; i < 16; i++) zero[i] = 0;
    bolt_aes_encrypt(k->rk, zero);
    k->hh = bolt_be64(zero);
    k->hl = bolt_be64(zero + 8);
}

/* Counter block: the 12-byte nonce and a 32-bit big-endian counter. */
BOLT_FN void bolt_gcm_counter(const bu8* nonce, bu32 counter, bu8* b)
{
    for (int i = 0; i < 12; i++) b[i] = nonce[i];
    for (int i = 0; i < 4; i++) b[12 + i] = (bu8)(counter >> (8 * (3 - i)));
}

/* One GHASH block from global memory, zero padded past n bytes. */
BOLT_FN void bolt_ghash_absorb(const bolt_gcm_key* k, BOLT_GLOBAL const bu8* p, bu64 n, bu64* xh, bu64* xl)
{
    bu8 b[16];
    for (bu64 i = 0; i < 16; i++) b[i] = i < n ? p[i] : (bu8)0;
    *xh ^= bolt_be64(b);
    *xl ^= bolt_be64(b + 8);
    bolt_gf_mul(xh, xl, k->hh, k->hl);
}

/* GHASH of the AAD (any length, zero padded) and the ciphertext (a multiple of 16), then the length block. */
BOLT_FN void bolt_ghash(const bolt_gcm_key* k, BOLT_GLOBAL const bu8* aad, bu64 aad_len, BOLT_GLOBAL const bu8* ct, bu64 len, bu64* sh, bu64* sl)
{
    bu64 xh = 0, xl = 0;
    for (bu64 off = 0; off < aad_len; off += 16) bolt_ghash_absorb(k, aad + off, aad_len - off, &xh, &xl);
    for (bu64 off = 0; off < len; off += 16) bolt_ghash_absorb(k, ct + off, 16, &xh, &xl);
    xh ^= aad_len * 8;
    xl ^= len * 8;
    bolt_gf_mul(&xh, &xl, k->hh, k->hl);
    *sh = xh;
    *sl = xl;
}

/* CTR keystream from counter 2 over len bytes (a multiple of 16): out = in ^ keystream (in place allowed). */
BOLT_FN void bolt_gcm_ctr(const bolt_gcm_key* k, const bu8* nonce, BOLT_GLOBAL const bu8* in, BOLT_GLOBAL bu8* out, bu64 len)
{
    bu32 counter = 2;
    for (bu64 off = 0; off < len; off += 16) {
        bu8 ks[16];
        bolt_gcm_counter(nonce, counter++, ks);
        bolt_aes_encrypt(k->rk, ks);
        for (int i = 0; i < 16; i++) out[off + i] = (bu8)(in[off + i] ^ ks[i]);
    }
}

/* Tag = S ^ AES(K, J0), J0 = nonce | 1, written as 16 bytes to tag. */
BOLT_FN void bolt_gcm_tag(const bolt_gcm_key* k, const bu8* nonce, bu64 sh, bu64 sl, bu8* tag)
{
    bolt_gcm_counter(nonce, 1, tag);
    bolt_aes_encrypt(k->rk, tag);
    for (int i = 0; i < 8; i++) {
        tag[i] ^= (bu8)(sh >> (56 - 8 * i));
        tag[8 + i] ^= (bu8)(sl >> (56 - 8 * i));
    }
}

/* Seals len bytes of plain (global; may equal ct) into ct and writes the tag to tag_out. */
BOLT_FN void bolt_gcm_seal(const bolt_gcm_key* k, const bu8* nonce, BOLT_GLOBAL const bu8* aad, bu64 aad_len, BOLT_GLOBAL const bu8* plain,
    BOLT_GLOBAL bu8* ct, bu64 len, BOLT_GLOBAL bu8* tag_out)
{
    bu64 sh, sl;
    bu8 tag[16];
    bolt_gcm_ctr(k, nonce, plain, ct, len);
    bolt_ghash(k, aad, aad_len, ct, len, &sh, &sl);
    bolt_gcm_tag(k, nonce, sh, sl, tag);
    for (int i = 0; i < 16; i++) tag_out[i] = tag[i];
}

/* Verifies the tag of ct in constant time, then decrypts into plain (always, so the time does not depend on the
 * verdict); returns 1 when the tag is authentic. */
BOLT_FN int bolt_gcm_open(const bolt_gcm_key* k, const bu8* nonce, BOLT_GLOBAL const bu8* aad, bu64 aad_len, BOLT_GLOBAL const bu8* ct,
    BOLT_GLOBAL bu8* plain, bu64 len, BOLT_GLOBAL const bu8* tag_in)
{
    bu64 sh, sl;
    bu8 tag[16], diff = 0;
    bolt_ghash(k, aad, aad_len, ct, len, &sh, &sl);
    bolt_gcm_tag(k, nonce, sh, sl, tag);
    for (int i = 0; i < 16; i++) diff |= (bu8)(tag[i] ^ tag_in[i]);
    bolt_gcm_ctr(k, nonce, ct, plain, len);
    return diff == 0;
}

/* Sets a GCM key from 16 key bytes. */
BOLT_FN void bolt_gcm_setkey(bolt_gcm_key* k, const bu8* key)
{
    bolt_aes_expand(key, k->rk);
    bolt_gcm_init(k);
}

/* Writes v as 8 little-endian bytes to a private buffer. */
BOLT_FN void bolt_put64(bu8* p, bu64 v)
{
    for (int i = 0; i < 8; i++) p[i] = (bu8)(v >> (8 * i));
}

#endif
