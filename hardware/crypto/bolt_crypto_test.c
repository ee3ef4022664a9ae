/* Known-answer and cross-checks for hardware/kernel/bolt_crypto.h, built by `make check` in both formulations: the
 * bitsliced one (C-sim, GPUs), the AES-NI one (PoCL on x86-64, when this CPU has the instructions) and the pipelined one
 * the FPGA build uses. Checks AES-128 against FIPS-197 and an
 * independent textbook AES (every S-box entry, every slot of a bitsliced batch), AES-128-GCM against the GCM
 * specification's test cases, the aggregated GHASH step against a one-block-at-a-time reference over the bitwise
 * multiply, the local (private buffer) and global entry points against each other, and
 * that a flipped bit fails open while the data is still decrypted. Exit status 0 only when all pass. */
#include <stdio.h>
#include <string.h>

#include "../kernel/bolt_prelude.h"
#include "../kernel/bolt_crypto.h"

static int failures = 0;

/* Blocks encrypted together: one bitsliced batch, or (pipelined) as many one at a time. */
#if BOLT_CRYPTO_PIPELINED
#define TEST_BATCH 32
#else
#define TEST_BATCH BOLT_AES_BATCH
#endif

static void expect(int ok, const char* what)
{
    if (!ok) {
        printf("FAIL: %s\n", what);
        failures++;
    }
}

static void hex(const char* s, bu8* out, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned v;
        sscanf(s + 2 * i, "%2x", &v);
        out[i] = (bu8)v;
    }
}

/* xorshift64*, deterministic */
static bu64 rng_state = 0x9E3779B97F4A7C15ull;
static bu64 rnd(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545F4914F6CDD1Dull;
}

/* An independent textbook AES-128 (byte state, S-box computed from the GF(2^8) inverse and the affine map), so the
 * kernel's AES is checked against code it shares nothing with. */
static bu8 ref_sbox[256];

static bu8 ref_mul(bu8 a, bu8 b)
{
    bu8 r = 0;
    for (int i = 0; i < 8; i++) {
        if (b & 1) r ^= a;
        a = (bu8)((a << 1) ^ ((a & 0x80) ? 0x1b : 0));
        b >>= 1;
    }
    return r;
}

static void ref_init(void)
{
    for (int x = 0; x < 256; x++) {
        bu8 inv = 0;
        for (int y = 1; y < 256 && x != 0; y++)
            if (ref_mul((bu8)x, (bu8)y) == 1) inv = (bu8)y;
        bu8 s = inv;
        for (int i = 1; i <= 4; i++) s ^= (bu8)((inv << i) | (inv >> (8 - i)));
        ref_sbox[x] = (bu8)(s ^ 0x63);
    }
}

static void ref_aes(const bu8* key, bu8* s)
{
    bu8 rk[176], rcon = 1;
    memcpy(rk, key, 16);
    for (int i = 16; i < 176; i += 4) {
        bu8 t[4] = {rk[i - 4], rk[i - 3], rk[i - 2], rk[i - 1]};
        if (i % 16 == 0) {
            bu8 u = t[0];
            t[0] = (bu8)(ref_sbox[t[1]] ^ rcon);
            t[1] = ref_sbox[t[2]];
            t[2] = ref_sbox[t[3]];
            t[3] = ref_sbox[u];
            rcon = ref_mul(rcon, 2);
        }
        for (int j = 0; j < 4; j++) rk[i + j] = (bu8)(rk[i - 16 + j] ^ t[j]);
    }
    for (int i = 0; i < 16; i++) s[i] ^= rk[i];
    for (int round = 1; round <= 10; round++) {
        bu8 t[16];
        for (int i = 0; i < 16; i++) t[i] = ref_sbox[s[(i + 4 * (i % 4)) % 16]]; /* SubBytes, ShiftRows */
        for (int c = 0; c < 4 && round < 10; c++) {
            bu8* a = t + 4 * c;
            bu8 m[4];
            for (int r = 0; r < 4; r++) m[r] = (bu8)(ref_mul(a[r], 2) ^ ref_mul(a[(r + 1) % 4], 3) ^ a[(r + 2) % 4] ^ a[(r + 3) % 4]);
            memcpy(a, m, 4);
        }
        for (int i = 0; i < 16; i++) s[i] = (bu8)(t[i] ^ rk[16 * round + i]);
    }
}

/* The reference GCM: the reference AES, one GHASH block at a time with the bitwise multiply, as SP 800-38D writes it. */
static void reference_seal(const bu8* key, const bu8* nonce, const bu8* aad, bu64 aad_len, const bu8* plain, bu8* ct, bu64 len, bu8* tag)
{
    bu8 h[16] = {0}, block[16];
    bu64 xh = 0, xl = 0;
    ref_aes(key, h);
    bu64 hh = bolt_be64(h), hl = bolt_be64(h + 8);
    for (bu64 off = 0; off < len; off += 16) {
        bu32 counter = (bu32)(2 + off / 16);
        memcpy(block, nonce, 12);
        for (int i = 0; i < 4; i++) block[12 + i] = (bu8)(counter >> (24 - 8 * i));
        ref_aes(key, block);
        for (int i = 0; i < 16; i++) ct[off + i] = (bu8)(plain[off + i] ^ block[i]);
    }
    for (bu64 off = 0; off < aad_len; off += 16) {
        memset(block, 0, 16);
        memcpy(block, aad + off, aad_len - off < 16 ? aad_len - off : 16);
        xh ^= bolt_be64(block);
        xl ^= bolt_be64(block + 8);
        bolt_gf_mul(&xh, &xl, hh, hl);
    }
    for (bu64 off = 0; off < len; off += 16) {
        xh ^= bolt_be64(ct + off);
        xl ^= bolt_be64(ct + off + 8);
        bolt_gf_mul(&xh, &xl, hh, hl);
    }
    xh ^= aad_len * 8;
    xl ^= len * 8;
    bolt_gf_mul(&xh, &xl, hh, hl);
    memcpy(block, nonce, 12);
    block[12] = block[13] = block[14] = 0;
    block[15] = 1;
    ref_aes(key, block);
    for (int i = 0; i < 8; i++) {
        tag[i] = (bu8)(block[i] ^ (xh >> (56 - 8 * i)));
        tag[8 + i] = (bu8)(block[8 + i] ^ (xl >> (56 - 8 * i)));
    }
}

static void test_aes(void)
{
    bu8 key[16], block[16], want[16];
    bolt_aes_key k;
    hex("000102030405060708090a0b0c0d0e0f", key, 16);
    hex("00112233445566778899aabbccddeeff", block, 16);
    hex("69c4e0d86a7b0430d8cdb78070b4c55a", want, 16);
    bolt_aes_setkey(key, &k);
    bolt_aes_encrypt_block(&k, block);
    expect(memcmp(block, want, 16) == 0, "AES-128 FIPS-197 C.1");

    /* Every S-box entry (through the key schedule's SubWord), then 32 random blocks at once under random keys (every
     * slot of a bitsliced batch) against the reference. */
    int bad = 0;
    for (bu32 x = 0; x < 256; x++) bad += bolt_sub_word(x | ((x ^ 0x5a) << 8) | ((x ^ 0xa5) << 16) | ((255 - x) << 24))
        != ((bu32)ref_sbox[x] | ((bu32)ref_sbox[x ^ 0x5a] << 8) | ((bu32)ref_sbox[x ^ 0xa5] << 16) | ((bu32)ref_sbox[255 - x] << 24));
    expect(bad == 0, "SubWord equals the S-box on all 256 bytes");
    bad = 0;
    for (int t = 0; t < 200; t++) {
        bu8 blocks[TEST_BATCH][16], want32[TEST_BATCH][16];
        bu32 w[4 * TEST_BATCH];
        int n = 1 + (int)(rnd() % TEST_BATCH);
        for (int i = 0; i < 16; i++) key[i] = (bu8)rnd();
        bolt_aes_setkey(key, &k);
        for (int b = 0; b < n; b++) {
            for (int i = 0; i < 16; i++) blocks[b][i] = want32[b][i] = (bu8)rnd();
            ref_aes(key, want32[b]);
            for (int i = 0; i < 4; i++) w[4 * b + i] = bolt_le32(blocks[b] + 4 * i);
        }
#if BOLT_CRYPTO_PIPELINED
        for (int b = 0; b < n; b++) bolt_aes_block(&k, w + 4 * b);
#else
        bolt_aes_blocks(&k, w, n);
#endif
        for (int b = 0; b < n; b++) {
            for (int i = 0; i < 4; i++) bolt_put32(blocks[b] + 4 * i, w[4 * b + i]);
            bad += memcmp(blocks[b], want32[b], 16) != 0;
        }
    }
    expect(bad == 0, "AES-128 equals the reference AES on random keys and blocks (every batch slot)");
}

static void test_gcm_vectors(void)
{
    /* The GCM specification's test cases 2 and 3 (AES-128, no AAD; 1 and 4 blocks) and 4's AAD with case 3's
     * 64 bytes, whose tag the reference supplies. */
    bolt_gcm_key k;
    bu8 key[16], nonce[12], data[64], want[64], tag[16], want_tag[16];
    memset(key, 0, 16);
    memset(nonce, 0, 12);
    memset(data, 0, 16);
    bolt_gcm_setkey(&k, key);
    bolt_gcm_seal_local_aad(&k, nonce, NULL, 0, data, 16, tag);
    hex("0388dace60b6a392f328c2b971b2fe78", want, 16);
    hex("ab6e47d42cec13bdf53a67b21257bddf", want_tag, 16);
    expect(memcmp(data, want, 16) == 0 && memcmp(tag, want_tag, 16) == 0, "GCM test case 2");

    hex("feffe9928665731c6d6a8f9467308308", key, 16);
    hex("cafebabefacedbaddecaf888", nonce, 12);
    hex("d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255",
        data, 64);
    hex("42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091473f5985",
        want, 64);
    hex("4d5c2af327cd64a62cf35abd2ba6fab4", want_tag, 16);
    bolt_gcm_setkey(&k, key);
    bolt_gcm_seal_local_aad(&k, nonce, NULL, 0, data, 64, tag);
    expect(memcmp(data, want, 64) == 0 && memcmp(tag, want_tag, 16) == 0, "GCM test case 3 (one aggregated step)");
    expect(bolt_gcm_open_local_aad(&k, nonce, NULL, 0, data, 64, tag) == 1, "GCM test case 3 opens");
    hex("d9313225f88406e5a55909c5aff5269a", want, 16);
    expect(memcmp(data, want, 16) == 0, "GCM test case 3 decrypts");
}

static void test_multiply(void)
{
    /* One aggregated GHASH step (the formulation's multiplier, 1..LANES blocks, zero or random X) against the bitwise
     * Horner evaluation, on random and all-ones inputs (the latter carry the most in the integer products). */
    int bad = 0;
    for (int t = 0; t < 20000; t++) {
        bu8 key[16];
        bu64 c[2 * BOLT_GHASH_LANES];
        int n = 1 + (int)(rnd() % BOLT_GHASH_LANES);
        for (int i = 0; i < 16; i++) key[i] = (bu8)rnd();
        for (int i = 0; i < 2 * n; i++) c[i] = t < 4 && (t & 1) ? ~(bu64)0 : rnd();
        bolt_gcm_key k;
        bolt_gcm_state st;
        bolt_gcm_setkey(&k, key);
        if (t < 4 && (t & 2)) {
            k.pow_hi[0] = k.pow_lo[0] = ~(bu64)0; /* H all ones: the powers and lanes follow from it */
            for (int i = 1; i < BOLT_GHASH_LANES; i++) {
                bu64 ph = k.pow_hi[i - 1], pl = k.pow_lo[i - 1];
                bolt_gf_mul(&ph, &pl, k.pow_hi[0], k.pow_lo[0]);
                k.pow_hi[i] = ph;
                k.pow_lo[i] = pl;
            }
#if !BOLT_CRYPTO_PIPELINED && !BOLT_CRYPTO_AESNI
            for (int j = 0; j < BOLT_GHASH_LANES; j++) {
                k.lanes.hi[j] = k.pow_hi[BOLT_GHASH_LANES - 1 - j];
                k.lanes.lo[j] = k.pow_lo[BOLT_GHASH_LANES - 1 - j];
            }
            k.lanes.mid = k.lanes.hi ^ k.lanes.lo;
            k.lanes.hir = k.lanes.hi;
            k.lanes.lor = k.lanes.lo;
            bolt_rev64_v8(&k.lanes.hir);
            bolt_rev64_v8(&k.lanes.lor);
            k.lanes.midr = k.lanes.hir ^ k.lanes.lor;
#endif
        }
        st.xh = t % 3 == 0 ? 0 : rnd();
        st.xl = t % 3 == 0 ? 0 : rnd();
        bu64 rh = st.xh, rl = st.xl;
        for (int i = 0; i < n; i++) {
            rh ^= c[2 * i];
            rl ^= c[2 * i + 1];
            bolt_gf_mul(&rh, &rl, k.pow_hi[0], k.pow_lo[0]);
        }
        bolt_ghash_step(&k, &st, c, n);
        bad += st.xh != rh || st.xl != rl;
    }
    expect(bad == 0, "an aggregated GHASH step equals the bitwise Horner evaluation");
}

static void test_random_messages(void)
{
    /* Random keys, nonces, AAD lengths 0..32 and 0..40 blocks: local and global entry points equal the reference;
     * a flipped bit in the ciphertext, the AAD or the tag fails open, and open still decrypts. */
    static bu8 plain[640], local[640], global[640], ref[640];
    int mismatches = 0, forged = 0, undecrypted = 0;
    for (int t = 0; t < 400; t++) {
        bu8 key[16], nonce[12], aad[32], tag_ref[16], tag_local[16], tag_global[16];
        bu64 len = 16 * (rnd() % 41), aad_len = rnd() % 33;
        for (int i = 0; i < 16; i++) key[i] = (bu8)rnd();
        for (int i = 0; i < 12; i++) nonce[i] = (bu8)rnd();
        for (int i = 0; i < 32; i++) aad[i] = (bu8)rnd();
        for (bu64 i = 0; i < len; i++) plain[i] = (bu8)rnd();
        bolt_gcm_key k;
        bolt_gcm_setkey(&k, key);
        reference_seal(key, nonce, aad, aad_len, plain, ref, len, tag_ref);
        memcpy(local, plain, len);
        bolt_gcm_seal_local_aad(&k, nonce, aad, aad_len, local, len, tag_local);
        bolt_gcm_seal(&k, nonce, aad, aad_len, plain, global, len, tag_global);
        mismatches += memcmp(local, ref, len) != 0 || memcmp(global, ref, len) != 0 || memcmp(tag_local, tag_ref, 16) != 0
            || memcmp(tag_global, tag_ref, 16) != 0;
        if (bolt_gcm_open_local_aad(&k, nonce, aad, aad_len, local, len, tag_ref) != 1 || memcmp(local, plain, len) != 0) mismatches++;
        if (bolt_gcm_open(&k, nonce, aad, aad_len, global, global, len, tag_ref) != 1 || memcmp(global, plain, len) != 0) mismatches++;

        int where = (int)(rnd() % 3);
        memcpy(local, ref, len);
        if (where == 0 && len > 0) local[rnd() % len] ^= (bu8)(1u << (rnd() % 8));
        else if (where == 1 && aad_len > 0) aad[rnd() % aad_len] ^= 1;
        else tag_ref[rnd() % 16] ^= 0x80;
        forged += bolt_gcm_open_local_aad(&k, nonce, aad, aad_len, local, len, tag_ref);
        int differing = 0;
        for (bu64 i = 0; i < len; i++) differing += local[i] != plain[i];
        undecrypted += differing > 1;
    }
    expect(mismatches == 0, "seal/open (local and global) equal the reference GCM");
    expect(forged == 0, "a flipped bit in ciphertext, AAD or tag fails open");
    expect(undecrypted == 0, "open decrypts whatever the verdict");
}

int main(void)
{
    ref_init();
    test_aes();
    test_gcm_vectors();
    test_multiply();
    test_random_messages();
    printf("bolt-crypto-test (%s formulation): %s\n", BOLT_CRYPTO_PIPELINED ? "pipelined" : BOLT_CRYPTO_AESNI ? "AES-NI" : "bitsliced", failures ? "FAILED" : "passed");
    return failures ? 1 : 0;
}
