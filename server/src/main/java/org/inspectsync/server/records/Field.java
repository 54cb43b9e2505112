package org.inspectsync.server.records;

import java.util.List;
import org.inspectsync.protocol.RecordType;

/**
 * One field of a synced record: its wire name, its column, and what a phone may put in it.
 *
 * @param name the wire name in a mutation's {@code data}
 * @param column the column it is stored in
 * @param kind how the value is decoded and checked
 * @param required a create must carry it
 * @param nullable a phone may set it to null (absent on create means the column's default)
 * @param phoneWritable phones may set it; otherwise it is read-only on the wire
 * @param fixedAtCreate an update may not change it (it anchors derived data)
 * @param partOfDocument part of a legal document: never changed once the document is signed or issued
 * @param words the allowed words of an ENUM or STATUS field, in order for STATUS
 * @param references the record type a REFERENCE field points to
 * @param min lower bound for numbers, minimum length for text
 * @param max upper bound for numbers, maximum length for text
 */
public record Field(
    String name,
    String column,
    FieldKind kind,
    boolean required,
    boolean nullable,
    boolean phoneWritable,
    boolean fixedAtCreate,
    boolean partOfDocument,
    List<String> words,
    RecordType references,
    double min,
    double max) {

  public static Field text(String name, String column, int maxLength) {
    return new Field(name, column, FieldKind.TEXT, false, true, true, false, false, List.of(), null, 0, maxLength);
  }

  public static Field integer(String name, String column, int min, int max) {
    return new Field(name, column, FieldKind.INTEGER, false, true, true, false, false, List.of(), null, min, max);
  }

  public static Field number(String name, String column, double min, double max) {
    return new Field(name, column, FieldKind.NUMBER, false, true, true, false, false, List.of(), null, min, max);
  }

  public static Field date(String name, String column) {
    return new Field(name, column, FieldKind.DATE, false, true, true, false, false, List.of(), null, 0, 0);
  }

  public static Field timestamp(String name, String column) {
    return new Field(name, column, FieldKind.TIMESTAMP, false, true, true, false, false, List.of(), null, 0, 0);
  }

  public static Field oneOf(String name, String column, String... words) {
    return new Field(name, column, FieldKind.ENUM, false, true, true, false, false, List.of(words), null, 0, 0);
  }

  /** A status that moves forward through {@code order}; phones may write exactly these words. */
  public static Field status(String name, String column, String... order) {
    return new Field(name, column, FieldKind.STATUS, false, false, true, false, false, List.of(order), null, 0, 0);
  }

  public static Field creditCode(String name, String column) {
    return new Field(name, column, FieldKind.CREDIT_CODE, false, true, true, false, false, List.of(), null, 0, 0);
  }

  public static Field reference(String name, String column, RecordType target) {
    return new Field(name, column, FieldKind.REFERENCE, false, true, true, false, false, List.of(), target, 0, 0);
  }

  public static Field checklist(String name) {
    return new Field(name, null, FieldKind.CHECKLIST, false, true, true, false, false, List.of(), null, 0, 200);
  }

  /** A field the server fills and phones only read; {@code kind} is how it is rendered. */
  public static Field readOnly(String name, String column) {
    return new Field(name, column, FieldKind.TEXT, false, true, false, false, false, List.of(), null, 0, 0);
  }

  public Field mustBeGiven() {
    return new Field(name, column, kind, true, false, phoneWritable, fixedAtCreate, partOfDocument, words, references,
        min, max);
  }

  /** Optional on create (the column has a default) but never null. */
  public Field neverNull() {
    return new Field(name, column, kind, required, false, phoneWritable, fixedAtCreate, partOfDocument, words,
        references, min, max);
  }

  public Field fixedOnceCreated() {
    return new Field(name, column, kind, required, nullable, phoneWritable, true, partOfDocument, words, references,
        min, max);
  }

  /** Part of the legal document: frozen once the document is signed (a check) or issued (a notice). */
  public Field ofDocument() {
    return new Field(name, column, kind, required, nullable, phoneWritable, fixedAtCreate, true, words, references,
        min, max);
  }

  public static Field bool(String name, String column) {
    return new Field(name, column, FieldKind.BOOLEAN, false, false, true, false, false, List.of(), null, 0, 0);
  }

  /** Evidence photos by SHA-256: a set that only grows. */
  public static Field hashes(String name, String column) {
    return new Field(name, column, FieldKind.HASHES, false, false, true, false, false, List.of(), null, 0, 50);
  }

  /** One evidence file by SHA-256 (a signature image); merges like any single value. */
  public static Field hash(String name, String column) {
    return new Field(name, column, FieldKind.HASH, false, true, true, false, false, List.of(), null, 0, 0);
  }

  /** Notes {id, text}: a set that only grows. */
  public static Field notes(String name, String column) {
    return new Field(name, column, FieldKind.NOTES, false, false, true, false, false, List.of(), null, 0, 200);
  }

  /** The earlier version of the same document that a new one replaces; set on create only. */
  public static Field supersedes(String name, String column, RecordType type) {
    return new Field(name, column, FieldKind.SUPERSEDES, false, true, true, true, false, List.of(), type, 0, 0);
  }
}
