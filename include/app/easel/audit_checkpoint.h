/*
 * easel/audit_checkpoint.h — anchoring the audit chain outside the database. A checkpoint is
 * one line, "easel-audit-checkpoint/1 ROW HASH AT SIGNATURE": the log's head row and hash at
 * time AT (epoch ms), signed with an Ed25519 key the practice keeps away from the database
 * (easel/crypto.h). Someone who can write to the database can rewrite the log and recompute
 * every hash, but cannot sign a new checkpoint: verifying the checkpoints finds the rewrite
 * (the row a checkpoint names no longer has its hash) and a cut tail (the row is gone).
 *
 * Key files: "easel-ed25519-secret/1 HEX" (keep it 0600, off the database server) and
 * "easel-ed25519-public/1 HEX".
 *
 * Owns: nothing; lines are written into the caller's buffer. Fails: EASEL_EINVAL naming the
 * checkpoint line or the key, EASEL_EINVAL from easel_audit_verify when the chain itself is
 * broken (no checkpoint of a tampered log is signed), or the store's error.
 */
#ifndef EASEL_AUDIT_CHECKPOINT_H
#define EASEL_AUDIT_CHECKPOINT_H

#include "easel/store.h"
#include "easel/util.h"

/* A new key pair as the two key-file texts (each one line). */
int easel_audit_keygen(struct easel_buf *secret_file, struct easel_buf *public_file,
                       struct easel_error *err);
/* Verify the chain, then append a checkpoint line of its head, signed with the key in
   secret_file (its text), to out. */
int easel_audit_checkpoint(struct easel_store *s, const char *secret_file, struct easel_buf *out,
                           struct easel_error *err);
/* Check every line of a checkpoint file against the log with the key in public_file (its
   text): the signature, and that the row it names is in the log with the hash it recorded.
   *checked: the lines checked. */
int easel_audit_checkpoints_verify(struct easel_store *s, const char *public_file, const char *text,
                                   size_t len, int64_t *checked, struct easel_error *err);

#endif
