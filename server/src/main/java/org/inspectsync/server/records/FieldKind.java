package org.inspectsync.server.records;

/** The kinds of value a synced field can hold, each with its own decoding rule in {@link FieldDecoder}. */
public enum FieldKind {
  /** A string up to the field's maximum length. */
  TEXT,
  /** A whole number within the field's bounds. */
  INTEGER,
  /** A number within the field's bounds. */
  NUMBER,
  /** A calendar date, {@code YYYY-MM-DD}. */
  DATE,
  /** An instant, ISO-8601 with an offset, as the phone's clock saw it; returned in UTC. Never used to order anything. */
  TIMESTAMP,
  /** One of a fixed set of words. */
  ENUM,
  /** One of an ordered set of words that may only move forward (see {@link StatusRule}). */
  STATUS,
  /** A unified social credit code (see {@link CreditCode}). */
  CREDIT_CODE,
  /** The id of another synced record, which must exist in the caller's station. */
  REFERENCE,
  /** A market check's checklist results: an array of {code, result, remark}. */
  CHECKLIST,
  /** true or false. */
  BOOLEAN,
  /** One SHA-256 hash of an evidence file (a signature image), or null: a plain value, merged like text. */
  HASH,
  /** A set of SHA-256 hashes (evidence photos): updates add to it, never remove. */
  HASHES,
  /** A set of notes {id, text}: updates add to it, never remove. */
  NOTES,
  /** The id of an earlier version of the same legal document, which this one supersedes. */
  SUPERSEDES
}
