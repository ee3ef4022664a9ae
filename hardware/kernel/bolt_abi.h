/* The ABI shared by the kernel, the C-simulation testbench and the C# host (hardware/SPEC.md §2, §4, §5, §8).
 * Every number here has a C# twin (Bolt.Core.Abi.*Layout, Bolt.OpenCl.KernelAbi); the test
 * KernelAbiHeaderTests parses this file and asserts they agree, so change both or neither. */
#ifndef BOLT_ABI_H
#define BOLT_ABI_H

/* Slot (SPEC §2): digest[16] | meta u32 (bit 31 occupied, bits 0..30 length) | value, zero padded. */
#define BOLT_SLOT_DIGEST_OFFSET 0
#define BOLT_SLOT_META_OFFSET 16
#define BOLT_SLOT_VALUE_OFFSET 20
#define BOLT_SLOT_OCCUPIED_BIT 0x80000000u

/* Host page (SPEC §5): version u64 | page index u32 | magic u32 | ciphertext | tag[16]. */
#define BOLT_PAGE_VERSION_OFFSET 0
#define BOLT_PAGE_INDEX_OFFSET 8
#define BOLT_PAGE_MAGIC_OFFSET 12
#define BOLT_PAGE_HEADER_BYTES 16
#define BOLT_PAGE_TAG_BYTES 16
#define BOLT_PAGE_MAGIC 0x544C4F42u

/* Position-map entry (SPEC §4), 32 bytes = 4 u64 words: lo | hi | cand1 (low 32) + cand2 (high 32) |
 * home (low 32) + rec (high 32). */
#define BOLT_POSITION_ENTRY_BYTES 32
#define BOLT_POSITION_ENTRY_WORDS 4
#define BOLT_POSITION_CAND1_OFFSET 16
#define BOLT_POSITION_CAND2_OFFSET 20
#define BOLT_POSITION_HOME_OFFSET 24
#define BOLT_POSITION_REC_OFFSET 28
#define BOLT_PROBE_WINDOW 64
#define BOLT_STASH_HOME 0xFFFFFFFFu
#define BOLT_NO_RECORD 0xFFFFFFFFu

/* Command (SPEC §8): op u32 | length u32 | reserved u64 | digest[16] | value. */
#define BOLT_CMD_OP_OFFSET 0
#define BOLT_CMD_LENGTH_OFFSET 4
#define BOLT_CMD_DIGEST_OFFSET 16
#define BOLT_CMD_VALUE_OFFSET 32

/* Response (SPEC §8): status u32 | length u32 | flags u32 | reserved u32 | value. */
#define BOLT_RSP_STATUS_OFFSET 0
#define BOLT_RSP_LENGTH_OFFSET 4
#define BOLT_RSP_FLAGS_OFFSET 8
#define BOLT_RSP_VALUE_OFFSET 16
#define BOLT_RSP_FLAG_WAS_PRESENT 1u

#define BOLT_OP_GET 1u
#define BOLT_OP_PUT 2u
#define BOLT_OP_DELETE 3u

#define BOLT_STATUS_OK 0u
#define BOLT_STATUS_NOT_FOUND 1u
#define BOLT_STATUS_CAPACITY_EXCEEDED 2u
#define BOLT_STATUS_STASH_OVERFLOW 3u
#define BOLT_STATUS_VALUE_TOO_LARGE 4u
#define BOLT_STATUS_INVALID_COMMAND 5u
#define BOLT_STATUS_INVALID_KEY 6u
#define BOLT_STATUS_INTEGRITY_VIOLATION 7u
#define BOLT_STATUS_HALTED 8u

/* PRNG domains (SPEC §3). */
#define BOLT_DOMAIN_ACCESS 0u
#define BOLT_DOMAIN_LOAD 1u
#define BOLT_DOMAIN_SESSION 2u
#define BOLT_DOMAIN_DUMMY 3u

/* Sealed channel (SPEC §10). Frame: session u64 | sequence u64 | count u32 | kind u32 | ciphertext | tag[16]. */
#define BOLT_FRAME_SEQUENCE_OFFSET 8
#define BOLT_FRAME_COUNT_OFFSET 16
#define BOLT_FRAME_KIND_OFFSET 20
#define BOLT_FRAME_HEADER_BYTES 24
#define BOLT_FRAME_TAG_BYTES 16
#define BOLT_FRAME_COMMANDS 1u
#define BOLT_FRAME_RESPONSES 2u
#define BOLT_FRAME_LOAD 3u
#define BOLT_FRAME_MAX_RECORDS 4096
/* Hellos: client = nonce[16]; device = session u64 | 0 u64 | device nonce[16] | confirmation[16]. */
#define BOLT_HELLO_CLIENT_BYTES 16
#define BOLT_HELLO_DEVICE_BYTES 48
#define BOLT_HELLO_NONCE_OFFSET 16
#define BOLT_HELLO_CONFIRM_OFFSET 32
/* The session table, device-private, at the start of scratch: last session id u64, then
 * config[BOLT_ST_SESSION_SLOTS] slots of id u64 | next sequence u64 | K_cmd[16] | K_rsp[16] | tag[16] of the last executed
 * command frame | bytes u64 of its cached response frame (0 = none) (id 0 = empty). After the table, the response
 * cache: config[BOLT_ST_SESSION_SLOTS] slots of FrameBytes(BOLT_FRAME_MAX_RECORDS, ResponseBytes), one per session slot,
 * holding the sealed response frame of that session's last executed command frame (SPEC §10.4). */
#define BOLT_SESSION_SLOT_BYTES 72
#define BOLT_SESSION_TAG_OFFSET 48
#define BOLT_SESSION_CACHED_OFFSET 64
/* Channel faults (Bolt.Core.Channel.ChannelFault), reported as status BOLT_CALL_CHANNEL_FAULT + fault. */
#define BOLT_FAULT_MALFORMED 1u
#define BOLT_FAULT_UNKNOWN_SESSION 2u
#define BOLT_FAULT_REPLAYED 3u
#define BOLT_FAULT_OUT_OF_ORDER 4u
#define BOLT_FAULT_BAD_TAG 5u
#define BOLT_FAULT_HANDSHAKE 6u

/* Kernel modes. */
#define BOLT_MODE_INIT 0u
#define BOLT_MODE_EXECUTE 1u
#define BOLT_MODE_HELLO 2u
#define BOLT_MODE_INIT_SEALED 3u
#define BOLT_MODE_EXECUTE_SEALED 4u
#define BOLT_MODE_PROVISION 5u
/* Several sealed command frames in one call (multi-frame submission): count frames. Input: count entries of three
 * u64 (frame bytes, link_in cycles, link_out cycles), then the frames back to back. Output: count entries of two u64
 * (call status as BOLT_MODE_EXECUTE_SEALED reports it, response frame bytes), then frame i's response frame at the
 * sum of the earlier frames' FrameBytes(records, response bytes), records = (frame bytes - overhead) / command bytes
 * (0 below the overhead). */
#define BOLT_MODE_EXECUTE_FRAMES 7u
/* Sealed checkpoints (SPEC §12, bolt_checkpoint.h). Export: input = a checkpoint header (count = its bytes); output =
 * the header as the device completed it, then the sealed image (result bytes = both). Import: input = header and sealed
 * image (count = their bytes), link_out = the lowest counter value the caller accepts. */
#define BOLT_MODE_CHECKPOINT_EXPORT 6u
#define BOLT_MODE_CHECKPOINT_IMPORT 8u
/* A new lifetime (SPEC §12): input = the 16-byte lifetime nonce; every sealed page is re-sealed under the new page key. */
#define BOLT_MODE_NEW_LIFETIME 9u
/* The checkpoint header (Bolt.Core.Durability.CheckpointHeader): magic[8] | format u32 | 0 u32 | number u64 | commit
 * u64 | counter u64 | salt[16] | device id[16] | image bytes u64 | host bytes u64 | host digest[32]. */
#define BOLT_CHECKPOINT_HEADER_BYTES 120
#define BOLT_CHECKPOINT_COMMIT_OFFSET 24
#define BOLT_CHECKPOINT_COUNTER_OFFSET 32
#define BOLT_CHECKPOINT_SALT_OFFSET 40
#define BOLT_CHECKPOINT_DEVICE_ID_OFFSET 56
#define BOLT_CHECKPOINT_IMAGE_BYTES_OFFSET 72
#define BOLT_IMAGE_CHUNK_BYTES 1048576
#define BOLT_IMAGE_PARAMETER_WORDS 15
#define BOLT_IMAGE_MAGIC BOLT_U64(0x31474d49544c4f42) /* "BOLTIMG1" */
#define BOLT_FRAMES_ENTRY_BYTES 24
#define BOLT_FRAMES_RESULT_BYTES 16

/* Provisioning input (SPEC §11): the root key sealed to this device (AES-128-GCM under the device-unique key,
 * nonce 12 bytes, AAD = the 16-byte label "BOLT-PROVISION"), then the lifetime entropy (16 bytes). */
#define BOLT_PROVISION_NONCE_BYTES 12
#define BOLT_PROVISION_BLOB_BYTES 44
#define BOLT_PROVISION_INPUT_BYTES 60
#define BOLT_PROVISIONED_MAGIC 0x44454E4F49535652u

/* Three word buffers (SPEC §11). Words 0..31 are the CONFIG buffer: parameters and timing, public, written by the
 * host (the load's HBM time before an init). Timing words are cycle counts the host derives from the platform
 * preset (sim/Bolt.Sim/Timing/Platforms), so the kernel's schedule is integer-only and exact. Words 32..127 are the
 * device-private STATE buffer (BOLT_STATE_WORDS words, indexed from 0; 0..31 unused): counters, keys, the
 * lifetime. The host never reads or writes it: on a board it is HBM the shell must keep from host DMA. The PUBLIC
 * status buffer (BOLT_PUB_*) is written by the kernel at the end of every call and is all the host may read. */
#define BOLT_ST_CAPACITY 0
#define BOLT_ST_BINS 1
#define BOLT_ST_HBM_BINS 2
#define BOLT_ST_HOST_PAGES 3
#define BOLT_ST_SLOTS_PER_BIN 4
#define BOLT_ST_SLOT_BYTES 5
#define BOLT_ST_PAGE_BYTES 6
#define BOLT_ST_VALUE_SIZE 7
#define BOLT_ST_STASH_CAPACITY 8
#define BOLT_ST_RECORDS 9
#define BOLT_ST_POSITION_SLOTS 10
#define BOLT_ST_PROBE_WINDOW 11
#define BOLT_ST_COMMAND_BYTES 12
#define BOLT_ST_RESPONSE_BYTES 13
/* Pipelined timing words (SPEC §9.2): the probe window's striped burst, the GHASH units' tail, a page's GHASH
 * pass, the response select, the GHASH rate (bytes per cycle). */
#define BOLT_ST_T_WINDOW_STRIPED 14
#define BOLT_ST_T_GHASH_TAIL 15
#define BOLT_ST_T_PAGE_GHASH 29
#define BOLT_ST_T_RESPONSE_SELECT 30
#define BOLT_ST_T_GHASH_BYTES_PER_CYCLE 31
#define BOLT_ST_T_ROUND_TRIP 16
#define BOLT_ST_T_PAGE_LINK 17
#define BOLT_ST_T_PAGE_AES 18
#define BOLT_ST_T_AES_FILL 19
#define BOLT_ST_T_HBM_LATENCY 20
#define BOLT_ST_T_WINDOW_HBM 21
#define BOLT_ST_T_RECORD_HBM 22
#define BOLT_ST_T_MODIFY 23
#define BOLT_ST_T_TURNAROUND 24
#define BOLT_ST_T_LOAD_HBM 25
#define BOLT_ST_T_AES_BYTES_PER_CYCLE 26
#define BOLT_ST_SESSION_SLOTS 27
#define BOLT_ST_T_PIPELINE_DEPTH 28
#define BOLT_ST_ITEMS 32
#define BOLT_ST_STASH_COUNT 33
#define BOLT_ST_ACCESS_SEQ 34
#define BOLT_ST_STASH_FULL 35
#define BOLT_ST_FREE_COUNT 36
#define BOLT_ST_STATUS 37
#define BOLT_ST_ERROR_INDEX 38
#define BOLT_ST_TRACE_ROWS 39
#define BOLT_ST_INTEGRITY_FAILURES 40
#define BOLT_ST_LAST_FAILED_PAGE 41
#define BOLT_ST_INITIALISED 42
#define BOLT_ST_FRAMES_REJECTED 43
#define BOLT_ST_RESULT_BYTES 44
#define BOLT_ST_CHANNEL_READY 45
#define BOLT_ST_FRAMES_RETRANSMITTED 46
/* The device's commit number (hardware/SPEC.md §12): sessions opened, load and command frames executed, over the
 * device's whole history; every response frame carries it in place of the session id. */
#define BOLT_ST_COMMITS 47
#define BOLT_ST_LINK_IN_FREE 48
#define BOLT_ST_LINK_OUT_FREE 49
#define BOLT_ST_PM_FREE 50
#define BOLT_ST_REC_FREE 51
#define BOLT_ST_CRYPTO_FREE 52
#define BOLT_ST_DEVICE_FREE 53
#define BOLT_ST_HOST_READY 54
#define BOLT_ST_LOAD_PLACED 55
#define BOLT_ST_ROOT_KEY_LO 56
#define BOLT_ST_ROOT_KEY_HI 57
#define BOLT_ST_LIFETIME_LO 58
#define BOLT_ST_LIFETIME_HI 59
#define BOLT_ST_PROVISIONED 60
#define BOLT_ST_HALTED 61
#define BOLT_ST_OPS 62
#define BOLT_ST_BATCHES 63
/* The pipelined schedule's resources (SPEC §9.2), device-private like the rest of the schedule state: the
 * lookup and modify stages, the seal and frame GCM engines, the record read and write channels, accesses so far,
 * up to two write-backs waiting for the link (op, ready, page, slot each), and the end cycle of each in-flight
 * slot (BOLT_PIPELINE_MAX_DEPTH words). */
#define BOLT_ST_PIPE_LOOKUP_FREE 64
#define BOLT_ST_PIPE_MODIFY_FREE 65
#define BOLT_ST_PIPE_SEAL_FREE 66
#define BOLT_ST_PIPE_FRAME_FREE 67
#define BOLT_ST_PIPE_REC_READ_FREE 68
#define BOLT_ST_PIPE_REC_WRITE_FREE 69
#define BOLT_ST_PIPE_ACCESSES 70
#define BOLT_ST_PIPE_PENDING 71
#define BOLT_ST_PIPE_WRITES 72
/* Keystreams computed ahead (the next command frame's first record, this batch's response frame) and the seal
 * frame and open GHASH units. */
#define BOLT_ST_PIPE_FRAME_KEYSTREAM 80
#define BOLT_ST_PIPE_RESPONSE_KEYSTREAM 81
#define BOLT_ST_PIPE_SEAL_GHASH_FREE 82
#define BOLT_ST_PIPE_FRAME_GHASH_FREE 83
#define BOLT_ST_PIPE_OPEN_GHASH_FREE 84
#define BOLT_ST_PIPE_ENDS 96
#define BOLT_PIPELINE_MAX_DEPTH 32
#define BOLT_STATE_WORDS 128
#define BOLT_CONFIG_WORDS 32

/* The public status record: copies of the private words the host may know. */
#define BOLT_PUB_STATUS 0
#define BOLT_PUB_ERROR_INDEX 1
#define BOLT_PUB_TRACE_ROWS 2
#define BOLT_PUB_RESULT_BYTES 3
#define BOLT_PUB_FRAMES_REJECTED 4
#define BOLT_PUB_FRAMES_RETRANSMITTED 5
#define BOLT_PUB_INTEGRITY_FAILURES 6
#define BOLT_PUB_HALTED 7
#define BOLT_PUB_INITIALISED 8
#define BOLT_PUB_OPS 9
#define BOLT_PUB_BATCHES 10
#define BOLT_PUB_PROVISIONED 11
/* The device's public id (SPEC §12), two words. */
#define BOLT_PUB_DEVICE_ID_LO 12
#define BOLT_PUB_DEVICE_ID_HI 13
/* The device's commit number (BOLT_ST_COMMITS): public, every response frame carries it. */
#define BOLT_PUB_COMMITS 14
#define BOLT_PUBLIC_WORDS 16

/* BOLT_ST_STATUS values beyond the device statuses: a call the kernel refused outright. */
#define BOLT_CALL_NOT_INITIALISED 100u
#define BOLT_CALL_ALREADY_INITIALISED 101u
#define BOLT_CALL_BAD_MODE 102u
#define BOLT_CALL_NOT_PROVISIONED 103u
#define BOLT_CALL_BAD_PROVISION 104u
/* A checkpoint import refused (nothing changed): not authentic or not whole; another device's or map's; a counter
 * below the caller's minimum. Also an export whose header is not 120 bytes. */
#define BOLT_CALL_BAD_CHECKPOINT 105u
#define BOLT_CALL_WRONG_DEVICE 106u
#define BOLT_CALL_ROLLED_BACK 107u
#define BOLT_CALL_CHANNEL_FAULT 200u

/* Trace row (docs/design.md §5): 4 u64 words: op (signed) | cycle | address | kind (low 32) + bytes (high 32). */
#define BOLT_TRACE_ROW_WORDS 4
#define BOLT_TRACE_R 0u
#define BOLT_TRACE_W 1u
#define BOLT_TRACE_CMD 2u
#define BOLT_TRACE_RSP 3u

#endif
