package org.inspectsync.server.evidence;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;

/**
 * The image types the app produces, recognised by their first bytes, never by a file name or a
 * declared Content-Type. Pure.
 */
public final class ImageType {

  /** How many first bytes {@link #sniff} needs to decide. */
  public static final int HEAD = 12;

  private static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF};
  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
  /** Major brands of HEIC (HEVC-coded) images and image sequences. */
  private static final Set<String> HEIC_BRANDS = Set.of("heic", "heix", "hevc", "hevx", "heim", "heis");
  /** Major brands of the generic HEIF image and sequence structures that phones also write. */
  private static final Set<String> HEIF_BRANDS = Set.of("mif1", "msf1");

  private ImageType() {
  }

  /**
   * The media type of an image that starts with {@code head}, or null when it is none of JPEG,
   * PNG, WebP or HEIC/HEIF. Fewer than {@link #HEAD} bytes are judged as they are (a file that
   * short is not an image the app made).
   */
  public static String sniff(byte[] head) {
    if (startsWith(head, 0, JPEG)) {
      return "image/jpeg";
    }
    if (startsWith(head, 0, PNG)) {
      return "image/png";
    }
    if (head.length >= HEAD && ascii(head, 0).equals("RIFF") && ascii(head, 8).equals("WEBP")) {
      return "image/webp";
    }
    // ISO base media file: a box size, then the "ftyp" box type, then the major brand.
    if (head.length >= HEAD && ascii(head, 4).equals("ftyp")) {
      String brand = ascii(head, 8);
      if (HEIC_BRANDS.contains(brand)) {
        return "image/heic";
      }
      if (HEIF_BRANDS.contains(brand)) {
        return "image/heif";
      }
    }
    return null;
  }

  private static boolean startsWith(byte[] bytes, int at, byte[] prefix) {
    return bytes.length >= at + prefix.length
        && Arrays.equals(bytes, at, at + prefix.length, prefix, 0, prefix.length);
  }

  private static String ascii(byte[] bytes, int at) {
    return new String(bytes, at, 4, StandardCharsets.ISO_8859_1);
  }
}
