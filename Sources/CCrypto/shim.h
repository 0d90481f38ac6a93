#ifndef CALLMETER_CCRYPTO_SHIM_H
#define CALLMETER_CCRYPTO_SHIM_H
#include <openssl/evp.h>
#include <openssl/sha.h>
#include <openssl/rand.h>
#include <string.h>

// HMAC-SHA256 with the key's inner and outer hash states computed once (RFC 2104), so that a
// pseudonym costs two SHA-256 finishes instead of a fresh MAC context per call record.
typedef struct {
    SHA256_CTX inner;
    SHA256_CTX outer;
} callmeter_hmac_sha256_key;

static inline void callmeter_hmac_sha256_init(callmeter_hmac_sha256_key *state, const unsigned char *key, size_t length) {
    unsigned char block[64];
    unsigned char pad[64];
    memset(block, 0, sizeof block);
    if (length > sizeof block) {
        SHA256(key, length, block);
    } else if (length > 0) {
        memcpy(block, key, length);
    }
    for (int i = 0; i < 64; i++) pad[i] = block[i] ^ 0x36;
    SHA256_Init(&state->inner);
    SHA256_Update(&state->inner, pad, sizeof pad);
    for (int i = 0; i < 64; i++) pad[i] = block[i] ^ 0x5c;
    SHA256_Init(&state->outer);
    SHA256_Update(&state->outer, pad, sizeof pad);
}

static inline void callmeter_hmac_sha256(const callmeter_hmac_sha256_key *state, const void *message, size_t length, unsigned char out[32]) {
    unsigned char inner[32];
    SHA256_CTX context = state->inner;
    SHA256_Update(&context, message, length);
    SHA256_Final(inner, &context);
    context = state->outer;
    SHA256_Update(&context, inner, sizeof inner);
    SHA256_Final(out, &context);
}

static inline int callmeter_sha256_one_shot(const void *data, size_t length, unsigned char out[32]) {
    return SHA256(data, length, out) != 0;
}
#endif
