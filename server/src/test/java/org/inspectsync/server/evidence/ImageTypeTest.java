package org.inspectsync.server.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Evidence types are told by their first bytes, never by a name")
class ImageTypeTest {

  /** {@code prefix} then filler up to {@code length} bytes. */
  static byte[] file(byte[] prefix, int length) {
    byte[] bytes = Arrays.copyOf(prefix, Math.max(length, prefix.length));
    for (int i = prefix.length; i < bytes.length; i++) {
      bytes[i] = (byte) (i * 31);
    }
    return bytes;
  }

  static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }

  static byte[] heif(String brand) {
    byte[] head = new byte[12];
    head[3] = 24;
    System.arraycopy(ascii("ftyp" + brand), 0, head, 4, 8);
    return head;
  }

  @Test
  @DisplayName("JPEG: FF D8 FF")
  void jpeg() {
    assertEquals("image/jpeg", ImageType.sniff(file(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0}, 64)));
    assertEquals("image/jpeg", ImageType.sniff(file(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE1}, 64)));
  }

  @Test
  @DisplayName("PNG: its eight-byte signature")
  void png() {
    assertEquals("image/png", ImageType.sniff(file(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A}, 64)));
  }

  @Test
  @DisplayName("WebP: RIFF, a length, WEBP")
  void webp() {
    byte[] head = ascii("RIFF\u0000\u0010\u0000\u0000WEBPVP8 ");
    assertEquals("image/webp", ImageType.sniff(file(head, 64)));
  }

  @ParameterizedTest(name = "HEIC brand {0}")
  @ValueSource(strings = {"heic", "heix", "hevc", "hevx", "heim", "heis"})
  void heic(String brand) {
    assertEquals("image/heic", ImageType.sniff(file(heif(brand), 64)));
  }

  @ParameterizedTest(name = "HEIF brand {0}")
  @ValueSource(strings = {"mif1", "msf1"})
  void heifBrands(String brand) {
    assertEquals("image/heif", ImageType.sniff(file(heif(brand), 64)));
  }

  @Test
  @DisplayName("near misses are refused: a JPEG cut short, a PNG with one byte wrong, RIFF that is not WebP, ftyp of a video")
  void nearMisses() {
    assertNull(ImageType.sniff(new byte[] {(byte) 0xFF, (byte) 0xD8}));
    assertNull(ImageType.sniff(file(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFE}, 64)));
    assertNull(ImageType.sniff(file(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0B}, 64)));
    assertNull(ImageType.sniff(file(ascii("RIFF\u0000\u0010\u0000\u0000WAVEfmt "), 64)));
    assertNull(ImageType.sniff(ascii("RIFF\u0000\u0010\u0000\u0000WEB")));
    assertNull(ImageType.sniff(file(heif("mp42"), 64)));
    assertNull(ImageType.sniff(file(heif("avif"), 64)));
    assertNull(ImageType.sniff(Arrays.copyOf(heif("heic"), 11)));
  }

  @Test
  @DisplayName("what the app never makes is refused: GIF, PDF, text, nothing")
  void others() {
    assertNull(ImageType.sniff(file(ascii("GIF89a"), 64)));
    assertNull(ImageType.sniff(file(ascii("%PDF-1.7\n"), 64)));
    assertNull(ImageType.sniff(file(ascii("just some text, named photo.jpg"), 64)));
    assertNull(ImageType.sniff(new byte[0]));
  }
}
