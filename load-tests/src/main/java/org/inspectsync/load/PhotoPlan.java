package org.inspectsync.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.inspectsync.protocol.client.EvidenceUpload;

/**
 * The photos of one run: a realistic mix of what inspectors' phones send, drawn from a seed. Most
 * are camera photos (JPEG, some HEIC from phones that save it, a few WebP) of 200 KB to 4 MB, with
 * a median of about 1 MB (log-normal); a share are the small PNGs of an entity representative's
 * signature, about 20 KB. Each file is its type's magic bytes followed by seeded random bytes: the
 * server decides a file's type by its first 12 bytes only, and random bytes cost the same to move,
 * hash and store as compressed image data. A photo's bytes are made again from its seed when it
 * is sent, so the run never holds more than the photos in flight.
 */
final class PhotoPlan {

  /** A file type of the mix, with its share of the photos in percent. */
  enum Kind {
    JPEG("image/jpeg", 78),
    HEIC("image/heic", 10),
    WEBP("image/webp", 4),
    PNG_SIGNATURE("image/png", 8);

    final String mediaType;
    final int percent;

    Kind(String mediaType, int percent) {
      this.mediaType = mediaType;
      this.percent = percent;
    }
  }

  /** A camera photo's size: log-normal, median 1 MB, kept within 200 KB and 4 MB. */
  static final int MEDIAN_BYTES = 1_000_000;
  static final double SIGMA = 0.7;
  static final int MIN_BYTES = 200_000;
  static final int MAX_BYTES = 4_000_000;
  /** A signature PNG: 10 KB to 40 KB, about 20 KB. */
  static final int SIGNATURE_MIN_BYTES = 10_000;
  static final int SIGNATURE_MAX_BYTES = 40_000;

  /** One photo: its type, its size, the seed of its bytes and their SHA-256. */
  record Photo(int index, Kind kind, int size, long seed, String sha256) {

    byte[] bytes() {
      return PhotoPlan.bytes(kind, size, seed);
    }
  }

  private PhotoPlan() {
  }

  /**
   * {@code count} photos drawn from {@code seed}, their hashes computed (on every core: the
   * planning is not measured). {@code sizePercent} scales every size, 100 for real phone photos.
   */
  static List<Photo> draw(int count, int sizePercent, long seed) {
    Random random = new Random(seed);
    List<Kind> kinds = new ArrayList<>();
    List<Integer> sizes = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Kind kind = kind(random.nextInt(100));
      kinds.add(kind);
      sizes.add(Math.max(64, (int) ((long) size(kind, random) * sizePercent / 100)));
    }
    return IntStream.range(0, count).parallel().mapToObj(i -> {
      long photoSeed = seed * 1_000_003L + i;
      return new Photo(i, kinds.get(i), sizes.get(i), photoSeed,
          EvidenceUpload.sha256(bytes(kinds.get(i), sizes.get(i), photoSeed)));
    }).toList();
  }

  private static Kind kind(int percentile) {
    int sum = 0;
    for (Kind kind : Kind.values()) {
      sum += kind.percent;
      if (percentile < sum) {
        return kind;
      }
    }
    return Kind.JPEG;
  }

  private static int size(Kind kind, Random random) {
    if (kind == Kind.PNG_SIGNATURE) {
      double drawn = 20_000 * Math.exp(0.3 * random.nextGaussian());
      return (int) Math.min(SIGNATURE_MAX_BYTES, Math.max(SIGNATURE_MIN_BYTES, drawn));
    }
    double drawn = MEDIAN_BYTES * Math.exp(SIGMA * random.nextGaussian());
    return (int) Math.min(MAX_BYTES, Math.max(MIN_BYTES, drawn));
  }

  /** The type's magic bytes, then random bytes from the seed. */
  static byte[] bytes(Kind kind, int size, long seed) {
    byte[] file = new byte[size];
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < size; i += 8) {
      long value = random.nextLong();
      for (int b = 0; b < 8 && i + b < size; b++) {
        file[i + b] = (byte) (value >>> (8 * b));
      }
    }
    byte[] head = switch (kind) {
      case JPEG -> new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE1};
      case PNG_SIGNATURE -> new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 'I',
          'H', 'D', 'R'};
      case WEBP -> new byte[] {'R', 'I', 'F', 'F', 0, 0, 0, 0, 'W', 'E', 'B', 'P', 'V', 'P', '8', ' '};
      case HEIC -> new byte[] {0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'h', 'e', 'i', 'c', 0, 0, 0, 0};
    };
    System.arraycopy(head, 0, file, 0, Math.min(head.length, size));
    return file;
  }

  /** Total bytes of the photos. */
  static long bytes(List<Photo> photos) {
    return photos.stream().mapToLong(Photo::size).sum();
  }

  /** "78% JPEG, 10% HEIC, ...": the mix as drawn. */
  static String mix(List<Photo> photos) {
    StringBuilder text = new StringBuilder();
    for (Kind kind : Kind.values()) {
      long n = photos.stream().filter(p -> p.kind() == kind).count();
      if (text.length() > 0) {
        text.append(", ");
      }
      text.append(String.format(Locale.ROOT, "%.0f%% %s", 100.0 * n / Math.max(1, photos.size()),
          kind.mediaType));
    }
    return text.toString();
  }

  /** The p-th percentile of the sizes (nearest rank), in bytes. */
  static long sizePercentile(List<Photo> photos, double p) {
    long[] sizes = photos.stream().mapToLong(Photo::size).sorted().toArray();
    if (sizes.length == 0) {
      return 0;
    }
    return sizes[Math.max(0, (int) Math.ceil(p / 100.0 * sizes.length) - 1)];
  }
}
